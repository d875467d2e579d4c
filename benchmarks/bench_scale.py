"""Benchmark: every view's data function on the S, M and L stores, beside its bare-DuckDB floor.

Prints figures; asserts nothing. Run with `make bench` or `python -m benchmarks.bench_scale [S M L]`.
Stores (``scale_stores``) are built once and cached under tmp/benchmark/. Each size runs in a process
of its own, so its peak resident memory (RSS) is that of an app process serving those views; the
SQL console's research copy is made in another process of its own and measured the same way.

For each view: its data function (what ``ui/cached.py`` calls; no Streamlit cache, every call goes to
the store) 20 times, p50 and p95; the floor is the same SQL run on the same connection and fetched
as Arrow (no pandas, no Python work), 20 times; the ratio is p50 over the floor's p50. A view that
runs several queries has the sum of its queries as floor. Targets at L: p95 ≤ 50 ms, ratio ≤ 5×,
peak memory ≤ 1 GB (app process and research copy).
"""

from __future__ import annotations

import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from benchmarks.scale_stores import broken_down, scaled_registry, store_path
from omrademonitor import effects, figures, tracking
from omrademonitor.queries import QUERIES
from omrademonitor.setup_db import PROGRAMMES_DIR, load_definitions
from omrademonitor.store import Store

RUNS = 20
TARGET_MS = 50.0
TARGET_RATIO = 5.0
TARGET_MEMORY_MB = 1024


def timings(func, runs: int = RUNS) -> tuple[float, float, float]:
    """CPU time of the process (all threads) per call, p50 and p95, and wall time p50, in ms.

    CPU time is the main figure: this machine's two cores are shared, and wall time under others'
    load says more about them than about the code (the issue's own table is in CPU seconds too)."""
    cpu, wall = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        func()
        cpu.append((time.process_time() - start_cpu) * 1000)
        wall.append((time.perf_counter() - start) * 1000)
    return float(np.percentile(cpu, 50)), float(np.percentile(cpu, 95)), float(np.percentile(wall, 50))


