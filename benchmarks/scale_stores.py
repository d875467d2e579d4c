"""The S, M and L stores of ``bench_scale``, built through the project's own schema and cached.

- S: the demo database exactly as ``python -m omrademonitor init`` builds it (one municipality,
  4 districts, 60 living-condition zones, the registry's indicators, published through disclosure control).
- M: S plus 500 basic units (grunnkretser) under its zones: one municipality at grunnkrets level.
- L: M plus 356 more municipalities and 13,500 more basic units (14,421 areas), 60 indicators
  (the registry's, and copies of them under new ids up to 60) and 20 years: 17.3 million figures.

For M and L the published layer is written directly (``INSERT … SELECT`` in DuckDB, in the
order ``publishing`` writes it: indicator, period, area; and its copies ordered by area) with
deterministic pseudo-random figures, about 5 % of them hidden (status ``suppressed``, no
numbers), instead of importing raw figures and republishing: a full republish at that size is
measured elsewhere (``bench_publish``). Everything the views read (areas, levels, the published
layer, batches, programme data) is in the project's schema; the raw ``observations`` table keeps
only the demo's figures.

Stores are cached under ``tmp/benchmark/`` (delete it to rebuild); a store is rebuilt when this
file or the schema changes.
"""

from __future__ import annotations

import hashlib
import shutil
import time
from pathlib import Path

import duckdb

from omrademonitor import PROJECT_ROOT
from omrademonitor.indicator_registry import Registry
from omrademonitor.schema import LATEST_VERSION
from omrademonitor.setup_db import initialise

CACHE = PROJECT_ROOT / "tmp" / "benchmark"
YEARS = (2005, 2024)  # 20 years, inclusive
SIZES = {  # basic units under the demo city, other municipalities, basic units under them, indicators
    "M": (500, 0, 0, None),
    "L": (500, 356, 13_500, 60),
}
HIDDEN_PERCENT = 5
# L also holds figures by breakdown (``published_breakdowns``): by sex for the first indicators of
# ``broken_down`` and by age group for the first two of them too.
BREAKDOWN_INDICATORS = {"L": 6}
PARTS = {"sex": ("female", "male"), "age_group": ("0_17", "18_66", "67_plus")}
BY_AGE = 2


def _fingerprint() -> str:
    text = Path(__file__).read_bytes() + str(LATEST_VERSION).encode()
    return hashlib.sha256(text).hexdigest()[:10]


def scaled_registry(registry: Registry, size: str) -> Registry:
    """The registry of a store: S and M use the real one; L adds copies under new ids up to 60."""
    wanted = SIZES.get(size, (0, 0, 0, None))[3]
    if not wanted or wanted <= len(registry):
        return registry
    real = list(registry)
    originals = [real[k % len(real)] for k in range(wanted - len(real))]
    copies = [ind.model_copy(update={"id": f"{ind.id}_x{k}"}) for k, ind in enumerate(originals)]
    scaled = Registry([*real, *copies])
    chosen = broken_down(scaled, size)
    declared = {i: ["sex", "age_group"] if k < BY_AGE else ["sex"] for k, i in enumerate(chosen)}
    return Registry(
        [ind.model_copy(update={"breakdowns": declared[ind.id]}) if ind.id in declared else ind for ind in scaled]
    )


def broken_down(registry: Registry, size: str) -> list[str]:
    """The indicators a store holds figures by breakdown for: the default map indicator first, then
    copies (none in S and M)."""
    wanted = BREAKDOWN_INDICATORS.get(size, 0)
    if not wanted:
        return []
    first = registry.default_map_indicator().id
    return [first, *[i for i in registry.ids() if "_x" in i and i != first]][:wanted]


def store_path(size: str, registry: Registry) -> tuple[Path, float | None]:
    """The cached store of ``size`` (built if missing) and the seconds building took (None if cached)."""
    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / f"{size}-{_fingerprint()}.duckdb"
    if path.exists():
        return path, None
    started = time.perf_counter()
    partial = path.with_suffix(".building")
    partial.unlink(missing_ok=True)
    if size == "S":
        initialise(partial)
    else:
        small, _ = store_path("S", registry)
        shutil.copy(small, partial)
        _grow(partial, size, scaled_registry(registry, size))
    partial.rename(path)
    return path, time.perf_counter() - started


