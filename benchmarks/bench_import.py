"""Benchmark: import observation rows from one CSV file and print rows per second and peak memory.

Usage: python -m benchmarks.bench_import [ROWS]   (default 1,000,000)
The file has indicator, area, period, value, numerator and denominator columns. A million distinct
keys need more areas than Trondheim's 65, so rows cycle over every annual percentage indicator, 5,000
made-up basic-unit codes (5001xxxx) and the years 2015–2030; the store does not require areas to
exist, so this measures reading, validating and writing, not the hierarchy.
"""

from __future__ import annotations

import resource
import sys
import tempfile
import time
from pathlib import Path

from omrademonitor.access import SYSTEM
from omrademonitor.importing import ImportSpec, commit, prepare
from omrademonitor.ingest import Writer
from omrademonitor.setup_db import initialise, load_definitions


def build_csv(rows: int, registry, codes: list[str]) -> bytes:
    ratios = [
        ind
        for ind in registry
        if ind.aggregation.value == "ratio"
        and ind.unit.value == "percent"
        and ind.first_period <= 2015
        and ind.frequency.value == "annual"
    ]
    lines = ["indicator;area;period;value;numerator;denominator"]
    combos = [(ind, code) for ind in ratios for code in codes]
    for i in range(rows):
        ind, code = combos[i % len(combos)]
        period = 2015 + (i // len(combos)) % 16
        numerator, denominator = 50 + i % 400, 1000 + i % 5000
        value = round(numerator / denominator * 100, 6)
        lines.append(f"{ind.id};{code};{period};{str(value).replace('.', ',')};{numerator};{denominator}")
    return ("\n".join(lines) + "\n").encode("utf-8")


def main(rows: int) -> None:
    _, registry = load_definitions()
    folder = Path(tempfile.mkdtemp())
    db = folder / "bench.duckdb"
    initialise(db, with_demo=False)
    codes = [f"5001{i:04d}" for i in range(5000)]
    data = build_csv(rows, registry, codes)
    print(f"{'file size':<34} {len(data) / 1024 / 1024:10.1f} MiB, {rows:,} rows")
    spec = ImportSpec(
        columns={
            "indicator": "indicator",
            "area": "area",
            "period": "period",
            "value": "value",
            "numerator": "numerator",
            "denominator": "denominator",
        },
        source="benchmark",
    )
    start = time.perf_counter()
    prepared = prepare(data, "bench.csv", spec, registry, set(codes), this_year=2030)
    checked = time.perf_counter()
    assert not prepared.issues, prepared.issues[:3]
    with Writer(db) as writer:
        commit(writer, prepared, SYSTEM)
    done = time.perf_counter()
    print(f"{'read + map + validate':<34} {checked - start:10.1f} s  ({rows / (checked - start):,.0f} rows/s)")
    print(f"{'write (one transaction)':<34} {done - checked:10.1f} s  ({rows / (done - checked):,.0f} rows/s)")
    print(f"{'total':<34} {done - start:10.1f} s  ({rows / (done - start):,.0f} rows/s)")
    print(f"{'peak resident memory':<34} {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:10.0f} MiB")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000)
