"""A read-only SQL console on the store for researchers.

Layers, each enough on its own for its threat: the statement must be a single SELECT (checked by
DuckDB's own parser); it runs on the app's read connection, which is read-only and cannot touch
other files, attach databases, load extensions or change its configuration (``store.READ_CONFIG``);
a timer interrupts it after ``time_limit`` seconds; at most ``row_limit`` rows are fetched.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

import duckdb
import pandas as pd

ROW_LIMIT = 10_000
TIME_LIMIT_S = 10.0


class ConsoleError(ValueError):
    """The query was refused or failed; nothing was changed."""


@dataclass(frozen=True)
class ConsoleResult:
    """Rows of a query (at most the row limit), whether more were left out, and how long it took."""

    frame: pd.DataFrame
    truncated: bool
    seconds: float


def check_statement(sql: str) -> None:
    """Refuse anything but a single SELECT statement."""
    try:
        statements = duckdb.extract_statements(sql)
    except duckdb.Error as exc:
        raise ConsoleError(f"the query does not parse: {exc}") from exc
    if len(statements) != 1:
        raise ConsoleError(f"one statement at a time, not {len(statements)}")
    kind = statements[0].type
    if kind != duckdb.StatementType.SELECT:
        raise ConsoleError(f"only reading (SELECT) is allowed, not {kind.name}")


def run_query(
    cursor: duckdb.DuckDBPyConnection, sql: str, row_limit: int = ROW_LIMIT, time_limit: float = TIME_LIMIT_S
) -> ConsoleResult:
    """Run one SELECT on ``cursor`` (a cursor of the sandboxed read connection) within the limits."""
    check_statement(sql)
    timer = threading.Timer(time_limit, cursor.interrupt)
    started = time.monotonic()
    timer.start()
    try:
        cursor.execute(sql)
        rows = cursor.fetchmany(row_limit + 1)
        columns = [d[0] for d in cursor.description]
    except duckdb.InterruptException as exc:
        raise ConsoleError(f"stopped after the time limit of {time_limit:g} s") from exc
    except duckdb.Error as exc:
        raise ConsoleError(str(exc).splitlines()[0]) from exc
    finally:
        timer.cancel()
        cursor.close()
    return ConsoleResult(
        pd.DataFrame(rows[:row_limit], columns=columns), len(rows) > row_limit, time.monotonic() - started
    )


SCHEMA_QUERY = """
    SELECT table_name, string_agg(column_name || ' ' || data_type, ', ' ORDER BY ordinal_position) AS columns
    FROM information_schema.columns WHERE table_schema = 'main' GROUP BY table_name ORDER BY table_name"""
