"""Rolling back import batches in any order: later batches keep their figures and shapes, and
rolling those back later brings back what was there before either (issue 19)."""

from __future__ import annotations

import itertools
import shutil

import geopandas as gpd
import pandas as pd
import pytest
import shapely

from omrademonitor.access import Principal, Role
from omrademonitor.store import read_only_connection
from omrademonitor.writer import BatchInfo, Writer

EDITOR = Principal("eva", Role.EDITOR)
ZONES = ["5001LKS20", "5001LKS21"]


@pytest.fixture()
def db(demo_db, tmp_path):
    path = tmp_path / "rollback.duckdb"
    shutil.copy(demo_db, path)
    return path


def shapes_now(db) -> dict[str, tuple[bytes, int]]:
    con = read_only_connection(db)
    try:
        rows = con.execute(
            "SELECT area_code, geometry, batch_id FROM area_geometries WHERE area_code IN (SELECT unnest(?))", [ZONES]
        ).fetchall()
        duplicates = con.execute("SELECT count(*) - count(DISTINCT area_code) FROM area_geometries").fetchone()[0]
    finally:
        con.close()
    assert duplicates == 0
    return {code: (bytes(geometry), batch) for code, geometry, batch in rows}


def moved(db, codes: list[str], metres: float, tag: str) -> gpd.GeoDataFrame:
    current = shapes_now(db)
    geometries = [shapely.affinity.translate(shapely.from_wkb(current[c][0]), metres, 0) for c in codes]
    return gpd.GeoDataFrame({"code": codes}, geometry=geometries, crs="EPSG:25833")


def import_shapes(db, codes: list[str], metres: float, tag: str) -> int:
    shapes = moved(db, codes, metres, tag)
    with Writer(db) as writer:
        return writer.replace_geometries(shapes, BatchInfo(tag, tag), approximate=True, actor=EDITOR)


def rollback(db, batch: int) -> None:
    with Writer(db) as writer:
        writer.rollback_batch(batch, EDITOR)


@pytest.mark.parametrize("order", ["earlier_first", "later_first"])
def test_boundary_batches_roll_back_in_any_order(db, order):
    original = shapes_now(db)
    first = import_shapes(db, ZONES, 10, "first")  # both zones
    after_first = shapes_now(db)
    second = import_shapes(db, ZONES[:1], 20, "second")  # one of them again
    after_second = shapes_now(db)
    if order == "earlier_first":
        rollback(db, first)  # was: ConstraintException: Duplicate key
        now = shapes_now(db)
        assert now[ZONES[0]] == after_second[ZONES[0]]  # the later batch keeps its shape
        assert now[ZONES[1]] == original[ZONES[1]]  # the rest is as before the first batch
        rollback(db, second)
    else:
        rollback(db, second)
        assert shapes_now(db) == after_first
        rollback(db, first)
    assert shapes_now(db) == original


def a_figure(db) -> pd.Series:
    con = read_only_connection(db)
    try:
        return (
            con.execute(
                """SELECT indicator_id, area_code, period, value FROM current_observations
               WHERE status = 'final' AND numerator IS NULL ORDER BY ALL LIMIT 1"""
            )
            .df()
            .iloc[0]
        )
    finally:
        con.close()


def value_now(db, row) -> float:
    con = read_only_connection(db)
    try:
        values = con.execute(
            "SELECT value FROM current_observations WHERE indicator_id = ? AND area_code = ? AND period = ?",
            [row.indicator_id, row.area_code, int(row.period)],
        ).fetchall()
    finally:
        con.close()
    assert len(values) == 1
    return values[0][0]


def revise(db, row, value: float, tag: str) -> int:
    frame = pd.DataFrame([{"indicator_id": row.indicator_id, "area_code": row.area_code, "period": row.period}])
    frame["value"] = value
    with Writer(db) as writer:
        return writer.add_observations(frame, BatchInfo(tag, tag), EDITOR)


@pytest.mark.parametrize("order", ["earlier_first", "later_first"])
def test_observation_batches_roll_back_in_any_order(db, order):
    row = a_figure(db)
    first = revise(db, row, row.value + 1, "first")
    second = revise(db, row, row.value + 2, "second")
    if order == "earlier_first":
        rollback(db, first)
        assert value_now(db, row) == row.value + 2
        rollback(db, second)
    else:
        rollback(db, second)
        assert value_now(db, row) == row.value + 1
        rollback(db, first)
    assert value_now(db, row) == row.value


@pytest.mark.parametrize("order", list(itertools.permutations(range(3))))
def test_three_boundary_batches_roll_back_in_every_order(db, order):
    """After each rollback every zone has the shape of the latest batch still active that gave it one."""
    touched = [ZONES, ZONES[:1], ZONES]
    expected = {code: shapes_now(db)[code] for code in ZONES}
    batches, gave = [], []
    for i, codes in enumerate(touched):
        batches.append(import_shapes(db, codes, 10 * (i + 1), f"batch {i}"))
        gave.append({code: shapes_now(db)[code] for code in codes})
    active = set(range(3))
    for i in order:
        rollback(db, batches[i])
        active.discard(i)
        for code in ZONES:
            latest = [gave[j][code] for j in sorted(active) if code in gave[j]]
            assert shapes_now(db)[code] == (latest[-1] if latest else expected[code]), (order, i, code)
