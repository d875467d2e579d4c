"""Benchmark: publishing (disclosure control at write time) and reads from the published layer.

Prints figures beside their floor in the same run; asserts nothing. Run with `make bench`
(`python -m benchmarks.bench_publish [rows]`, default 1,000,000 rows for the synthetic store).
- the demo database: publishing it, against reading its raw observations into pandas;
- a synthetic store of ``rows`` observations (a city, 40 districts, zones under them, every
  indicator of the registry, additive counts with many small ones): publishing it in memory;
- reads a page makes (a map's indicator-year, an indicator's series), against a bare DuckDB query;
- incremental publishing in a store of ``rows`` observations built through ``Writer``: importing
  one new period (every indicator) and one new indicator (every period), published incrementally
  and, for comparison, with a full republish; wall time and peak resident memory of each, beside a
  bare DuckDB insert of the same rows into a plain table (``--no-store`` skips this part);
- with ``--fresh`` instead: the peak memory of a full republish and of each import in a process of
  its own (the in-process peaks above include this benchmark's own frames).
"""

from __future__ import annotations

import contextlib
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from omrademonitor import figures
from omrademonitor.access import Principal, Role
from omrademonitor.disclosure import PUBLISHED_COLUMNS, Policy, publish
from omrademonitor.indicator_registry import Unit
from omrademonitor.publishing import RAW_OBSERVATIONS
from omrademonitor.setup_db import initialise, load_definitions
from omrademonitor.store import Store
from omrademonitor.writer import BatchInfo, Writer


def seconds(func, repeat: int = 1) -> tuple[float, object]:
    start = time.perf_counter()
    for _ in range(repeat):
        result = func()
    return (time.perf_counter() - start) / repeat, result


def line(label: str, value: float, floor: float | None = None, floor_label: str = "") -> None:
    ratio = f"   {value / floor:6.1f}× {floor_label} ({floor * 1000:.1f} ms)" if floor else ""
    print(f"{label:<52} {value * 1000:10.1f} ms{ratio}")


def synthetic(
    registry, rows: int, seed: int = 1, years: range = range(2005, 2025), only: list[str] | None = None, zones=None
) -> tuple[pd.DataFrame, dict, dict]:
    """An additive panel of about ``rows`` observations over every indicator of the registry
    (or the indicators ``only``, for the ``years`` given; ``zones`` fixes the number of zones)."""
    rng = np.random.default_rng(seed)
    indicators = [i for i in registry if (i.has_counts or i.unit == Unit.COUNT) and (only is None or i.id in only)]
    districts = 40
    if zones is None:
        zones = max(1, round(rows / (len(indicators) * len(years)) - districts - 1))
    parents = {"K": None} | {f"D{d}": "K" for d in range(districts)}
    parents |= {f"D{z % districts}Z{z}": f"D{z % districts}" for z in range(zones)}
    ranks = {code: 2 if parent is None else (1 if parent == "K" else 0) for code, parent in parents.items()}
    zone_codes = [c for c, r in ranks.items() if r == 0]
    zone_parent = np.array([int(parents[c][1:]) for c in zone_codes])
    frames = []
    for indicator in indicators:
        for year in years:
            denominator = rng.poisson(300, len(zone_codes)).astype(float)
            numerator = rng.binomial(denominator.astype(int), rng.uniform(0.002, 0.08)).astype(float)
            d_num = np.bincount(zone_parent, numerator, districts)
            d_den = np.bincount(zone_parent, denominator, districts)
            num = np.concatenate([numerator, d_num, [numerator.sum()]])
            den = np.concatenate([denominator, d_den, [denominator.sum()]])
            codes = [*zone_codes, *(f"D{d}" for d in range(districts)), "K"]
            value_is_count = indicator.unit == Unit.COUNT
            frames.append(
                pd.DataFrame(
                    {
                        "indicator_id": indicator.id,
                        "area_code": codes,
                        "period": year,
                        "value": num if value_is_count else num / np.maximum(den, 1) * indicator.scale,
                        "numerator": np.nan if value_is_count and not indicator.numerator else num,
                        "denominator": den if indicator.denominator else np.nan,
                        "ci_lower": np.nan,
                        "ci_upper": np.nan,
                        "status": "final",
                        "batch_id": 1,
                    }
                )
            )
    return pd.concat(frames, ignore_index=True)[PUBLISHED_COLUMNS], parents, ranks


