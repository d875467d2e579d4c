"""The writer: initialisation is idempotent, imports are atomic and revisions keep their history."""

import duckdb
import pandas as pd
import pytest

from omrademonitor.access import Principal, Role
from omrademonitor.errors import NothingChanged
from omrademonitor.setup_db import initialise
from omrademonitor.store import Store, read_only_connection
from omrademonitor.writer import BatchInfo, WriteError, Writer
from tests.helpers import table_state

EDITOR = Principal("eva", Role.EDITOR)


@pytest.fixture()
def db(demo_copy):
    return demo_copy


def test_initialise_is_idempotent(db):
    before = table_state(db)
    assert set(initialise(db).values()) == {0}
    assert table_state(db) == before


def test_initialised_database_is_marked_as_demo(db):
    store = Store(db)
    batches = store.query("batches")
    store.close()
    demo = batches[batches["is_demo"]]
    assert len(demo) == 1 and "Demonstrasjonsdata" in demo["source"].iloc[0]
    con = read_only_connection(db)
    stored = con.execute(
        "SELECT count(*) FROM observations WHERE batch_id = ?", [int(demo["batch_id"].iloc[0])]
    ).fetchone()[0]
    con.close()
    assert demo["rows_accepted"].iloc[0] == stored > 15_000


def obs(value, period=2020, status="final"):
    return pd.DataFrame(
        [
            {
                "indicator_id": "persistent_low_income",
                "area_code": "5001LKS09",
                "period": period,
                "value": value,
                "numerator": None,
                "denominator": None,
                "status": status,
            }
        ]
    )


def current(path, period=2020):
    con = read_only_connection(path)
    rows = con.execute(
        "SELECT value, batch_id FROM current_observations WHERE indicator_id = 'persistent_low_income' "
        "AND area_code = '5001LKS09' AND period = ?",
        [period],
    ).fetchall()
    history = con.execute(
        "SELECT count(*) FROM observations WHERE indicator_id = 'persistent_low_income' "
        "AND area_code = '5001LKS09' AND period = ?",
        [period],
    ).fetchone()[0]
    con.close()
    return rows, history


def test_revision_supersedes_and_keeps_history(db):
    _, history_before = current(db)
    with Writer(db) as writer:
        batch = writer.add_observations(obs(42.0), BatchInfo(source="test", content_hash="rev-1"), EDITOR)
    rows, history = current(db)
    assert rows == [(42.0, batch)]
    assert history == history_before + 1


def test_same_content_twice_changes_nothing_and_says_which_batch_holds_it(db):
    with Writer(db) as writer:
        first = writer.add_observations(obs(42.0), BatchInfo(source="test", content_hash="same"), EDITOR)
    state = table_state(db)
    with Writer(db) as writer, pytest.raises(NothingChanged) as raised:
        writer.add_observations(obs(42.0), BatchInfo(source="test", content_hash="same"), EDITOR)
    assert (raised.value.figures, raised.value.batch) == (1, first)
    assert table_state(db) == state


def test_identical_figures_make_no_empty_batch(db):
    with Writer(db) as writer:
        writer.add_observations(obs(42.0), BatchInfo(source="a", content_hash="a"), EDITOR)
    state = table_state(db)
    with Writer(db) as writer, pytest.raises(NothingChanged) as raised:
        writer.add_observations(obs(42.0), BatchInfo(source="b", content_hash="b"), EDITOR)
    assert raised.value.batch is None  # other content, same figures
    assert table_state(db) == state  # no batch 'b' with 0 rows, no audit row


def test_the_original_imported_again_after_a_revision_is_a_new_revision(db):
    with Writer(db) as writer:
        original = writer.add_observations(obs(42.0), BatchInfo(source="v1", content_hash="v1"), EDITOR)
        writer.add_observations(obs(43.0), BatchInfo(source="v2", content_hash="v2"), EDITOR)
        again = writer.add_observations(obs(42.0), BatchInfo(source="v1", content_hash="v1"), EDITOR)
    assert again > original
    rows, _ = current(db)
    assert rows == [(42.0, again)]
    con = read_only_connection(db)
    audit = con.execute(
        "SELECT after_json, before_json FROM audit_log WHERE action = 'add_observations' ORDER BY audit_id DESC"
    ).fetchone()
    con.close()
    assert f'"batch_id": {again}' in audit[0] and '"figures_superseded": 1' in audit[1]


def test_failed_import_leaves_database_unchanged(db):
    before = table_state(db)
    bad = pd.concat([obs(1.0, 2019), obs(2.0, 2020, status="invented")])  # second row breaks a CHECK
    with Writer(db) as writer, pytest.raises(duckdb.ConstraintException):
        writer.add_observations(bad, BatchInfo(source="bad", content_hash="bad"), EDITOR)
    assert table_state(db) == before


def test_broken_hierarchy_is_refused_without_change(db, areas):
    before = table_state(db)
    broken = areas.copy()
    broken.loc[broken["code"] == "5001LKS09", "parent_code"] = "999999"
    with Writer(db) as writer, pytest.raises(WriteError, match="unknown parent 999999"):
        writer.replace_areas(broken, BatchInfo(source="x", content_hash="x"), EDITOR)
    assert table_state(db) == before


def test_shapes_for_unknown_areas_are_refused(db):
    import geopandas as gpd
    from shapely.geometry import box

    shapes = gpd.GeoDataFrame({"code": ["nowhere"]}, geometry=[box(0, 0, 1, 1)], crs="EPSG:25833")
    with Writer(db) as writer, pytest.raises(WriteError, match="unknown area codes: nowhere"):
        writer.replace_geometries(shapes, BatchInfo(source="x", content_hash="x"), approximate=True, actor=EDITOR)
