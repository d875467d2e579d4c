"""Benchmark: every dashboard page's ready time in headless Chromium beside a bare Streamlit page.

Two servers run side by side the same way (``python -m ui.serve``, same config, same machine): the
app on a fresh demo database, and a bare page (a title and one line of text). After one warm-up
load of each, every page is loaded alternately with the bare page, ``--runs`` times (5), each load
a new browser tab (a new Streamlit session, the browser cache warm as for a returning reader).

"Ready" is the app's own signal: Streamlit reports the script run finished
(``data-test-script-state="notRunning"`` on ``stApp``), the page's heading is drawn, no skeleton
remains, and every plotly chart has drawn its SVG (and a map its MapLibre canvas). The time is
``performance.now()`` at that moment, i.e. from the start of navigation.

Each load is split where the browser sees it (a wrapper around the page's WebSocket, installed before
Streamlit's own code runs, notes when each message arrives and how many bytes it carries):

- *socket*: navigation start until Streamlit's JavaScript opens its WebSocket (HTML and JS, the
  same for every page of every Streamlit app: not ours);
- *server*: from there until the last message before "ready" (the session's start and the script run
  on the server, and sending its output: ours, plus Streamlit's fixed cost that the bare page shows);
- *browser*: from the last message until "ready" (drawing what is left: charts, tables).

A page with one small plotly chart and a year select box in a fragment (and nothing else) is measured
the same way: the floor of any page that draws a chart (plotly.js loads and starts in the browser
however little the server does). Each page's ratio is printed to the bare page and to that floor.

Then the map's year change, beside the same change on the floor page (its fragment redraws its one
chart): in Chromium, from choosing another year until the map shows it, split into *server* (the
choice's message sent until the fragment run's last message arrived: the server's fragment rerun
and loopback) and *browser* (the redraw); and server-side in Streamlit's AppTest (no browser, which
reruns the whole page: an upper bound of the fragment's server time), first the page, then
``--runs`` × changing the year, each rerun timed (wall and CPU).

Prints medians, the ratio to the bare page and the targets (≤ 1.5× bare; year change < 300 ms).
Asserts nothing. ``python -m benchmarks.bench_pages [--runs 5] [--pages kart,indikator]``.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, fields
from pathlib import Path

from omrademonitor import PROJECT_ROOT
from omrademonitor.access import Permission
from omrademonitor.i18n import t
from ui import page_list

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# URL path → what the page is (anonymous reader's pages of one programme: the dashboard), from the page list
PAGES = {
    page.url or "": t(page.title, "en")
    for page in page_list.PAGES
    if page.permission == Permission.VIEW and page.programme_scoped
}
BARE_PAGE = 'import streamlit as st\n\nst.title("Bare page")\nst.write("One line of text.")\n'
# The same with one small plotly chart: the floor of any page that draws a chart (Streamlit loads and
# starts plotly.js in the browser before the chart is drawn, whatever the page does on the server).
# Its chart sits in a fragment with a year select box (named as the map's, its year in the hover text
# as the map's), so a year change on it is the floor of the map's.
CHART_PAGE = (
    BARE_PAGE
    + """import plotly.graph_objects as go


@st.fragment
def chart():
    year = st.selectbox("År", [2024, 2023, 2022, 2021], key="year")
    trace = go.Scatter(x=[2020, 2021, 2022], y=[1, 3, year - 2020], hovertemplate=f"%{{y}}<br>År {year}<extra></extra>")
    st.plotly_chart(go.Figure(trace))


