"""Starting the app with `streamlit run` on a free port for browser tests, and Chromium to drive it."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

from omrademonitor import PROJECT_ROOT

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]


def _stop_with_parent() -> None:
    """In the child before exec: ask Linux to send it SIGTERM when the test process dies, so a killed
    test run leaves no app server behind (prctl PR_SET_PDEATHSIG)."""
    import ctypes
    import signal

    ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # 1 = PR_SET_PDEATHSIG


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def running_app(env: dict[str, str], *extra_args: str, port: int | None = None):
    """The app served on 127.0.0.1; yields its URL and the path of its log (server output)."""
    port = port or free_port()
    args = ["--server.port", str(port), "--server.headless", "true", "--server.address", "127.0.0.1"]
    args += ["--browser.gatherUsageStats", "false", *extra_args]
    log = Path(tempfile.mkstemp(prefix="streamlit-", suffix=".log")[1])
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "ui.serve", "app.py", *args],
            cwd=PROJECT_ROOT,
            env={**os.environ, **env},
            stdout=out,
            stderr=subprocess.STDOUT,
            preexec_fn=_stop_with_parent if sys.platform == "linux" else None,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                time.sleep(0.3)
        else:
            pytest.fail("streamlit did not become healthy: " + log.read_text(errors="replace")[-2000:])
        yield url, log
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


# One Chromium per test process (per xdist worker), started on first use and stopped when the session
# ends (``close_shared_chromium``, called from conftest.py): launching Playwright's driver and Chromium
# took a few seconds of CPU for each of the dozen modules that used it. Playwright's sync API allows one
# instance per thread, so every user shares this one.
_SHARED: dict = {}


def _shared_browser():
    if "browser" not in _SHARED:
        from playwright.sync_api import sync_playwright

        playwright = sync_playwright().start()
        try:
            _SHARED["browser"] = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        except BaseException:
            playwright.stop()
            raise
        _SHARED["playwright"] = playwright
    return _SHARED["browser"]


def close_shared_chromium() -> None:
    browser, playwright = _SHARED.pop("browser", None), _SHARED.pop("playwright", None)
    if browser is not None:
        browser.close()
    if playwright is not None:
        playwright.stop()


# Every page the tests open asks for reduced motion (``prefers-reduced-motion: reduce``, a setting any
# reader may have), so Streamlit's and the charts' transitions and the skeletons' shimmer are not drawn
# frame by frame while a page loads. Headless Chromium composites and rasterises each such frame in
# software: measured per page load (warm server, load average 10-15), the GPU process's CPU fell from
# 2.5-5.4 s to 0.5 s on the overview and from 4.6-10 s to 1.2 s on the map, with the same content drawn
# (the tests read text, layout and colours once a page has settled, never an animation). Chromium's
# own --force-prefers-reduced-motion does not reach Playwright's pages (measured: no change).
CONTEXT_DEFAULTS = {"reduced_motion": "reduce"}


class _Browser:
    """The shared browser as the tests see it: new pages and contexts get CONTEXT_DEFAULTS unless a test
    passes its own; everything else is Playwright's Browser."""

    def __init__(self, browser) -> None:
        self._browser = browser

    def new_context(self, **options):
        return self._browser.new_context(**{**CONTEXT_DEFAULTS, **options})

    def new_page(self, **options):
        return self._browser.new_page(**{**CONTEXT_DEFAULTS, **options})

    def __getattr__(self, name: str):
        return getattr(self._browser, name)


@contextlib.contextmanager
def chromium():
    """Headless Chromium from the system (never downloaded): the process's shared browser (its pages
    and contexts with CONTEXT_DEFAULTS). Every page and context opened inside the ``with`` is closed at
    its end, so nothing from one module (such as a page still connected to a server that has stopped)
    lives on into the next."""
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} missing on CI (`make test` installs it)")
        pytest.skip(f"{CHROMIUM} not installed (`make chromium`)")
    browser = _shared_browser()
    before = set(browser.contexts)
    try:
        yield _Browser(browser)
    finally:
        for context in browser.contexts:
            if context not in before:
                context.close()


