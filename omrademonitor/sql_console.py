"""A read-only SQL console for researchers, on a research copy of the store.

Layers, each enough on its own for its threat:

- the copy holds only the research tables (``RESEARCH_TABLES``): no users, password hashes or
  audit trail, whatever the query;
- the statement must be a single SELECT (checked by DuckDB's own parser);
- the copy is opened read-only, unable to touch other files, attach databases, load extensions or
  change its configuration (``store.READ_CONFIG``);
- a timer interrupts a query after ``time_limit`` seconds; at most ``row_limit`` rows are fetched.
"""

from __future__ import annotations

import shutil
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from omrademonitor.store import RESEARCH_TABLES, read_only_connection

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


CURRENT_VIEW = """CREATE VIEW current_observations AS
    SELECT o.* FROM observations o JOIN import_batches b USING (batch_id)
    WHERE o.superseded_by IS NULL AND b.rolled_back_at IS NULL"""


def build_research_copy(store, path: Path) -> Path:
    """Write the research tables of ``store`` (anything with ``table(name)``) to a new database file."""
    path.unlink(missing_ok=True)
    con = duckdb.connect(str(path))
    try:
        for table in RESEARCH_TABLES:
            frame = store.table(table)
            con.register("source_frame", frame)
            con.execute(f"CREATE TABLE {table} AS SELECT * FROM source_frame")
            con.unregister("source_frame")
        con.execute(CURRENT_VIEW)
        con.execute("CHECKPOINT")
    finally:
        con.close()
    return path


def open_research_copy(path: Path) -> duckdb.DuckDBPyConnection:
    """The research copy, opened read-only and sandboxed."""
    return read_only_connection(path)


class ResearchCopy:
    """A research copy in a folder of its own, open for queries until closed (which deletes it)."""

    def __init__(self, store, folder: Path) -> None:
        self.folder = Path(folder)
        self.con = open_research_copy(build_research_copy(store, self.folder / "research.duckdb"))

    def run(self, sql: str, row_limit: int = ROW_LIMIT, time_limit: float = TIME_LIMIT_S) -> ConsoleResult:
        """Run one SELECT within the limits."""
        return run_query(self.con.cursor(), sql, row_limit, time_limit)

    def close(self) -> None:
        """Close the connection and delete the copy."""
        self.con.close()
        shutil.rmtree(self.folder, ignore_errors=True)


SCHEMA_QUERY = """
    SELECT table_name, string_agg(column_name || ' ' || data_type, ', ' ORDER BY ordinal_position) AS columns
    FROM information_schema.columns WHERE table_schema = 'main' GROUP BY table_name ORDER BY table_name"""
