"""Benchmark: import observation rows from one CSV file, beside DuckDB's own read_csv of the same file.

Usage: python -m benchmarks.bench_import [ROWS]   (default 1,000,000)

The file has indicator, area, period, value, numerator and denominator columns, Norwegian decimal
commas, ';' between fields, and no problems. A million distinct keys need more areas than a city's
zones, so rows cycle over every annual percentage indicator, 5,000 made-up basic-unit codes
(5001xxxx) and the years 2015–2030; the store does not require areas to exist, so this measures
reading, validating and writing, not the hierarchy.

Each measurement runs in a fresh process, so its peak resident memory is its own:
- the floor: DuckDB's own ``read_csv`` of the file into a table of a database file;
- the import without its publish step: ``prepare`` (read, map, validate) and ``commit`` (one
  transaction) with ``Publishing._publish`` (recomputing the published layer) left out: the
  validate + insert figures and their peak memory;
- the whole import, publish step included and timed apart: the publish figures and the total.
Targets (issue 14): validate + insert at ≥ 500,000 rows per second of wall time and ≥ 1/3 of the
floor's rate, peak memory < 1 GB.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET_ROWS_PER_S = 500_000
TARGET_SHARE_OF_FLOOR = 1 / 3
TARGET_PEAK_MIB = 1024


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


def _peak_mib() -> float:
    """This process's peak resident memory (VmHWM: unlike ru_maxrss, not carried over from the parent
    that started it)."""
    with open("/proc/self/status") as status:
        line = next(line for line in status if line.startswith("VmHWM:"))
    return int(line.split()[1]) / 1024


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def floor(csv_path: str, db_path: str) -> dict:
    """DuckDB's own read_csv of the file into a table (types detected by DuckDB), in a database file."""
    import duckdb

    con = duckdb.connect(db_path)
    base = _peak_mib()
    start, cpu = time.perf_counter(), _cpu()
    con.execute("CREATE TABLE observations_read AS SELECT * FROM read_csv(?, delim = ';', header = true)", [csv_path])
    con.execute("CHECKPOINT").fetchall()
    wall = time.perf_counter() - start
    rows = con.execute("SELECT count(*) FROM observations_read").fetchall()[0][0]
    return {"wall": wall, "cpu": _cpu() - cpu, "rows": rows, "peak": _peak_mib(), "base": base}


def run_import(csv_path: str, db_path: str, codes: int, publish_step: bool) -> dict:
    """The project's import of the file: prepare, then commit, the publish step timed apart (or,
    without ``publish_step``, left out, so that peak memory is that of validating and inserting)."""
    from omrademonitor.access import SYSTEM
    from omrademonitor.importing import ImportSpec, commit, prepare
    from omrademonitor.ingest import Writer
    from omrademonitor.setup_db import load_definitions

    _, registry = load_definitions()
    area_codes = {f"5001{i:04d}" for i in range(codes)}
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
    base = _peak_mib()
    start, cpu = time.perf_counter(), _cpu()
    data = Path(csv_path).read_bytes()
    prepared = prepare(data, "bench.csv", spec, registry, area_codes, this_year=2030)
    checked, cpu_checked = time.perf_counter(), _cpu()
    assert not prepared.issues, [i.message() for i in prepared.issues[:3]]
    rows = len(prepared.observations)
    del data
    publish = {"wall": 0.0, "cpu": 0.0}
    with Writer(db_path) as writer:
        opened = time.perf_counter()
        inner = writer._publish

        def timed(con):
            begin, begin_cpu = time.perf_counter(), _cpu()
            try:
                return inner(con)
            finally:
                publish["wall"] += time.perf_counter() - begin
                publish["cpu"] += _cpu() - begin_cpu

        writer._publish = timed if publish_step else (lambda con: None)
        commit(writer, prepared, SYSTEM)
        committed = time.perf_counter()
    done, cpu_done = time.perf_counter(), _cpu()
    return {
        "rows": rows,
        "validate": checked - start,
        "validate_cpu": cpu_checked - cpu,
        "open": opened - checked,
        "insert": committed - opened - publish["wall"],
        "insert_cpu": cpu_done - cpu_checked - publish["cpu"],
        "publish": publish["wall"],
        "publish_cpu": publish["cpu"],
        "close": done - committed,
        "total": done - start,
        "peak": _peak_mib(),
        "base": base,
    }


