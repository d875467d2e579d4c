"""The versioned schema: fresh databases, forward migration without loss, failed steps roll back."""

import duckdb
import pytest

from omrademonitor import schema
from omrademonitor.schema import LATEST_VERSION, Migration, current_version, migrate
from omrademonitor.store import Store, StoreError


def test_fresh_database_reaches_latest_version():
    con = duckdb.connect()
    assert migrate(con) == [m.version for m in schema.MIGRATIONS]
    assert current_version(con) == LATEST_VERSION
    assert migrate(con) == []  # nothing left to do


def test_version_1_database_migrates_forward_keeping_its_data(tmp_path):
    path = tmp_path / "old.duckdb"
    con = duckdb.connect(str(path))
    migrate(con, target=1)
    con.execute("INSERT INTO areas VALUES ('5001', 'Trondheim', 'kommune', NULL, 10.4, 63.4, 528.9)")
    batch = con.execute(
        """INSERT INTO import_batches (kind, source, content_hash, imported_at, imported_by, rows_accepted)
           VALUES ('observations', 'test', 'abc', now()::TIMESTAMP, 'tester', 1) RETURNING batch_id"""
    ).fetchone()[0]
    con.execute(
        "INSERT INTO observations (indicator_id, area_code, period, value, batch_id) "
        "VALUES ('x', '5001', 2020, 1.5, ?)",
        [batch],
    )
    con.close()

    con = duckdb.connect(str(path))
    assert current_version(con) == 1
    assert migrate(con) == [m.version for m in schema.MIGRATIONS[1:]]
    assert con.execute("SELECT value FROM current_observations").fetchall() == [(1.5,)]
    assert con.execute("SELECT name FROM areas").fetchall() == [("Trondheim",)]
    assert con.execute("SELECT count(*) FROM measures").fetchone()[0] == 0
    con.close()


def test_failing_migration_leaves_database_as_it_was(monkeypatch):
    con = duckdb.connect()
    migrate(con, target=1)
    broken = Migration(2, "broken", ("CREATE TABLE half_done (x INTEGER)", "THIS IS NOT SQL"))
    monkeypatch.setattr(schema, "MIGRATIONS", (schema.MIGRATIONS[0], broken))
    with pytest.raises(duckdb.ParserException):
        schema.migrate(con)
    assert current_version(con) == 1
    tables = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    assert "half_done" not in tables


def test_store_refuses_an_old_schema(tmp_path):
    path = tmp_path / "old.duckdb"
    con = duckdb.connect(str(path))
    migrate(con, target=1)
    con.close()
    with pytest.raises(StoreError, match="schema version 1"):
        Store(path)


def test_store_explains_a_missing_database(tmp_path):
    with pytest.raises(StoreError, match="python -m omrademonitor init"):
        Store(tmp_path / "nothing.duckdb")


def test_observation_value_and_status_must_agree():
    con = duckdb.connect()
    migrate(con)
    with pytest.raises(duckdb.ConstraintException):
        con.execute(
            "INSERT INTO observations (indicator_id, area_code, period, value, status, batch_id) "
            "VALUES ('x', 'a', 2020, 4.0, 'suppressed', 1)"
        )


def test_version_8_indicators_lose_their_fixed_focus_area_and_gain_themes(tmp_path):
    """v9: an old database's indicator rows survive; their focus area goes, themes and the
    programme↔indicator mapping come (filled by the next definitions sync)."""
    path = tmp_path / "v8.duckdb"
    con = duckdb.connect(str(path))
    migrate(con, target=8)
    con.execute(
        """INSERT INTO indicators VALUES ('x', 'X', 'X', 'inclusion', 'outcome', 'percent', 'lower_is_better',
           'ratio', 100, 'levekarssone', 'ssb', '12345', 2015, NULL, NULL, NULL, 5, 10, '{}')"""
    )
    con.close()
    con = duckdb.connect(str(path))
    assert migrate(con, target=9) == [9]
    columns = {
        r[0]
        for r in con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = 'indicators'"
        ).fetchall()
    }
    assert "focus_area" not in columns and "themes" in columns
    assert con.execute("SELECT id, themes FROM indicators").fetchall() == [("x", [])]
    assert con.execute("SELECT count(*) FROM programme_indicators").fetchone()[0] == 0
    con.close()


def _check_lists(con) -> list[tuple[str, str, tuple[str, ...]]]:
    """Every ``column IN ('a', 'b')`` list in the store's CHECK constraints as (table, column, values),
    read from DuckDB's catalogue (not from schema.py's text)."""
    import re

    rows = con.execute(
        "SELECT table_name, constraint_text FROM duckdb_constraints() WHERE constraint_type = 'CHECK'"
    ).fetchall()
    return sorted(
        (table, column, tuple(re.findall(r"'([^']*)'", inside)))
        for table, text in rows
        for column, inside in re.findall(r'"?(\w+)"? IN \(([^)]*)\)', text)
    )


