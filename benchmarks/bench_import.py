"""Benchmark: import observation rows from one CSV file, beside DuckDB's own read_csv of the same file.

Usage: python -m benchmarks.bench_import [ROWS] [--repeat N]   (default 1,000,000 rows, 3 runs each)

Two files of the same rows, both valid: plain (';' between fields, Norwegian decimal commas) and
quoted (every text cell in quotes, CRLF line ends, as spreadsheets and SSB write them). A million
distinct keys need more areas than a city's zones, so rows cycle over every annual percentage
indicator, 5,000 made-up basic-unit codes (5001xxxx) and the years 2015–2030; the store does not
require areas to exist, so this measures reading, validating and writing, not the hierarchy.

Each measurement runs in a fresh process, so its peak resident memory is its own, and is repeated
(``--repeat``): the machine is shared, so the run with the fewest CPU seconds is shown (the spread
of the others beside it):
- the floor: DuckDB's own ``read_csv`` of the file into a table of a database file (types detected);
- the import without its publish step: ``prepare`` (read, map, validate) and ``commit`` (one
  transaction) with ``Publishing._publish`` (recomputing the published layer) left out;
- once, for the plain file, the whole import, publish step included and timed apart.
The figure that counts is rows per CPU second beside the floor's (the ratio; target ≥ 1/3, issue 14),
with peak RSS (target < 1 GiB). Rows per second of wall time are printed too (target ≥ 500,000), but
on a machine whose load average is far above its cores they say more about the load than the code.
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


def build_csv(rows: int, registry, codes: list[str], quoted: bool = False) -> bytes:
    ratios = [
        ind
        for ind in registry
        if ind.aggregation.value == "ratio"
        and ind.unit.value == "percent"
        and ind.first_period <= 2015
        and ind.frequency.value == "annual"
    ]
    q = '"' if quoted else ""
    lines = [";".join(f"{q}{name}{q}" for name in ("indicator", "area", "period", "value", "numerator", "denominator"))]
    combos = [(ind, code) for ind in ratios for code in codes]
    for i in range(rows):
        ind, code = combos[i % len(combos)]
        period = 2015 + (i // len(combos)) % 16
        numerator, denominator = 50 + i % 400, 1000 + i % 5000
        value = str(round(numerator / denominator * 100, 6)).replace(".", ",")
        lines.append(f"{q}{ind.id}{q};{q}{code}{q};{period};{q}{value}{q};{numerator};{denominator}")
    newline = "\r\n" if quoted else "\n"
    return (newline.join(lines) + newline).encode("utf-8")


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
    con.execute(
        """CREATE TABLE observations_read AS
           SELECT * FROM read_csv(?, delim = ';', header = true, decimal_separator = ',')""",
        [csv_path],
    )
    con.execute("CHECKPOINT").fetchall()
    wall = time.perf_counter() - start
    rows = con.execute("SELECT count(*) FROM observations_read").fetchall()[0][0]
    return {"wall": wall, "cpu": _cpu() - cpu, "rows": rows, "peak": _peak_mib(), "base": base}


# the steps of ``prepare`` timed apart (wall and CPU seconds): (label, module, attribute); a class's
# method as "Class.method". Steps inside another are subtracted from it (``_Check.run`` less the maps
# and the row-by-row checker is the figures statement: reading and checking every row in SQL).
PHASES = [
    ("read_table: encoding, delimiter, header, preview", "omrademonitor.importing.pipeline", "read_table"),
    ("content hash (sha256 of bytes and mapping)", "omrademonitor.importing.pipeline", "_digest"),
    ("line checks in Python (_body)", "omrademonitor.importing.sqlcheck", "_body"),
    ("DuckDB read_csv → raw_read, unusual cells (_load)", "omrademonitor.importing.sqlcheck", "_load"),
    ("maps per distinct text (indicators, areas, periods)", "omrademonitor.importing.sqlcheck", "_Check.maps"),
    ("figures: every row read and checked in SQL → Arrow", "omrademonitor.importing.sqlcheck", "_Check.run"),
    ("rows SQL did not pass, by RowChecker", "omrademonitor.importing.sqlcheck", "_Check.rows_in_python"),
    ("good rows sorted by key (Arrow)", "omrademonitor.importing.sqlcheck", "good_rows"),
    ("repeated keys (Arrow)", "omrademonitor.importing.sqlcheck", "duplicates"),
]
MAPS = ("indicators", "areas", "periods", "units", "statuses", "siblings")


def _timed_phases() -> dict[str, list[float]]:
    """Wrap the steps of ``prepare`` so that each adds its wall and CPU seconds to the dict returned."""
    import functools
    import importlib

    spent: dict[str, list[float]] = {}

    def wrap(owner, attribute: str, label: str) -> None:
        inner = getattr(owner, attribute)

        @functools.wraps(inner)
        def timed(*args, **kwargs):
            begin, begin_cpu = time.perf_counter(), _cpu()
            try:
                return inner(*args, **kwargs)
            finally:
                total = spent.setdefault(label, [0.0, 0.0])
                total[0] += time.perf_counter() - begin
                total[1] += _cpu() - begin_cpu

        setattr(owner, attribute, timed)

    for label, module_name, attribute in PHASES:
        module = importlib.import_module(module_name)
        if attribute == "_Check.maps":
            for method in MAPS:
                wrap(module._Check, method, label)
        elif "." in attribute:
            owner, name = attribute.split(".")
            wrap(getattr(module, owner), name, label)
        else:
            wrap(module, attribute, label)
    return spent


def _phase_figures(spent: dict[str, list[float]]) -> dict[str, list[float]]:
    """``_Check.run`` less what ran inside it (the maps and the row-by-row checker)."""
    figures, maps, python = PHASES[5][0], PHASES[4][0], PHASES[6][0]
    if figures in spent:
        for inner in (maps, python):
            for i in (0, 1):
                spent[figures][i] -= spent.get(inner, [0.0, 0.0])[i]
    return spent


def run_import(csv_path: str, db_path: str, codes: int, publish_step: bool) -> dict:
    """The project's import of the file: prepare, then commit, the publish step timed apart (or,
    without ``publish_step``, left out, so that peak memory is that of validating and inserting)."""
    from omrademonitor.access import SYSTEM
    from omrademonitor.importing import ImportSpec, commit, prepare
    from omrademonitor.presentation.import_messages import issue_message
    from omrademonitor.setup_db import load_definitions
    from omrademonitor.writer import Writer

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
    from omrademonitor.importing import sqlcheck

    used = []
    check = sqlcheck.check

    def spy(*args, **kwargs):
        result = check(*args, **kwargs)
        used.append(result is not None)
        return result

    sqlcheck.check = spy
    spent = _timed_phases()
    base = _peak_mib()
    start, cpu = time.perf_counter(), _cpu()
    data = Path(csv_path).read_bytes()
    spent["reading the file's bytes"] = [time.perf_counter() - start, _cpu() - cpu]
    prepared = prepare(data, "bench.csv", spec, registry, area_codes, this_year=2030)
    checked, cpu_checked = time.perf_counter(), _cpu()
    assert not prepared.issues, [issue_message(i) for i in prepared.issues[:3]]
    rows = prepared.row_count  # not len(observations): that would make a DataFrame of the rows
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
        "in_duckdb": bool(used and used[0]),
        "phases": _phase_figures(spent),
    }


def _child(*args: str) -> dict:
    """Run one measurement in a fresh Python process and read its figures."""
    out = subprocess.run(
        [sys.executable, "-m", "benchmarks.bench_import", *args], check=True, capture_output=True, text=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def _best(runs: list[dict], cpu) -> dict:
    """The run with the fewest CPU seconds, with the spread of all runs' CPU seconds."""
    best = dict(min(runs, key=cpu))
    best["spread"] = (min(map(cpu, runs)), max(map(cpu, runs)))
    best["peak"] = max(r["peak"] for r in runs)
    return best


