"""Benchmark: the effect estimates, the tracking views and the status report on the demo database.

Prints figures; asserts nothing. Run with `make bench` (the report needs Chromium).
"""

from __future__ import annotations

import datetime as dt
import tempfile
import time
from pathlib import Path

from omrademonitor import effects, tracking
from omrademonitor.disclosure import DEFAULT_POLICY
from omrademonitor.presentation.report_document import make_report
from omrademonitor.setup_db import PROGRAMMES_DIR, initialise, load_definitions
from omrademonitor.snapshots import capture, published_as_of
from omrademonitor.store import Store


def timed(label: str, func):
    start = time.perf_counter()
    result = func()
    print(f"{label:<56} {(time.perf_counter() - start) * 1000:9.1f} ms")
    return result


def main() -> None:
    programmes, registry = load_definitions()
    programme = programmes["trondheim"]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.duckdb"
        initialise(path)
        store = Store(path)
        goals = tracking.stored_goals(store, programme, registry, PROGRAMMES_DIR)
        measures = tracking.stored_measures(store, programme.id)
        timed(
            "progress of effect and output indicators",
            lambda: tracking.indicator_progress(store, registry, programme, goals, measures),
        )
        both = tuple(programme.programme_area_codes)
        for comparison in effects.Comparison:
            design = effects.Design("rent_arrears_share", both, 2023, comparison)
            result = timed(
                f"effect estimate, both areas, {comparison.value}",
                lambda d=design: effects.evaluate(store, registry, programme, d),
            )
            print(f"{'':<56} {result.placebo.n_draws} placebo draws")
        snapshot = capture(store, programme, registry, DEFAULT_POLICY, dt.date.today(), dt.datetime.now(), "bench")
        made = timed(
            "status report (assemble, 20 SVG figures, Chromium PDF)",
            lambda: make_report(store, snapshot, "nb", published_as_of(store, snapshot)),
        )
        print(
            f"{'':<56} {made.pages} pages, {len(made.pdf) / 1024:.0f} KiB PDF, "
            f"{len(made.workbook) / 1024:.0f} KiB Excel"
        )
        store.close()


if __name__ == "__main__":
    main()