def _child(*args: str) -> dict:
    """Run one measurement in a fresh Python process and read its figures."""
    out = subprocess.run(
        [sys.executable, "-m", "benchmarks.bench_import", *args], check=True, capture_output=True, text=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(rows: int) -> None:
    from omrademonitor.setup_db import initialise, load_definitions

    _, registry = load_definitions()
    folder = Path(tempfile.mkdtemp())
    codes = 5000
    csv_path = folder / "bench.csv"
    csv_path.write_bytes(build_csv(rows, registry, [f"5001{i:04d}" for i in range(codes)]))
    db = folder / "bench.duckdb"
    initialise(db, with_demo=False)
    size = os.path.getsize(csv_path) / 1024 / 1024
    print(f"{'file':<44} {size:8.1f} MiB, {rows:,} rows (valid; ';', decimal commas)")

    bare = _child("--floor", str(csv_path), str(folder / "floor.duckdb"))
    shutil.copy(db, folder / "bench-full.duckdb")
    ours = _child("--import", str(csv_path), str(db), str(codes), "no-publish")
    full = _child("--import", str(csv_path), str(folder / "bench-full.duckdb"), str(codes), "publish")
    floor_rate = bare["rows"] / bare["wall"]

    def line(label: str, wall: float, cpu: float | None, peak: float | None = None) -> None:
        rate = f"{rows / wall:12,.0f} rows/s" if wall > 0 else " " * 19
        cpu_text = f"{cpu:6.2f} CPU s" if cpu is not None else " " * 12
        peak_text = f"{peak:7.0f} MiB peak" if peak is not None else ""
        print(f"{label:<44} {wall:7.2f} s {rate}  {cpu_text}  {peak_text}")

    print(f"{'':<44} {'wall':>9} {'rate (wall)':>19}  {'':>12}  peak RSS of the process")
    line("floor: DuckDB read_csv → table", bare["wall"], bare["cpu"], bare["peak"])
    line("import: read + map + validate (prepare)", ours["validate"], ours["validate_cpu"])
    line("import: insert (commit without publish)", ours["insert"], ours["insert_cpu"])
    both = ours["validate"] + ours["insert"]
    line("import: validate + insert", both, ours["validate_cpu"] + ours["insert_cpu"], ours["peak"])
    line("whole import: publish (published layer)", full["publish"], full["publish_cpu"])
    line("whole import: total (with opening, closing)", full["total"], None, full["peak"])
    print(f"{'process memory before the import':<44} {ours['base']:7.0f} MiB (libraries and definitions)")
    ratio = (rows / both) / floor_rate
    print(f"{'validate + insert ÷ floor (rows/s)':<44} {ratio:7.2f}   (target ≥ {TARGET_SHARE_OF_FLOOR:.2f})")
    cpu_ratio = bare["cpu"] / (ours["validate_cpu"] + ours["insert_cpu"])
    print(f"{'the same in CPU seconds (floor ÷ ours)':<44} {cpu_ratio:7.2f}   (a fairer figure on a busy machine)")
    print(f"{'load average (1 min) at the end':<44} {os.getloadavg()[0]:7.2f}   on {os.cpu_count()} cores")
    print(
        "targets: "
        f"{'met' if rows / both >= TARGET_ROWS_PER_S else 'NOT met'} ≥ {TARGET_ROWS_PER_S:,} rows/s; "
        f"{'met' if ratio >= TARGET_SHARE_OF_FLOOR else 'NOT met'} ≥ 1/3 of read_csv; "
        f"{'met' if ours['peak'] < TARGET_PEAK_MIB else 'NOT met'} < {TARGET_PEAK_MIB} MiB peak"
    )


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--floor":
        print(json.dumps(floor(sys.argv[2], sys.argv[3])))
    elif len(sys.argv) > 1 and sys.argv[1] == "--import":
        print(json.dumps(run_import(sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5] == "publish")))
    else:
        main(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000)