def measure_file(label: str, csv_path: Path, db: Path, folder: Path, codes: int, repeat: int) -> dict:
    """Floor and import (without publish) of one file, each ``repeat`` times in fresh processes."""
    floors, imports = [], []
    for attempt in range(repeat):
        floors.append(_child("--floor", str(csv_path), str(folder / f"floor-{label}-{attempt}.duckdb")))
        target = folder / f"import-{label}-{attempt}.duckdb"
        shutil.copy(db, target)
        imports.append(_child("--import", str(csv_path), str(target), str(codes), "no-publish"))
        target.unlink()
    bare = _best(floors, lambda r: r["cpu"])
    ours = _best(imports, lambda r: r["validate_cpu"] + r["insert_cpu"])
    return {"floor": bare, "import": ours}


def print_file(label: str, rows: int, size: float, result: dict) -> float:
    bare, ours = result["floor"], result["import"]
    way = "checked in DuckDB" if ours["in_duckdb"] else "checked row by row"
    print(f"\n{label}: {size:.1f} MiB, {rows:,} rows (valid), {way}")
    print(f"  {'':<40} {'CPU s':>7} {'rows per CPU s':>15} {'wall s':>7} {'rows/s (wall)':>14} {'peak RSS':>10}")

    def line(name: str, cpu: float, wall: float, peak: float | None = None, spread=None) -> None:
        peak_text = f"{peak:6.0f} MiB" if peak is not None else ""
        spread_text = f"  (runs: {spread[0]:.2f}–{spread[1]:.2f} CPU s)" if spread else ""
        print(
            f"  {name:<40} {cpu:7.2f} {rows / cpu:15,.0f} {wall:7.2f} {rows / wall:14,.0f} {peak_text:>10}{spread_text}"
        )

    line("floor: DuckDB read_csv → table", bare["cpu"], bare["wall"], bare["peak"], bare["spread"])
    line("import: read + map + validate (prepare)", ours["validate_cpu"], ours["validate"])
    line("import: insert (commit, publish left out)", ours["insert_cpu"], ours["insert"])
    cpu = ours["validate_cpu"] + ours["insert_cpu"]
    wall = ours["validate"] + ours["insert"]
    line("import: validate + insert", cpu, wall, ours["peak"], ours["spread"])
    ratio = bare["cpu"] / cpu
    print(f"  {'rows per CPU s: import ÷ floor':<40} {ratio:7.2f}   (target ≥ {TARGET_SHARE_OF_FLOOR:.2f})")
    print(f"  {'process memory before the import':<40} {ours['base']:7.0f} MiB (libraries and definitions)")
    met = (
        f"{'met' if ratio >= TARGET_SHARE_OF_FLOOR else 'NOT met'} ≥ 1/3 of read_csv (CPU); "
        f"{'met' if ours['peak'] < TARGET_PEAK_MIB else 'NOT met'} < {TARGET_PEAK_MIB} MiB peak; "
        f"{'met' if rows / wall >= TARGET_ROWS_PER_S else 'NOT met'} ≥ {TARGET_ROWS_PER_S:,} rows/s of wall time"
    )
    print(f"  targets: {met}")
    phases = ours.get("phases") or {}
    if phases:
        print("  prepare step by step (the best run; wall and CPU s):")
        order = ["reading the file's bytes", *(label for label, _, _ in PHASES)]
        for label in order:
            if label in phases:
                wall_s, cpu_s = phases[label]
                print(f"    {label:<54} {cpu_s:5.2f} CPU s {wall_s:5.2f} wall")
        accounted = sum(phases[label][1] for label in order if label in phases)
        print(f"    {'the rest of prepare':<54} {ours['validate_cpu'] - accounted:5.2f} CPU s")
    return ratio


