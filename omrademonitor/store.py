"""Read access to the DuckDB store through named queries, one cursor per query."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pandas as pd

from omrademonitor import PROJECT_ROOT
from omrademonitor.queries import QUERIES
from omrademonitor.schema import LATEST_VERSION

DEFAULT_DB = PROJECT_ROOT / "data" / "omrademonitor.duckdb"


READ_CONFIG = {  # reads never reach beyond the database file: no other files, no network, no extensions
    "enable_external_access": False,
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,
    "max_memory": "4GB",
    "lock_configuration": True,
}


# What researchers may read whole (copied to the SQL console): the published figures, never the raw
# observations or rejected rows (they hold the small counts); no users, passwords, audit trail or
# the names of the people who imported or edited anything.
RESEARCH_TABLES = {
    "areas": "SELECT * FROM areas",
    "area_levels": "SELECT * FROM area_levels",
    "indicators": "SELECT * FROM indicators",
    "programmes": "SELECT * FROM programmes",
    "import_batches": """SELECT batch_id, kind, source, file_name, content_hash, imported_at, rows_accepted,
        rows_rejected, is_demo, rolled_back_at, note FROM import_batches""",
    "published_observations": "SELECT * FROM published_observations",
    # the figures by breakdown as published (disclosure-controlled), never the raw ones
    "published_breakdowns": "SELECT * FROM published_breakdowns",
    "events": "SELECT * FROM events",
    "measures": "SELECT * FROM measures",
    "measure_outputs": "SELECT * FROM measure_outputs",
    "measure_versions": "SELECT version_id, programme_id, measure_id, saved_at, via, record_json FROM measure_versions",
    "goal_versions": "SELECT version_id, programme_id, saved_at, via, content_hash, yaml_text FROM goal_versions",
}


def read_only_connection(path: Path) -> duckdb.DuckDBPyConnection:
    """A read-only connection that cannot read other files, attach databases, load extensions or
    change its own configuration. Every read connection of the app (and of the tests) is one."""
    return duckdb.connect(str(path), read_only=True, config=READ_CONFIG)


class StoreError(RuntimeError):
    """The database is missing or not usable by this version of the app."""


def database_path() -> Path:
    """The database file: ``OMRADEMONITOR_DB`` if set, else ``data/omrademonitor.duckdb``."""
    return Path(os.environ.get("OMRADEMONITOR_DB", DEFAULT_DB))


class Store:
    """A read-only view of the database. Safe to share across threads: each query opens a cursor."""

    def __init__(self, path: Path) -> None:
        if not Path(path).exists():
            raise StoreError(f"{path}: database not found; run `python -m omrademonitor init` to build it")
        self.path = Path(path)
        self._con = read_only_connection(self.path)
        version = self.scalar("schema_version")
        if version != LATEST_VERSION:
            self._con.close()
            raise StoreError(
                f"{path}: schema version {version}, this app needs {LATEST_VERSION}; "
                "run `python -m omrademonitor init` to migrate it"
            )

    def query(self, name: str, **params) -> pd.DataFrame:
        """Run the named query with its parameters and return a DataFrame."""
        cursor = self._con.cursor()
        try:
            return cursor.execute(QUERIES[name], params or None).df()
        finally:
            cursor.close()

    def scalar(self, name: str, **params):
        """The first value of the named query's first row (None when no rows)."""
        frame = self.query(name, **params)
        return None if frame.empty else frame.iloc[0, 0]

    def table(self, name: str) -> pd.DataFrame:
        """A whole table, for the research tables copied to the SQL console."""
        if name not in RESEARCH_TABLES:
            raise ValueError(f"{name} is not a research table")
        cursor = self._con.cursor()
        try:
            return cursor.execute(RESEARCH_TABLES[name]).df()
        finally:
            cursor.close()

    @contextmanager
    def reading(self) -> Iterator[Path]:
        """The database file, for another read-only reader (the research copy's export) meanwhile."""
        yield self.path

    def close(self) -> None:
        """Close the connection."""
        self._con.close()