def demo(registry) -> None:
    folder = Path(tempfile.mkdtemp())
    db = folder / "bench.duckdb"
    initialise(db)
    with Writer(db) as writer:
        raw_read, raw = seconds(lambda: writer.con.execute(RAW_OBSERVATIONS).df(), 5)

        def republish():
            with writer.transaction() as con:
                return writer._publish(con)

        took, result = seconds(republish, 3)
    print(f"{'demo database: observations':<52} {len(raw):10d}")
    line("demo: publish (read, protect, write; mean of 3)", took, raw_read, "raw read into pandas")
    print(
        f"{'demo: hidden by source / rule / as partners':<52} {result.hidden_by_source:>6} / "
        f"{result.hidden_by_rule} / {result.hidden_to_protect}, unprotectable {result.unprotectable}"
    )
    store = Store(db)
    con = store._con.cursor()  # the same read connection, bare
    indicator = registry.default_map_indicator()
    bare = "SELECT * FROM published_observations WHERE indicator_id = ? AND period = ?"
    floor, _ = seconds(lambda: con.execute(bare, [indicator.id, 2024]).df(), 50)
    took, _ = seconds(lambda: figures.map_frame(store, indicator, "levekarssone", 2024), 50)
    line("map read, one indicator-year (figures.map_frame)", took, floor, "bare query")
    floor, _ = seconds(lambda: con.execute(bare.replace(" AND period = ?", ""), [indicator.id]).df(), 50)
    took, _ = seconds(lambda: figures.panel(store, indicator), 50)
    line("series read, one indicator (figures.panel)", took, floor, "bare query")
    con.close()
    store.close()
    shutil.rmtree(folder)


def large(registry, rows: int) -> None:
    raw, parents, ranks = synthetic(registry, rows)
    print(f"{'synthetic store: observations / areas':<52} {len(raw):10d} / {len(parents)}")
    con = duckdb.connect()
    con.register("raw_frame", raw)
    floor, _ = seconds(lambda: con.execute("CREATE OR REPLACE TABLE t AS SELECT * FROM raw_frame"))
    took, result = seconds(lambda: publish(raw, parents, ranks, registry, Policy(), "bench-key"))
    line("synthetic: publish in memory", took, floor, "DuckDB copy of the rows")
    print(
        f"{'synthetic: hidden by rule / as partners':<52} {result.hidden_by_rule:>10} / "
        f"{result.hidden_to_protect}, unprotectable {result.unprotectable}"
    )


def peak_reset() -> None:
    """Start a new peak of resident memory for this process (Linux: clear_refs 5)."""
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")