def _grow(path: Path, size: str, registry: Registry) -> None:
    local, municipalities, remote, _ = SIZES[size]
    con = duckdb.connect(str(path), config={"memory_limit": "2GB", "temp_directory": str(CACHE / "spill")})
    try:
        con.execute("BEGIN TRANSACTION")
        city = con.execute("SELECT code FROM areas WHERE level = 'kommune'").fetchone()[0]
        zone_rows = con.execute("SELECT code FROM areas WHERE level = 'levekarssone' ORDER BY code").fetchall()
        zones = [row[0] for row in zone_rows]
        con.execute(
            """INSERT INTO areas SELECT 'K' || lpad(i::VARCHAR, 4, '0'), 'Kommune ' || i, 'kommune', NULL,
                   NULL, NULL, NULL FROM range(1, $n + 1) t(i)""",
            {"n": municipalities},
        )
        con.execute(
            """INSERT INTO areas SELECT $city || lpad(i::VARCHAR, 4, '0'), 'Grunnkrets ' || i, 'grunnkrets',
                   $zones[i % len($zones) + 1], NULL, NULL, NULL FROM range($n) t(i)""",
            {"city": city, "zones": zones, "n": local},
        )
        con.execute(
            """INSERT INTO areas SELECT 'G' || lpad(i::VARCHAR, 7, '0'), 'Grunnkrets ' || i, 'grunnkrets',
                   'K' || lpad((i % $m + 1)::VARCHAR, 4, '0'), NULL, NULL, NULL FROM range($n) t(i)""",
            {"m": max(municipalities, 1), "n": remote},
        )
        batch = con.execute("SELECT max(batch_id) FROM import_batches WHERE kind = 'observations'").fetchone()[0]
        con.execute("DELETE FROM published_observations")
        con.execute(
            """INSERT INTO published_observations
               WITH cells AS (
                   SELECT i.id AS indicator_id, a.code AS area_code, p.period::INTEGER AS period,
                          hash(i.id, a.code, p.period) AS h
                   FROM (SELECT unnest($ids) AS id) i CROSS JOIN areas a CROSS JOIN range($first, $last + 1) p(period))
               SELECT indicator_id, area_code, period,
                      CASE WHEN hidden THEN NULL ELSE (h % 10000) / 100.0 END AS value,
                      CASE WHEN hidden THEN NULL ELSE (h % 10000) / 100.0 * 5 END AS numerator,
                      CASE WHEN hidden THEN NULL ELSE 500.0 END AS denominator,
                      NULL::DOUBLE, NULL::DOUBLE,
                      CASE WHEN hidden THEN 'suppressed' ELSE 'final' END AS status, $batch AS batch_id
               FROM (SELECT *, (h >> 20) % 100 < $hidden AS hidden FROM cells)
               ORDER BY indicator_id, period, area_code""",
            {
                "ids": registry.ids(),
                "first": YEARS[0],
                "last": YEARS[1],
                "batch": batch,
                "hidden": HIDDEN_PERCENT,
            },
        )
        chosen = broken_down(registry, size)
        if chosen:
            parts = [(b, c) for b in PARTS for c in PARTS[b]]
            con.execute("DELETE FROM published_breakdowns")
            con.execute(
                """INSERT INTO published_breakdowns
                   WITH chosen AS (SELECT unnest($ids) AS id, unnest($ranks) AS k),
                   parts AS (SELECT unnest($b) AS breakdown, unnest($c) AS category),
                   cells AS (
                       SELECT i.id AS indicator_id, a.code AS area_code, p.period::INTEGER AS period,
                              parts.breakdown, parts.category, hash(i.id, a.code, p.period, parts.category) AS h
                       FROM chosen i JOIN parts ON parts.breakdown = 'sex' OR i.k < $by_age
                       CROSS JOIN areas a CROSS JOIN range($first, $last + 1) p(period))
                   SELECT indicator_id, area_code, period,
                          CASE WHEN hidden THEN NULL ELSE (h % 10000) / 100.0 END,
                          CASE WHEN hidden THEN NULL ELSE (h % 10000) / 100.0 * 2 END,
                          CASE WHEN hidden THEN NULL ELSE 200.0 END,
                          NULL::DOUBLE, NULL::DOUBLE,
                          CASE WHEN hidden THEN 'suppressed' ELSE 'final' END, $batch, breakdown, category
                   FROM (SELECT *, (h >> 20) % 100 < $hidden * 2 AS hidden FROM cells)
                   ORDER BY indicator_id, breakdown, category, period, area_code""",
                {
                    "ids": chosen,
                    "ranks": list(range(len(chosen))),
                    "b": [p[0] for p in parts],
                    "c": [p[1] for p in parts],
                    "by_age": BY_AGE,
                    "first": YEARS[0],
                    "last": YEARS[1],
                    "batch": batch,
                    "hidden": HIDDEN_PERCENT,
                },
            )
        con.execute("DELETE FROM published_breakdowns_by_area")
        con.execute(
            """INSERT INTO published_breakdowns_by_area SELECT * FROM published_breakdowns
               ORDER BY area_code, indicator_id, breakdown, category, period"""
        )
        con.execute("DELETE FROM published_by_area")
        con.execute(
            """INSERT INTO published_by_area SELECT * FROM published_observations
               ORDER BY area_code, indicator_id, period"""
        )
        con.execute("COMMIT")
        con.execute("CHECKPOINT")
    finally:
        con.close()