chart()
"""
)
PAGE_RATIO_TARGET, YEAR_CHANGE_TARGET_MS = 1.5, 300

READY = """() => {
    const app = document.querySelector('[data-testid="stApp"]');
    if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
    if (!document.querySelector('[data-testid="stMain"] h1')) return false;
    if (document.querySelector('[data-testid="stSkeleton"]')) return false;
    for (const chart of document.querySelectorAll('[data-testid="stPlotlyChart"]')) {
        const plot = chart.querySelector('.js-plotly-plot');
        if (!plot || !plot.querySelector('.main-svg')) return false;
        if (plot._fullLayout && plot._fullLayout._subplots && plot._fullLayout._subplots.map &&
            plot._fullLayout._subplots.map.length && !plot.querySelector('canvas.maplibregl-canvas')) return false;
    }
    const ws = window.__bench_ws || {};
    return {ready: performance.now(), opened: ws.opened, last: ws.last, bytes: ws.bytes};
}"""

# Installed before any script of the page: notes when Streamlit's WebSocket opens, when each message
# arrives and its size, and when the browser last sent one (a widget's change).
SOCKET_WATCH = """(() => {
    const Native = window.WebSocket;
    const ws = window.__bench_ws = {opened: null, last: null, bytes: 0, sent: null};
    window.WebSocket = class extends Native {
        constructor(...args) {
            super(...args);
            if (ws.opened === null) ws.opened = performance.now();
            this.addEventListener('message', (event) => {
                ws.last = performance.now();
                const data = event.data;
                ws.bytes += data.byteLength !== undefined ? data.byteLength : (data.size || data.length || 0);
            });
        }
        send(data) {
            ws.sent = performance.now();
            return super.send(data);
        }
    };
})();"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def serve(script: Path, env: dict[str, str], root: Path = PROJECT_ROOT):
    """``script`` served by Streamlit on a free loopback port, started as the app is (from ``root``: its
    code is imported from there); yields its URL."""
    port = free_port()
    args = ["--server.port", str(port), "--server.headless", "true", "--server.address", "127.0.0.1"]
    args += ["--browser.gatherUsageStats", "false"]
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "ui.serve", str(script), *args],
            cwd=root,
            env={**os.environ, **env},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 90
            while True:
                try:
                    with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                        if response.status == 200:
                            break
                except OSError:
                    if time.monotonic() > deadline or process.poll() is not None:
                        log.seek(0)
                        raise RuntimeError(f"{script} did not start: {log.read()[-2000:]!r}") from None
                    time.sleep(0.3)
            yield url
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)


@dataclass(frozen=True)
class Load:
    """One page load, milliseconds from navigation start: ready, split into socket/server/browser."""

    ready: float
    socket: float
    server: float
    browser: float
    kb: float  # received over the WebSocket until ready


def ready_ms(context, url: str) -> Load:
    """One load of ``url`` in a new tab, until the page is ready (see module docstring)."""
    page = context.new_page()
    try:
        page.goto(url, wait_until="commit")
        value = page.wait_for_function(READY, polling="raf", timeout=120_000).json_value()
        if page.locator('[data-testid="stException"]').count():
            raise RuntimeError(f"{url} shows an exception")
        ready, opened = float(value["ready"]), float(value["opened"] or 0.0)
        last = float(value["last"] or ready)
        return Load(ready, opened, last - opened, ready - last, float(value["bytes"] or 0) / 1024)
    finally:
        page.close()


def median_load(loads: list[Load]) -> Load:
    """Each part's median (so the parts need not add up to the median total exactly)."""
    return Load(*(statistics.median(getattr(x, f.name) for x in loads) for f in fields(Load)))


FLOOR = "(one plotly chart)"
HEADER = (
    f"  {'page':<20} {'path':<17} {'ready':>7} {'socket':>7} {'server':>7} {'browser':>8} {'KB':>6}"
    f"   {'bare':>6} {'server':>6} {'browser':>7}   {'× bare':>6} {'× floor':>7}  {'server×bare':>11}"
)