def test_check_lists_of_a_fresh_store_are_the_python_enums():
    """The CHECK lists are written from the enums: a value added to an enum is allowed by a fresh store."""
    from omrademonitor.access import Role
    from omrademonitor.measures import MeasureStatus, Recommendation
    from omrademonitor.vocabulary import WITHOUT_VALUE, AuthKind, BatchKind, ObservationStatus

    con = duckdb.connect()
    migrate(con)
    statuses = tuple(ObservationStatus)
    expected = [
        ("import_batches", "kind", tuple(BatchKind)),
        ("observations", "status", statuses),
        ("observations", "status", WITHOUT_VALUE),  # a suppressed or missing figure has no value
        ("published_observations", "status", statuses),
        ("published_breakdowns", "status", statuses),
        ("published_by_area", "status", statuses),
        ("published_breakdowns_by_area", "status", statuses),
        ("report_observations", "status", statuses),
        ("report_breakdowns", "status", statuses),
        ("users", "role", tuple(Role)),
        ("users", "auth", tuple(AuthKind)),
        ("measures", "status", tuple(MeasureStatus)),
        ("measures", "recommendation", tuple(Recommendation)),
    ]
    assert _check_lists(con) == sorted(
        (table, column, tuple(v.value for v in values)) for table, column, values in expected
    )


def test_area_levels_of_a_fresh_store_are_the_municipal_levels():
    from omrademonitor.vocabulary import MUNICIPAL_LEVELS, level_facts

    con = duckdb.connect()
    migrate(con)
    rows = con.execute("SELECT level, rank, name_nb, name_en FROM area_levels ORDER BY rank").fetchall()
    assert rows == [(f.level.value, f.rank, f.name_nb, f.name_en) for f in level_facts(MUNICIPAL_LEVELS)]


def test_a_value_added_to_an_enum_reaches_the_check_list(monkeypatch):
    """The generated DDL follows the enum (the test above could not pass by a coincidence of two lists)."""
    import enum
    import importlib

    from omrademonitor import measures

    extended = enum.StrEnum("MeasureStatus", {**{s.name: s.value for s in measures.MeasureStatus}, "PAUSED": "paused"})
    monkeypatch.setattr(measures, "MeasureStatus", extended)
    fresh = importlib.reload(schema)
    try:
        con = duckdb.connect()
        fresh.migrate(con)
        lists = {(table, column): values for table, column, values in _check_lists(con)}
        assert lists[("measures", "status")][-1] == "paused"
    finally:
        monkeypatch.undo()
        importlib.reload(schema)


def test_version_12_observations_lose_their_primary_key_and_keep_rows_and_checks(tmp_path):
    """v13: the table is rebuilt without the key (the writer checks each batch's keys instead); its rows,
    defaults, NOT NULLs and CHECKs stay, and ``current_observations`` reads it as before."""
    path = tmp_path / "v12.duckdb"
    con = duckdb.connect(str(path))
    migrate(con, target=12)
    batch = con.execute(
        """INSERT INTO import_batches (kind, source, content_hash, imported_at, imported_by, rows_accepted)
           VALUES ('observations', 'test', 'abc', now()::TIMESTAMP, 'tester', 2) RETURNING batch_id"""
    ).fetchone()[0]
    con.execute(
        """INSERT INTO observations
               (indicator_id, area_code, period, value, batch_id, period_code, breakdown, category)
           VALUES ('x', '5001', 2020, 1.5, ?, '2020', 'total', 'total'),
                  ('x', '5001', 2020, 0.5, ?, '2020', 'sex', 'male')""",
        [batch, batch],
    )
    before = con.execute("SELECT * FROM observations ORDER BY category").fetchall()
    con.close()

    con = duckdb.connect(str(path))
    assert migrate(con) == [13]
    assert con.execute("SELECT * FROM observations ORDER BY category").fetchall() == before
    assert con.execute("SELECT value FROM current_observations ORDER BY value").fetchall() == [(0.5,), (1.5,)]
    found = con.execute("SELECT constraint_type FROM duckdb_constraints() WHERE table_name = 'observations'")
    kinds = {r[0] for r in found.fetchall()}
    assert "PRIMARY KEY" not in kinds and {"CHECK", "NOT NULL"} <= kinds
    # the same key and batch again: the table takes it now (the writer is what refuses it)
    con.execute("INSERT INTO observations SELECT * FROM observations WHERE category = 'total'")
    with pytest.raises(duckdb.ConstraintException):  # a CHECK kept
        con.execute(
            "INSERT INTO observations (indicator_id, area_code, period, status, batch_id, breakdown, category) "
            "VALUES ('x', 'a', 2020, 'final', 1, 'sex', 'total')"
        )
    with pytest.raises(duckdb.ConstraintException):  # a NOT NULL kept
        con.execute("INSERT INTO observations (indicator_id, area_code, period, batch_id) VALUES ('x', NULL, 2020, 1)")
    con.close()


def test_the_shared_column_lists_are_a_fresh_store_s_columns():
    """``schema.OBSERVATION_COLUMNS``, ``BREAKDOWN_COLUMNS`` and ``PUBLISHED_COLUMNS`` (which the writer, the
    import checks, disclosure control, the snapshots and the downloads list a figure by) name the columns
    of a fresh store's tables, in their order."""
    con = duckdb.connect()
    migrate(con)

    def columns(table: str) -> list[str]:
        return [row[0] for row in con.execute(f"DESCRIBE {table}").fetchall()]

    stored = [*schema.OBSERVATION_COLUMNS, "batch_id", "superseded_by", "period_code", *schema.BREAKDOWN_COLUMNS]
    assert columns("observations") == stored
    assert [*schema.OBSERVATION_COLUMNS, "batch_id"] == schema.PUBLISHED_COLUMNS
    for table in ("published_observations", "published_by_area"):
        assert columns(table) == schema.PUBLISHED_COLUMNS
    assert columns("report_observations") == ["report_id", *schema.PUBLISHED_COLUMNS]
    for table in ("published_breakdowns", "published_breakdowns_by_area"):
        assert columns(table) == [*schema.PUBLISHED_COLUMNS, *schema.BREAKDOWN_COLUMNS]
