"""Benchmark: publishing (disclosure control at write time) and reads from the published layer.

Prints figures beside their floor in the same run; asserts nothing. Run with `make bench`
(`python -m benchmarks.bench_publish [rows]`, default 1,000,000 rows for the synthetic store).
- the demo database: publishing it, against reading its raw observations into pandas;
- a synthetic store of ``rows`` observations (a city, 40 districts, zones under them, every
  indicator of the registry, additive counts with many small ones): publishing it in memory;
- reads a page makes (a map's indicator-year, an indicator's series), against a bare DuckDB query.
"""

from __future__ import annotations

import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from omrademonitor import views
from omrademonitor.disclosure import PUBLISHED_COLUMNS, Policy, publish
from omrademonitor.ingest import Writer
from omrademonitor.publishing import RAW_OBSERVATIONS
from omrademonitor.registry import Unit
from omrademonitor.setup_db import initialise, load_definitions
from omrademonitor.store import Store


def seconds(func, repeat: int = 1) -> tuple[float, object]:
    start = time.perf_counter()
    for _ in range(repeat):
        result = func()
    return (time.perf_counter() - start) / repeat, result


def line(label: str, value: float, floor: float | None = None, floor_label: str = "") -> None:
    ratio = f"   {value / floor:6.1f}× {floor_label} ({floor * 1000:.1f} ms)" if floor else ""
    print(f"{label:<52} {value * 1000:10.1f} ms{ratio}")


def synthetic(registry, rows: int, seed: int = 1) -> tuple[pd.DataFrame, dict, dict]:
    """An additive panel of about ``rows`` observations over every indicator of the registry."""
    rng = np.random.default_rng(seed)
    indicators = [i for i in registry if i.has_counts or i.unit == Unit.COUNT]
    districts = 40
    years = 20
    zones = max(1, round(rows / (len(indicators) * years) - districts - 1))
    parents = {"K": None} | {f"D{d}": "K" for d in range(districts)}
    parents |= {f"D{z % districts}Z{z}": f"D{z % districts}" for z in range(zones)}
    ranks = {code: 2 if parent is None else (1 if parent == "K" else 0) for code, parent in parents.items()}
    zone_codes = [c for c, r in ranks.items() if r == 0]
    zone_parent = np.array([int(parents[c][1:]) for c in zone_codes])
    frames = []
    for indicator in indicators:
        for year in range(2005, 2005 + years):
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
    took, _ = seconds(lambda: views.map_frame(store, indicator, "levekarssone", 2024), 50)
    line("map read, one indicator-year (views.map_frame)", took, floor, "bare query")
    floor, _ = seconds(lambda: con.execute(bare.replace(" AND period = ?", ""), [indicator.id]).df(), 50)
    took, _ = seconds(lambda: views.panel(store, indicator), 50)
    line("series read, one indicator (views.panel)", took, floor, "bare query")
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


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    _, registry = load_definitions()
    demo(registry)
    large(registry, rows)
    print(f"{'peak resident memory':<52} {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:10.0f} MiB")


if __name__ == "__main__":
    main()
