"""Where a page's time goes: one warm rerun of each dashboard page, profiled (server side, no browser).

Each page is opened in Streamlit's AppTest on a fresh demo database, run once (caches filled), then
rerun ``--runs`` times; the last rerun runs under ``cProfile`` (in the script thread, where the page
runs). Prints per page the warm rerun's wall time (median), the first run's, and the functions of
the project (``omrademonitor``, ``ui``, ``pages``) and of Streamlit/plotly with the most cumulative
time in the profiled rerun, with how many calls each made, so repeated queries and cache misses show.

``python -m benchmarks.profile_pages [--pages kart,indikator] [--top 12] [--runs 3]``. Asserts nothing.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import statistics
import tempfile
import time
from pathlib import Path

from omrademonitor import PROJECT_ROOT
from omrademonitor.access import Permission
from ui import page_list

# URL path → page file of every dashboard page (those an anonymous reader opens), from the page list
PAGE_FILES = {page.url or "": page.file for page in page_list.PAGES if page.permission == Permission.VIEW}


def _profiled_runner(profile_box: dict):
    """Patch ScriptRunner so a run happens under the profiler in ``profile_box['profile']`` (if set)."""
    from streamlit.runtime.scriptrunner import script_runner

    original = script_runner.ScriptRunner._run_script

    def run_script(self, rerun_data):
        profile = profile_box.get("profile")
        if profile is None:
            return original(self, rerun_data)
        profile.enable()
        try:
            return original(self, rerun_data)
        finally:
            profile.disable()

    script_runner.ScriptRunner._run_script = run_script


def _top(profile: cProfile.Profile, top: int, everything: bool = False) -> str:
    out = io.StringIO()
    stats = pstats.Stats(profile, stream=out)
    stats.sort_stats("cumulative")
    root = str(PROJECT_ROOT)
    rows = []
    for (file, line, name), (_, calls, _, cumulative, _) in stats.stats.items():
        ours = file.startswith(root) and "/.venv/" not in file and "/benchmarks/" not in file
        if not ours and not (everything and ("streamlit/" in file or "plotly/" in file or "pandas/" in file)):
            continue
        where = os.path.relpath(file, root) if ours else file.split("site-packages/")[-1]
        rows.append((cumulative, calls, f"{where}:{line} {name}"))
    rows.sort(reverse=True)
    return "\n".join(f"    {c * 1000:8.0f} ms {n:6d}×  {where}" for c, n, where in rows[:top])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", help="comma-separated URL paths (default: every dashboard page)")
    parser.add_argument("--top", type=int, default=12)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--all", action="store_true", help="list Streamlit, plotly and pandas functions too")
    parser.add_argument("--db", help="an existing database (default: a fresh demo database)")
    args = parser.parse_args()
    paths = args.pages.split(",") if args.pages is not None else list(PAGE_FILES)

    if args.db:
        db = Path(args.db)
    else:
        from omrademonitor.setup_db import initialise

        db = Path(tempfile.mkdtemp(prefix="profile-pages-")) / "demo.duckdb"
        initialise(db)
    os.environ["OMRADEMONITOR_DB"] = str(db)
    from streamlit.testing.v1 import AppTest

    box: dict = {}
    _profiled_runner(box)
    for path in paths:
        app = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=300)
        app.run()
        start = time.perf_counter()
        app.switch_page(PAGE_FILES[path]).run()
        first = (time.perf_counter() - start) * 1000
        if app.exception:
            raise RuntimeError(f"/{path}: {app.exception}")
        warm = []
        for i in range(args.runs):
            if i == args.runs - 1:
                box["profile"] = cProfile.Profile()
            start = time.perf_counter()
            app.run()
            warm.append((time.perf_counter() - start) * 1000)
        profile = box.pop("profile")
        print(
            f"/{path:<15} {PAGE_FILES[path]:<22} first {first:7.0f} ms"
            f"   warm rerun median {statistics.median(warm):6.0f} ms (profiled {warm[-1]:.0f} ms)",
            flush=True,
        )
        print(_top(profile, args.top, args.all), flush=True)


if __name__ == "__main__":
    main()