def page_ratios(
    app_url: str, bare_url: str, chart_url: str, paths: list[str], runs: int, base_url: str | None = None
) -> tuple[list[tuple[str, Load, Load]], dict[str, list[tuple[float, float]]]]:
    """Each page's median load beside the bare page's (loaded alternately; with ``base_url``, another
    checkout's app serving the same store, its page loaded next to this one's in each run, first every
    other run, printed as "(base)"); then the year change on the floor page and on the map, ``runs``
    times each."""
    from playwright.sync_api import sync_playwright

    results = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport={"width": 1400, "height": 900})
            context.add_init_script(SOCKET_WATCH)
            ready_ms(context, bare_url)  # warm-up: server caches, browser cache
            print(HEADER, flush=True)
            floor = None
            for path, url in [(FLOOR, chart_url), *((p, f"{app_url}/{p}") for p in paths)]:
                urls = [url] if path == FLOOR or base_url is None else [url, f"{base_url}/{path}"]
                for u in urls:
                    ready_ms(context, u)
                bare, pages = [], [[] for _ in urls]
                for run in range(runs):
                    bare.append(ready_ms(context, bare_url))
                    both = list(zip(urls, pages, strict=True))
                    for u, loads in both if run % 2 == 0 else both[::-1]:  # base first every other run
                        loads.append(ready_ms(context, u))
                b = median_load(bare)
                for i, loads in enumerate(pages):
                    p = median_load(loads)
                    floor = floor or p
                    if i == 0:
                        results.append((path, p, b))
                    name = PAGES.get(path, path)[: 20 if i == 0 else 13] + (" (base)" if i else "")
                    print(
                        f"  {name:<20} /{path[:16]:<16} {p.ready:7.0f} {p.socket:7.0f} {p.server:7.0f}"
                        f" {p.browser:8.0f} {p.kb:6.0f}   {b.ready:6.0f} {b.server:6.0f} {b.browser:7.0f}"
                        f"   {p.ready / b.ready:6.2f} {p.ready / floor.ready:7.2f}"
                        f"  {p.server / max(b.server, 1):11.2f}",
                        flush=True,
                    )
            year_changes = {"floor": browser_year_changes(context, chart_url, runs)}
            if "kart" in paths:
                year_changes["map"] = browser_year_changes(context, f"{app_url}/kart", runs)
        finally:
            browser.close()
    return results, year_changes


# The year shown in the chart's hover text (``presentation.charts.choropleth``: "<br>År 2024<extra>"; the floor page
# writes the same), once the chart is drawn; with the last message's time.
MAP_YEAR = """(year) => {
    const app = document.querySelector('[data-testid="stApp"]');
    if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
    const plot = document.querySelector('[data-testid="stPlotlyChart"] .js-plotly-plot');
    if (!plot || !plot.data || !plot.querySelector('.main-svg')) return false;
    const shown = plot.data.some(t => (t.hovertemplate || '').includes(' ' + year + '<extra>'));
    return shown ? {ready: performance.now(), last: window.__bench_ws.last} : false;
}"""


def browser_year_changes(context, url: str, runs: int) -> list[tuple[float, float]]:
    """(server, browser) milliseconds of choosing another year (a fragment rerun) on ``url``: from the
    choice's message until the fragment run's last message, and from there until the chart shows it."""
    page = context.new_page()
    times = []
    try:
        page.goto(url, wait_until="commit")
        page.wait_for_function(READY, polling="raf", timeout=120_000)
        box = page.get_by_role("combobox", name="År", exact=True)  # the year's select box (Norwegian page)
        for _ in range(runs):
            current = box.input_value().strip()
            box.click()
            options = page.get_by_role("option")
            options.first.wait_for(timeout=30_000)
            year = next(text.strip() for text in options.all_inner_texts() if text.strip() != current)
            options.filter(has_text=year).first.click()
            done = page.wait_for_function(MAP_YEAR, arg=year, polling="raf", timeout=120_000).json_value()
            sent = page.evaluate("() => window.__bench_ws.sent")
            times.append((float(done["last"]) - float(sent), float(done["ready"]) - float(done["last"])))
    finally:
        page.close()
    return times