def peak_mib() -> float:
    """Peak resident memory since the last ``peak_reset`` (VmHWM), MiB."""
    for text in Path("/proc/self/status").read_text().splitlines():
        if text.startswith("VmHWM:"):
            return int(text.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class FullWriter(Writer):
    """The writer as it was before incremental publishing: every write republishes everything."""

    def _publish(self, con, full: bool = False):
        return super()._publish(con, full=True)


BENCH_ACTOR = Principal("bench", Role.ADMIN)
NEW_PERIOD = 2024
NEW_INDICATOR = "persistent_low_income"  # counts of its own: the store is built without it


def rss_mib() -> float:
    for text in Path("/proc/self/status").read_text().splitlines():
        if text.startswith("VmRSS:"):
            return int(text.split()[1]) / 1024
    return float("nan")


def measured(func) -> tuple[float, float, float]:
    """Wall time, peak resident memory during ``func``, and resident memory before it (the
    benchmark's own frames and DuckDB's caches: the peak includes them)."""
    before = rss_mib()
    peak_reset()
    took, _ = seconds(func)
    return took, peak_mib(), before


def store_line(label: str, took: float, peak: float, before: float, floor: float, base: float | None = None) -> None:
    versus = f"   {took / base:6.2f}× full" if base else ""
    floors = f"{took / floor:7.1f}× bare insert ({floor * 1000:.0f} ms)"
    print(f"{label:<36} {took:9.2f} s {peak:7.0f} MiB (from {before:5.0f}) {floors}{versus}")


def incremental(registry, rows: int) -> None:
    """Imports into a store of ``rows`` observations: incremental against full republishing."""
    folder = Path(tempfile.mkdtemp())
    try:
        _incremental(registry, rows, folder)
    finally:
        shutil.rmtree(folder)


def _incremental(registry, rows: int, folder: Path) -> None:
    db, base, _, period, indicator, columns = _store(registry, rows, folder)
    bare = duckdb.connect(str(folder / "bare.duckdb"))
    bare.register("base_frame", base)
    print(f"{'':<36} {'wall':>11} {'peak RSS (RSS before)':>23}  ratios")
    for label, frame in (("one new period", period), ("one new indicator", indicator)):
        bare.execute("CREATE OR REPLACE TABLE t AS SELECT * FROM base_frame")
        bare.register("new_frame", frame)
        floor, _ = seconds(lambda: bare.execute("INSERT INTO t SELECT * FROM new_frame"))
        info = BatchInfo("bench", label)
        shutil.copy(db, folder / "full.duckdb")
        with FullWriter(folder / "full.duckdb") as writer:
            full = measured(lambda w=writer, f=frame, i=info: w.add_observations(f[columns], i, BENCH_ACTOR))
        (folder / "full.duckdb").unlink()
        with Writer(db) as writer:
            batch = []
            inc = measured(
                lambda w=writer, f=frame, i=info, b=batch: b.append(w.add_observations(f[columns], i, BENCH_ACTOR))
            )
            writer.rollback_batch(batch[0], BENCH_ACTOR)  # back to the same store for the next import
        print(f"import {label} ({len(frame)} rows)")
        store_line("  full republish (as before)", *full, floor)
        store_line("  incremental", *inc, floor, full[0])
    bare.close()


def _store(registry, rows: int, folder: Path):
    """A store of about ``rows`` observations built through ``Writer``, and the frames of one new
    period and one new indicator to import into it."""
    everything = [i.id for i in registry if (i.has_counts or i.unit == Unit.COUNT) and i.id != NEW_INDICATOR]
    base, parents, ranks = synthetic(registry, rows, years=range(2005, NEW_PERIOD), only=everything)
    zones = sum(1 for r in ranks.values() if r == 0)
    period, _, _ = synthetic(registry, 0, seed=2, years=range(NEW_PERIOD, NEW_PERIOD + 1), only=everything, zones=zones)
    indicator, _, _ = synthetic(registry, 0, seed=3, years=range(2005, NEW_PERIOD), only=[NEW_INDICATOR], zones=zones)
    levels = {2: "kommune", 1: "bydel", 0: "levekarssone"}
    areas = pd.DataFrame(
        {
            "code": list(parents),
            "name": list(parents),
            "level": [levels[ranks[c]] for c in parents],
            "parent_code": list(parents.values()),
            "point_lon": np.nan,
            "point_lat": np.nan,
            "area_km2": np.nan,
        }
    )
    db = folder / "store.duckdb"
    initialise(db, with_demo=False)
    columns = [c for c in PUBLISHED_COLUMNS if c != "batch_id"]
    with Writer(db) as writer:
        con = writer.con
        con.execute("DELETE FROM area_geometries")  # the bundled shapes' areas are replaced below
        con.execute("DELETE FROM areas")
        writer.replace_areas(areas, BatchInfo("bench", "areas"), BENCH_ACTOR)
        took, peak, before = measured(
            lambda: writer.add_observations(base[columns], BatchInfo("bench", "base"), BENCH_ACTOR)
        )
        print(f"{'store: observations / areas':<52} {len(base):10d} / {len(parents)}")
        print(f"{'store: first import (publishes all)':<36} {took:9.2f} s {peak:7.0f} MiB (from {before:5.0f})")
    return db, base, parents, period, indicator, columns


def fresh(registry, rows: int) -> None:
    """Peak memory of publishing in a process of its own (libraries included, nothing of this
    benchmark's): a full republish of a store of ``rows`` observations, and the imports of one new
    period and one new indicator into it with incremental publishing (issue 14: ≤ 1 GB)."""
    folder = Path(tempfile.mkdtemp())
    try:
        db, _, _, period, indicator, columns = _store(registry, rows, folder)
        period[columns].to_parquet(folder / "period.parquet")
        indicator[columns].to_parquet(folder / "indicator.parquet")
        print(f"{'in a fresh process each':<36} {'wall':>11} {'peak RSS':>9} {'CPU s':>7}")
        for label, args in (
            ("full republish", ["--child-full", str(db)]),
            ("import one new period", ["--child-import", str(db), str(folder / "period.parquet")]),
            ("import one new indicator", ["--child-import", str(db), str(folder / "indicator.parquet")]),
        ):
            shutil.copy(db, folder / "copy.duckdb")
            args[1] = str(folder / "copy.duckdb")
            out = subprocess.run(
                [sys.executable, "-m", "benchmarks.bench_publish", *args], check=True, capture_output=True, text=True
            )
            measured = json.loads(out.stdout.strip().splitlines()[-1])
            note = "  (target ≤ 1024 MiB: " + ("met)" if measured["peak"] <= 1024 else "NOT met)")
            print(f"  {label:<34} {measured['wall']:9.2f} s {measured['peak']:5.0f} MiB {measured['cpu']:7.2f}{note}")
            (folder / "copy.duckdb").unlink()
    finally:
        shutil.rmtree(folder)


def _child(args: list[str]) -> dict:
    """One publishing step in this (fresh) process: its wall time, CPU seconds and peak RSS."""
    start, usage = time.perf_counter(), resource.getrusage(resource.RUSAGE_SELF)
    with Writer(Path(args[1])) as writer:
        if args[0] == "--child-full":
            with writer.transaction() as con:
                writer._publish(con, full=True)
        else:
            frame = pd.read_parquet(args[2])
            writer.add_observations(frame, BatchInfo("bench", args[2]), BENCH_ACTOR)
    after = resource.getrusage(resource.RUSAGE_SELF)
    cpu = after.ru_utime + after.ru_stime - usage.ru_utime - usage.ru_stime
    return {"wall": time.perf_counter() - start, "cpu": cpu, "peak": peak_mib()}


def main() -> None:
    if sys.argv[1:2] and sys.argv[1] in ("--child-full", "--child-import"):
        print(json.dumps(_child(sys.argv[1:])))
        return
    arguments = [a for a in sys.argv[1:] if not a.startswith("--")]
    rows = int(arguments[0]) if arguments else 1_000_000
    _, registry = load_definitions()
    if "--store-only" not in sys.argv:
        demo(registry)
        large(registry, rows)
    if "--fresh" in sys.argv:
        fresh(registry, rows)
    elif "--no-store" not in sys.argv:
        incremental(registry, rows)
    print(f"{'peak resident memory':<52} {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:10.0f} MiB")


if __name__ == "__main__":
    main()
