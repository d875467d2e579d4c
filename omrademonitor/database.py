"""One database file as a running app uses it: read-only reads, and brief write sessions.

DuckDB lets a process hold a file either read-only or read-write. ``Database`` keeps a read-only
``Store`` open for the many reads and, for a write, closes it, runs the write through a
``Writer``, and reopens. A lock keeps reads and writes of the process's threads from overlapping.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pandas as pd

from omrademonitor.ingest import Writer
from omrademonitor.store import Store

T = TypeVar("T")


class Database:
    """Reads through named queries; writes through ``write(action)`` with a ``Writer``."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._lock = threading.RLock()
        self._store = Store(self.path)

    def query(self, name: str, **params) -> pd.DataFrame:
        """Run a named read query."""
        with self._lock:
            return self._store.query(name, **params)

    def scalar(self, name: str, **params):
        """The first value of a named read query."""
        with self._lock:
            return self._store.scalar(name, **params)

    def write(self, action: Callable[[Writer], T]) -> T:
        """Run ``action(writer)`` with the file opened read-write, then return to read-only."""
        with self._lock:
            self._store.close()
            try:
                with Writer(self.path) as writer:
                    return action(writer)
            finally:
                self._store = Store(self.path)

    def table(self, name: str) -> pd.DataFrame:
        """A whole research table."""
        with self._lock:
            return self._store.table(name)

    def close(self) -> None:
        """Close the read-only connection."""
        with self._lock:
            self._store.close()
