"""Refresh ``tests/module_seconds.json`` (the suite's scheduling weights) from a full run's durations.

Run the whole suite with ``python -m pytest --durations=0 > run.txt`` on a quiet machine, then
``python -m scripts.module_seconds run.txt``: every module's setup, call and teardown seconds are summed
and written, rounded, for the modules that take at least ``--min`` seconds (the others count
``DEFAULT_SECONDS_PER_TEST`` per test in ``tests/conftest.py``). The weights only order the tests.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
from collections import defaultdict
from pathlib import Path

from omrademonitor import PROJECT_ROOT

LINE = re.compile(r"^\s*([\d.]+)s\s+(setup|call|teardown)\s+(tests/[^:\s]+\.py)::")
TARGET = PROJECT_ROOT / "tests" / "module_seconds.json"


def module_seconds(text: str) -> dict[str, float]:
    """Seconds per test module, summed over the duration lines of a pytest run's output."""
    seconds: dict[str, float] = defaultdict(float)
    for line in text.splitlines():
        found = LINE.match(line)
        if found:
            seconds[found.group(3)] += float(found.group(1))
    return dict(seconds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("durations", type=Path, help="output of `pytest --durations=0`")
    parser.add_argument("--min", type=float, default=5.0, help="leave out modules faster than this (s)")
    args = parser.parse_args()
    seconds = module_seconds(args.durations.read_text(encoding="utf-8", errors="replace"))
    if not seconds:
        raise SystemExit(f"{args.durations}: no duration lines (run pytest with --durations=0)")
    kept = {m: round(s) for m, s in sorted(seconds.items(), key=lambda kv: -kv[1]) if s >= args.min}
    about = (
        "Seconds each module took in a full run (python -m scripts.module_seconds, "
        f"{dt.date.today().isoformat()}), for ordering only (tests/conftest.py pytest_collection_modifyitems). "
        "Modules not listed count 0.5 s per test."
    )
    TARGET.write_text(json.dumps({"_about": about, **kept}, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{len(kept)} modules, {sum(kept.values())} s in all -> {TARGET}")


if __name__ == "__main__":
    main()