# True once the page has been quiet for ``quietMs``: the script run has ended (the app element's script
# state is "notRunning") and no element is stale (drawn faded while a run replaces it). A run that starts
# within the window (a rerun the app asks for itself, or one a click has sent but the server has not begun)
# starts the window again. ``token`` is new for every call, so one call's window is not another's.
_QUIET = """([quietMs, token]) => {
  const app = document.querySelector('[data-testid="stApp"]');
  const busy = !app || app.getAttribute("data-test-script-state") !== "notRunning"
    || document.querySelector('[data-stale="true"]') !== null;
  const now = performance.now();
  const seen = window.__omrademonitorQuiet;
  if (busy || !seen || seen.token !== token) {
    window.__omrademonitorQuiet = {token, since: busy ? null : now};
    return false;
  }
  if (seen.since === null) seen.since = now;
  return now - seen.since >= quietMs;
}"""


def settle(page, timeout_ms: int = 60_000, quiet_ms: int = 300) -> None:
    """Wait on Streamlit's own readiness signals until the page has been quiet for ``quiet_ms``: its
    script run has ended and no element is stale, so the browser has what the run sent to draw (charts).
    Call it after waiting for something the run shows, so the run has started."""
    page.wait_for_function(_QUIET, arg=[quiet_ms, time.monotonic_ns()], polling=50, timeout=timeout_ms)


_SOCKETS: dict = {}  # page -> the WebSocket its Streamlit app talks over (the latest one it opened)


def watch_socket(page) -> None:
    """Keep track of ``page``'s Streamlit WebSocket (call once, before the page goes to the app), for
    ``run_finished``."""
    page.on("websocket", lambda socket: _SOCKETS.__setitem__(page, socket))


def _run_finished(payload) -> bool:
    """Whether a message from the server (a ForwardMsg) says a script run has finished, other than one
    cut short for a rerun the app asked for."""
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    if not isinstance(payload, bytes):
        return False
    message = ForwardMsg.FromString(payload)
    return message.WhichOneof("type") == "script_finished" and (
        message.script_finished != ForwardMsg.ScriptFinishedStatus.FINISHED_EARLY_FOR_RERUN
    )


@contextlib.contextmanager
def run_finished(page, timeout_ms: int = 60_000):
    """Wait, after the ``with`` body (a click), until the server says the run the click asked for has
    finished: on the page already shown that run starts about 0.3 s after the click on a quiet machine
    (later under load), and until then the page looks finished to ``settle``. (The app element's script
    state is no signal: React may apply "running" and "notRunning" in one render, and the attribute never
    changes.) ``page`` must be watched (``watch_socket``); ``settle`` afterwards lets the browser draw."""
    with _SOCKETS[page].expect_event("framereceived", predicate=_run_finished, timeout=timeout_ms):
        yield


def screenshot(page, name: str) -> None:
    """A full-page screenshot ``name``.png in $SCREENSHOT_DIR, for a person to look at; nothing when it is
    not set (a full page drawn and encoded costs the browser CPU no assertion needs). Streamlit draws a
    grey placeholder (stSkeleton) until an element's code has loaded, so it waits until none is left."""
    folder = os.environ.get("SCREENSHOT_DIR")
    if folder:
        from playwright.sync_api import expect

        expect(page.locator('[data-testid="stSkeleton"]')).to_have_count(0, timeout=60_000)
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def wait_text(page, text: str, timeout_ms: int = 60_000) -> None:
    page.get_by_text(text, exact=False).first.wait_for(timeout=timeout_ms)


def no_error_shown(page) -> bool:
    """Neither a Streamlit exception box nor Streamlit's own "Page not found"."""
    return page.locator('[data-testid="stException"]').count() == 0 and page.get_by_text("Page not found").count() == 0


def wait_cookie(context, name: str, present: bool = True, timeout_s: float = 60) -> dict | None:
    """Wait until the browser holds (or no longer holds) cookie ``name``; the page sets it by script
    once Streamlit has drawn the run, a few seconds on a busy machine."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        found = next((c for c in context.cookies() if c["name"] == name), None)
        if (found is not None) == present:
            return found
        time.sleep(0.2)
    pytest.fail(f"cookie {name} {'never set' if present else 'never removed'} within {timeout_s} s")