def year_change_ms(script: Path, runs: int, page: str | None = None) -> tuple[float, list[float], list[float]]:
    """Server-side time of a page's first run and of ``runs`` year changes (AppTest, no browser):
    wall-clock milliseconds and CPU milliseconds of this process (the rerun runs in one of its
    threads; CPU time does not count waiting for a busy machine's cores). ``page``: the app's page
    to switch to (the map), else ``script`` is the page (the floor)."""
    from streamlit.testing.v1 import AppTest

    app = AppTest.from_file(str(script), default_timeout=120)
    start = time.perf_counter()
    app.run()
    if page is not None:
        start = time.perf_counter()
        app.switch_page(page).run()
    first = (time.perf_counter() - start) * 1000
    if app.exception:
        raise RuntimeError(app.exception)
    options = list(app.selectbox(key="year").options)
    times, cpu = [], []
    for i in range(runs):
        choice = options[(i + 1) % len(options)]  # each year a first visit: its figure is built
        start, start_cpu = time.perf_counter(), time.process_time()
        app.selectbox(key="year").select(choice).run()
        times.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
        if app.exception:
            raise RuntimeError(app.exception)
    return first, times, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--pages", help="comma-separated URL paths (default: every dashboard page)")
    parser.add_argument(
        "--base",
        type=Path,
        help="another checkout (e.g. `git worktree add`/`git archive` of the base commit) whose"
        " app is measured in the same run, each page next to this checkout's, on the same store",
    )
    args = parser.parse_args()
    paths = args.pages.split(",") if args.pages is not None else list(PAGES)

    from omrademonitor.setup_db import initialise

    folder = Path(tempfile.mkdtemp(prefix="bench-pages-"))
    db = folder / "demo.duckdb"
    initialise(db)
    bare = folder / "bare.py"
    bare.write_text(BARE_PAGE, encoding="utf-8")
    env = {"OMRADEMONITOR_DB": str(db)}

    print(f"page ready in headless Chromium, medians of {args.runs}, alternating with a bare page (warm server)")
    chart = folder / "chart.py"
    chart.write_text(CHART_PAGE, encoding="utf-8")
    with (
        serve(PROJECT_ROOT / "app.py", env) as app_url,
        serve(bare, env) as bare_url,
        serve(chart, env) as chart_url,
        serve(args.base / "app.py", env, args.base) if args.base else contextlib.nullcontext() as base_url,
    ):
        results, browser_changes = page_ratios(app_url, bare_url, chart_url, paths, args.runs, base_url)
    floor, results = results[0], results[1:]
    worst = max(results, key=lambda r: r[1].ready / r[2].ready)
    over = [PAGES.get(p, p) for p, page, b in results if page.ready / b.ready > PAGE_RATIO_TARGET]
    print(
        f"  the floor page (one small plotly chart, no app code) is ready in {floor[1].ready / floor[2].ready:.2f}×"
        " the bare page: no page that draws a chart gets below that"
    )
    print(
        f"  worst ratio {worst[1].ready / worst[2].ready:.2f} ({PAGES.get(worst[0], worst[0])});"
        f" target ≤ {PAGE_RATIO_TARGET}×; over the target: {', '.join(over) or 'none'}"
    )
    print("  (ms; socket = until Streamlit's JS opens its WebSocket, server = from there to the last message,")
    print("   browser = from the last message to ready; KB received over the WebSocket; parts are medians each)")
    print(f"  load average during the run: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")

    os.environ["OMRADEMONITOR_DB"] = str(db)
    print(f"year change, server side (AppTest, no browser; reruns the whole page), medians of {args.runs}")
    for label, script, page in [("floor page", chart, None), ("map page", PROJECT_ROOT / "app.py", "pages/map.py")]:
        first, times, cpu = year_change_ms(script, args.runs, page)
        print(
            f"  {label:<12} first run {first:6.0f} ms   year change {statistics.median(times):6.0f} ms"
            f" (max {max(times):.0f})   CPU {statistics.median(cpu):6.0f} ms"
        )
    print(f"  target: the map's year change ≤ {YEAR_CHANGE_TARGET_MS} ms server-side")
    print(f"year change in headless Chromium (a fragment rerun, until the chart shows it), medians of {args.runs}")
    for label, changes in browser_changes.items():
        server = statistics.median(c[0] for c in changes)
        drawn = statistics.median(c[1] for c in changes)
        most = max(c[0] for c in changes)
        print(f"  {label + ' page':<12} server {server:6.0f} ms (max {most:.0f})   browser {drawn:6.0f} ms")
    print("  (server = the choice's message sent until the fragment run's last message arrived)")


if __name__ == "__main__":
    main()
