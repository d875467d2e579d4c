"""Benchmark: every dashboard page's ready time in headless Chromium beside a bare Streamlit page.

Two servers run side by side the same way (``python -m ui.serve``, same config, same machine): the
app on a fresh demo database, and a bare page (a title and one line of text). After one warm-up
load of each, every page is loaded alternately with the bare page, ``--runs`` times (5), each load
a new browser tab (a new Streamlit session, the browser cache warm as for a returning reader).

"Ready" is the app's own signal: Streamlit reports the script run finished
(``data-test-script-state="notRunning"`` on ``stApp``), the page's heading is drawn, no skeleton
remains, and every plotly chart has drawn its SVG (and a map its MapLibre canvas). The time is
``performance.now()`` at that moment, i.e. from the start of navigation.

A page with one small plotly chart and nothing else is measured the same way: the floor of any page
that draws a chart (plotly.js loads and starts in the browser however little the server does).

Then the map's year change: in Chromium (choose another year, until the map shows it: the map's
fragment rerun, the message and the redraw), and server-side in Streamlit's AppTest (no browser,
which reruns the whole page: an upper bound of the fragment's server time), first the page, then
``--runs`` × changing the year, each rerun timed.

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
CHART_PAGE = BARE_PAGE + (
    "import plotly.graph_objects as go\n\nst.plotly_chart(go.Figure(go.Scatter(x=[2020, 2021, 2022], y=[1, 3, 2])))\n"
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
    return performance.now();
}"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def serve(script: Path, env: dict[str, str]):
    """``script`` served by Streamlit on a free loopback port, started as the app is; yields its URL."""
    port = free_port()
    args = ["--server.port", str(port), "--server.headless", "true", "--server.address", "127.0.0.1"]
    args += ["--browser.gatherUsageStats", "false"]
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "ui.serve", str(script), *args],
            cwd=PROJECT_ROOT,
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


def ready_ms(context, url: str) -> float:
    """Milliseconds from navigation start until the page is ready (see module docstring)."""
    page = context.new_page()
    try:
        page.goto(url, wait_until="commit")
        value = page.wait_for_function(READY, polling="raf", timeout=120_000).json_value()
        if page.locator('[data-testid="stException"]').count():
            raise RuntimeError(f"{url} shows an exception")
        return float(value)
    finally:
        page.close()


def page_ratios(
    app_url: str, bare_url: str, chart_url: str, paths: list[str], runs: int
) -> tuple[list[tuple[str, float, float]], list[float]]:
    """Each page's median ready time beside the bare page's (loaded alternately); then the map's year
    change in the browser, ``runs`` times."""
    from playwright.sync_api import sync_playwright

    results = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport={"width": 1400, "height": 900})
            ready_ms(context, bare_url)  # warm-up: server caches, browser cache
            for path, url in [("(one plotly chart)", chart_url), *((p, f"{app_url}/{p}") for p in paths)]:
                ready_ms(context, url)
                bare, page = [], []
                for _ in range(runs):
                    bare.append(ready_ms(context, bare_url))
                    page.append(ready_ms(context, url))
                results.append((path, statistics.median(page), statistics.median(bare)))
                b, p = results[-1][2], results[-1][1]
                line = f"  {PAGES.get(path, path):<20} /{path:<16} {p:8.0f} ms   bare {b:6.0f} ms   ratio {p / b:5.2f}"
                print(line, flush=True)
            year_changes = browser_year_changes(context, app_url, runs) if "kart" in paths else []
        finally:
            browser.close()
    return results, year_changes


# The map's year shown in its hover text (``charts.choropleth``: "<br>År 2024<extra>"), once the chart is drawn.
MAP_YEAR = """(year) => {
    const app = document.querySelector('[data-testid="stApp"]');
    if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
    const plot = document.querySelector('[data-testid="stPlotlyChart"] .js-plotly-plot');
    if (!plot || !plot.data || !plot.querySelector('.main-svg')) return false;
    return plot.data.some(t => t.type === 'choroplethmap' && (t.hovertemplate || '').includes(' ' + year + '<extra>'))
        ? performance.now() : false;
}"""


def browser_year_changes(context, app_url: str, runs: int) -> list[float]:
    """Milliseconds from choosing another year on the map page (a fragment rerun) until the map shows
    it, in the browser: the server's fragment run, the message and plotly's redraw."""
    page = context.new_page()
    times = []
    try:
        page.goto(f"{app_url}/kart", wait_until="commit")
        page.wait_for_function(READY, polling="raf", timeout=120_000)
        box = page.get_by_role("combobox", name="År", exact=True)  # the year's select box (Norwegian page)
        for _ in range(runs):
            current = box.input_value().strip()
            box.click()
            options = page.get_by_role("option")
            options.first.wait_for(timeout=30_000)
            year = next(text.strip() for text in options.all_inner_texts() if text.strip() != current)
            start = page.evaluate("() => performance.now()")
            options.filter(has_text=year).first.click()
            done = page.wait_for_function(MAP_YEAR, arg=year, polling="raf", timeout=120_000).json_value()
            times.append(float(done) - float(start))
    finally:
        page.close()
    return times


def year_change_ms(db: Path, runs: int) -> tuple[float, list[float], list[float]]:
    """Server-side time of the map page's first run and of ``runs`` year changes (AppTest, no browser):
    wall-clock milliseconds and CPU milliseconds of this process (the rerun runs in one of its
    threads; CPU time does not count waiting for a busy machine's cores)."""
    os.environ["OMRADEMONITOR_DB"] = str(db)
    from streamlit.testing.v1 import AppTest

    app = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=120)
    app.run()
    start = time.perf_counter()
    app.switch_page("pages/map.py").run()
    first = (time.perf_counter() - start) * 1000
    if app.exception:
        raise RuntimeError(app.exception)
    year = app.selectbox(key="year")
    options = list(year.options)
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
    ):
        results, browser_changes = page_ratios(app_url, bare_url, chart_url, paths, args.runs)
    floor, results = results[0], results[1:]
    worst = max(results, key=lambda r: r[1] / r[2])
    over = [PAGES.get(p, p) for p, page, b in results if page / b > PAGE_RATIO_TARGET]
    print(f"  a page with one small plotly chart (no app code) is ready in {floor[1] / floor[2]:.2f}× the bare page:")
    print("  the floor of every page that draws a chart")
    print(f"  worst ratio {worst[1] / worst[2]:.2f} ({PAGES.get(worst[0], worst[0])}); target ≤ {PAGE_RATIO_TARGET}×")
    print(f"  over the target: {', '.join(over) or 'none'}")

    first, times, cpu = year_change_ms(db, args.runs)
    print("map page, server side (AppTest, no browser)")
    print(f"  {'first run of the map page':<40} {first:8.0f} ms")
    print(
        f"  {'year change, median of ' + str(args.runs):<40} {statistics.median(times):8.0f} ms"
        f"   (max {max(times):.0f} ms; target < {YEAR_CHANGE_TARGET_MS} ms)"
    )
    print(f"  {'year change, CPU time, median':<40} {statistics.median(cpu):8.0f} ms")
    print("    (AppTest reruns the whole page; in the browser a year change reruns only the map's fragment)")
    if browser_changes:
        print("map page, year change in headless Chromium (fragment rerun, until the map shows the year)")
        label = f"year change, median of {len(browser_changes)}"
        print(f"  {label:<40} {statistics.median(browser_changes):8.0f} ms   (max {max(browser_changes):.0f} ms)")


if __name__ == "__main__":
    main()
