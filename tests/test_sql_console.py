"""The SQL console's sandbox: only one SELECT, on a connection that cannot write, read files, attach
databases, load extensions or change its settings; long queries are stopped; rows are capped."""

import pytest

from omrademonitor.sql_console import SCHEMA_QUERY, ConsoleError, check_statement, run_query
from omrademonitor.store import Store
from tests.helpers import table_state


@pytest.fixture()
def console(demo_db):
    store = Store(demo_db)
    yield lambda sql, **limits: run_query(store.cursor(), sql, **limits)
    store.close()


def test_a_select_returns_its_rows(console):
    result = console("SELECT indicator_id, count(*) AS n FROM current_observations GROUP BY ALL ORDER BY 1")
    assert list(result.frame.columns) == ["indicator_id", "n"]
    assert len(result.frame) == 42 and not result.truncated


def test_rows_are_capped_at_the_limit(console):
    result = console("SELECT * FROM observations", row_limit=100)
    assert len(result.frame) == 100 and result.truncated


@pytest.mark.parametrize(
    ("sql", "reason"),
    [
        ("INSERT INTO events VALUES (99, 'trondheim', 2020, 'a', 'b', NULL)", "only reading"),
        ("DELETE FROM audit_log", "only reading"),
        ("UPDATE users SET role = 'admin'", "only reading"),
        ("DROP TABLE observations", "only reading"),
        ("CREATE TABLE x AS SELECT 1", "only reading"),
        ("ATTACH '/tmp/other.duckdb' AS other", "only reading"),
        ("COPY observations TO '/tmp/stolen.csv'", "only reading"),
        ("INSTALL httpfs", "only reading"),
        ("LOAD spatial", "only reading"),
        ("SET enable_external_access = true", "only reading"),
        ("PRAGMA database_list", "only reading"),
        ("SELECT 1; DROP TABLE observations", "one statement at a time"),
        ("SELEC 1", "does not parse"),
    ],
)
def test_anything_but_a_single_select_is_refused(demo_db, console, sql, reason):
    before = table_state(demo_db)
    with pytest.raises(ConsoleError, match=reason):
        console(sql)
    assert table_state(demo_db) == before


@pytest.mark.parametrize(
    "sql",
    [
        "SELECT * FROM read_csv('/etc/passwd')",
        "SELECT * FROM read_text('/etc/hostname')",
        "SELECT * FROM glob('/etc/*')",
        "SELECT * FROM read_parquet('https://example.org/data.parquet')",
        "SELECT * FROM read_json_auto('/proc/self/environ')",
    ],
)
def test_selects_cannot_reach_files_or_the_network(console, sql):
    with pytest.raises(ConsoleError, match=r"file system operations are disabled|Permission"):
        console(sql)


def test_the_connection_itself_refuses_writes_and_attach_even_past_the_statement_check(demo_db):
    store = Store(demo_db)
    cursor = store.cursor()
    try:
        for sql in ("INSERT INTO events VALUES (99, 'trondheim', 2020, 'a', 'b', NULL)", "ATTACH ':memory:' AS m"):
            with pytest.raises(Exception, match=r"read-only|Cannot"):
                cursor.execute(sql)
        with pytest.raises(Exception, match="configuration"):
            cursor.execute("SET enable_external_access = true")
    finally:
        cursor.close()
        store.close()


def test_a_long_query_is_stopped_at_the_time_limit(console):
    with pytest.raises(ConsoleError, match=r"time limit of 0\.5 s"):
        console("SELECT count(*) FROM range(100000000000) a", time_limit=0.5)


def test_the_schema_listing_runs_in_the_console(console):
    tables = console(SCHEMA_QUERY).frame
    assert {"observations", "measures", "audit_log"} <= set(tables["table_name"])


def test_statement_check_accepts_a_plain_select_with_a_cte():
    check_statement("WITH a AS (SELECT 1 AS x) SELECT x FROM a")