def main(rows: int, repeat: int = 3) -> None:
    from omrademonitor.setup_db import initialise, load_definitions

    _, registry = load_definitions()
    folder = Path(tempfile.mkdtemp())
    codes = 5000
    names = [f"5001{i:04d}" for i in range(codes)]
    db = folder / "bench.duckdb"
    initialise(db, with_demo=False)
    load = os.getloadavg()[0]
    print(f"load average (1 min) at the start: {load:.2f} on {os.cpu_count()} cores; best of {repeat} runs")
    for label, quoted in (("plain ';' file", False), ("quoted file (text in quotes, CRLF)", True)):
        csv_path = folder / ("quoted.csv" if quoted else "plain.csv")
        csv_path.write_bytes(build_csv(rows, registry, names, quoted=quoted))
        size = os.path.getsize(csv_path) / 1024 / 1024
        result = measure_file("quoted" if quoted else "plain", csv_path, db, folder, codes, repeat)
        print_file(label, rows, size, result)
    plain = folder / "plain.csv"
    full_db = folder / "bench-full.duckdb"
    shutil.copy(db, full_db)
    full = _child("--import", str(plain), str(full_db), str(codes), "publish")
    print("\nwhole import of the plain file, once (publish step included):")
    print(f"  {'publish (published layer)':<40} {full['publish_cpu']:7.2f} CPU s {full['publish']:7.2f} s wall")
    total = f"{full['total']:7.2f} s wall {full['peak']:6.0f} MiB peak"
    print(f"  {'total (with opening, closing)':<40} {'':>7}       {total}")
    print(f"load average (1 min) at the end: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--floor":
        print(json.dumps(floor(sys.argv[2], sys.argv[3])))
    elif len(sys.argv) > 1 and sys.argv[1] == "--import":
        print(json.dumps(run_import(sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5] == "publish")))
    else:
        args = sys.argv[1:]
        repeat = 3
        if "--repeat" in args:
            at = args.index("--repeat")
            repeat = int(args[at + 1])
            del args[at : at + 2]
        main(int(args[0]) if args else 1_000_000, repeat)