def peak_mb() -> float:
    """This process's peak resident memory (VmHWM: unlike ``ru_maxrss``, not inherited from the parent
    that built the stores)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def floor(store: Store, *queries: tuple[str, dict]):
    """The bare queries: the same SQL on the same connection, results fetched as Arrow."""

    def run():
        for name, params in queries:
            cursor = store._con.cursor()
            try:
                cursor.sql(QUERIES[name], params=params).to_arrow_table()
            finally:
                cursor.close()

    return run


def measure_size(size: str) -> None:
    programmes, real = load_definitions()
    programme = programmes["trondheim"]
    registry = scaled_registry(real, size)
    path, built = store_path(size, real)
    store = Store(path)
    con = store._con
    rows = con.execute("SELECT count(*) FROM published_observations").fetchone()[0]
    units = con.execute("SELECT count(*) FROM areas").fetchone()[0]
    indicators = con.execute("SELECT count(DISTINCT indicator_id) FROM published_observations").fetchone()[0]
    built_text = "cached" if built is None else f"built in {built:.0f} s"
    parts = con.execute("SELECT count(*) FROM published_breakdowns").fetchone()[0]
    print(
        f"\n== {size}: {units:,} areas, {indicators} indicators, {rows:,} published figures, "
        f"{parts:,} by breakdown ({built_text})"
    )
    indicator = real.default_map_indicator()
    level = "grunnkrets" if size != "S" else "levekarssone"
    year = 2020
    areas = [*programme.programme_area_codes, programme.municipality_code]
    city = programme.municipality_code
    focus = programme.programme_area_codes[0]
    goals = tracking.stored_goals(store, programme, registry, PROGRAMMES_DIR)
    measures = tracking.stored_measures(store, programme.id)
    effect_ids = goals.effect_indicators()
    progress_ids = list(dict.fromkeys([*effect_ids, *(o.indicator_id for m in measures for o in m.outputs)]))
    headline_ids = [i.id for i in registry if i.headline]
    one = {"indicator_id": indicator.id}
    cases = [
        (
            f"map page: values, one indicator-year ({level})",
            lambda: figures.map_values(store, indicator, level, year),
            floor(store, ("period_figures", one | {"level": level, "period": year})),
        ),
        (
            f"map page: years of the indicator ({level})",
            lambda: figures.periods(store, indicator, level),
            floor(store, ("periods", one | {"level": level})),
        ),
        (
            "map page: the city's value (reference)",
            lambda: figures.reference_value(store, indicator, city, "kommune", year),
            floor(store, ("shown_value", one | {"area_code": city, "level": "kommune", "period": year})),
        ),
        (
            "map page: change between two years (values)",
            lambda: figures.change_values(store, indicator, level, 2015, year),
            floor(store, ("change_figures", one | {"level": level, "first": 2015, "last": year})),
        ),
        (
            "  the same as two map reads (before, for comparison)",
            lambda: (
                figures.map_values(store, indicator, level, 2015),
                figures.map_values(store, indicator, level, year),
            ),
            floor(
                store,
                ("period_figures", one | {"level": level, "period": 2015}),
                ("period_figures", one | {"level": level, "period": year}),
            ),
        ),
        (
            "explorer: series, programme areas + city",
            lambda: figures.series(store, indicator, areas),
            floor(store, ("area_figures", {"indicator_ids": [indicator.id], "area_codes": areas})),
        ),
        (
            f"overview: headline table ({len(headline_ids)} indicators)",
            lambda: figures.headline_table(store, registry, programme),
            floor(store, ("area_figures", {"indicator_ids": headline_ids, "area_codes": areas})),
        ),
        (
            f"profile: one area, {len(registry)} indicators",
            lambda: figures.area_profile(store, registry, programme, focus),
            floor(store, ("area_figures", {"indicator_ids": registry.ids(), "area_codes": [focus, city]})),
        ),
        (
            f"focus areas: progress ({len(progress_ids)} indicators)",
            lambda: tracking.indicator_progress(store, registry, programme, goals, measures),
            floor(
                store,
                ("area_figures", {"indicator_ids": progress_ids, "area_codes": list(programme.programme_area_codes)}),
            ),
        ),
        (
            "effects: zone figures of one indicator",
            lambda: effects.zone_values(store, indicator),
            floor(store, ("level_figures", one | {"level": effects.LEVEL})),
        ),
    ]
    by_sex = ("sex", "female")
    if indicator.id in broken_down(registry, size):  # L: the figures for women beside the totals
        cases += [
            (
                f"map page: values for women ({level})",
                lambda: figures.map_values(store, indicator, level, year, by_sex),
                floor(
                    store,
                    (
                        "part_period_figures",
                        one | {"level": level, "period": year, "breakdown": "sex", "category": "female"},
                    ),
                ),
            ),
            (
                "explorer: series for women, programme areas + city",
                lambda: figures.series(store, indicator, areas, by_sex),
                floor(
                    store,
                    (
                        "part_area_figures",
                        {
                            "indicator_ids": [indicator.id],
                            "area_codes": areas,
                            "breakdown": "sex",
                            "category": "female",
                        },
                    ),
                ),
            ),
        ]
    print(
        f"{'view data function (ms; CPU unless wall)':<50} {'p50':>7} {'p95':>7} {'wall50':>7} "
        f"{'floor50':>7} {'ratio':>6}  p95≤{TARGET_MS:.0f} ratio≤{TARGET_RATIO:.0f}"
    )
    for label, func, bare in cases:
        func()  # the first call opens what DuckDB opens lazily; the 20 timed calls follow
        p50, p95, wall = timings(func)
        f50, _, _ = timings(bare)
        ratio = p50 / f50
        meets = f"{'ok' if p95 <= TARGET_MS else 'MISSED':>6} {'ok' if ratio <= TARGET_RATIO else 'MISSED':>6}"
        print(f"{label:<50} {p50:7.1f} {p95:7.1f} {wall:7.1f} {f50:7.1f} {ratio:5.1f}×  {meets}")
    if size == "S":
        p50, p95, wall = timings(lambda: figures.map_frame(store, indicator, level, year), 5)
        print(f"{'map frame with shapes, zones (shapes: wt-mapspeed)':<50} {p50:7.1f} {p95:7.1f} {wall:7.1f}")
    store.close()
    memory = peak_mb()
    verdict = "ok" if memory <= TARGET_MEMORY_MB else "MISSED"
    print(f"{'peak memory of this app process (RSS)':<50} {memory:7.0f} MB  {verdict}")


def measure_research_copy(size: str) -> None:
    from omrademonitor.sql_console import build_research_copy

    _, real = load_definitions()
    path, _ = store_path(size, real)
    store = Store(path)
    with tempfile.TemporaryDirectory() as folder:
        start = time.perf_counter()
        copy = build_research_copy(store, Path(folder) / "research.duckdb")
        took = time.perf_counter() - start
        size_mb = sum(f.stat().st_size for f in Path(folder).iterdir()) / 2**20
        _ = copy
    store.close()
    memory = peak_mb()
    print(
        f"{'SQL console research copy (made once per version)':<52} {took * 1000:7.0f} ms, {size_mb:.0f} MB on disk, "
        f"peak {memory:.0f} MB RSS  {'ok' if memory <= TARGET_MEMORY_MB else 'MISSED'}"
    )


def main(argv: list[str]) -> None:
    if len(argv) == 2 and argv[0] in ("--size", "--copy"):
        (measure_size if argv[0] == "--size" else measure_research_copy)(argv[1])
        return
    sizes = argv or ["S", "M", "L"]
    _, real = load_definitions()
    for size in sizes:
        start = time.perf_counter()
        _, built = store_path(size, real)
        if built is not None:
            print(f"built the {size} store in {time.perf_counter() - start:.0f} s")
    for size in sizes:
        for mode in ("--size", "--copy"):
            subprocess.run([sys.executable, "-m", "benchmarks.bench_scale", mode, size], check=True)


if __name__ == "__main__":
    main(sys.argv[1:])
