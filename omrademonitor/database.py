"""One database file as a running app uses it: read-only reads, and brief write sessions.

DuckDB lets a process hold a file either read-only or read-write, and a writing process must be
the only one with the file open. ``Database`` keeps a read-only ``Store`` open for the many reads;
for a write it closes it and runs the write through a ``Writer``, which holds the write lock. A
watcher thread closes the read-only connection whenever another process (a second app process,
the command line) holds the write lock, and the next read reopens it once the write is done; a
read also reopens when the file was replaced (a restore, a new published copy for read replicas).
A thread lock keeps reads and writes of the process's own threads from overlapping.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

import pandas as pd

from omrademonitor.locking import default_wait, open_when_free, write_pending
from omrademonitor.store import Store
from omrademonitor.writer import Writer

T = TypeVar("T")
WATCH_EVERY_S = 0.1  # how often the watcher looks for a writer in another process


class Database:
    """Reads through named queries; writes through ``write(action)`` with a ``Writer``.

    ``wait_s``: how long a read or a write waits for another process's write before ``DatabaseBusy``.
    """

    def __init__(self, path: Path, wait_s: float | None = None) -> None:
        self.path = Path(path)
        self.wait_s = default_wait() if wait_s is None else wait_s
        self._lock = threading.RLock()
        self._store: Store | None = None
        self._opened: tuple[int, int] | None = None
        self.writes = 0  # writes this process has run (done or not): what it read before may be out of date
        with self._lock:
            self._reader()  # a missing or outdated database is reported here (StoreError)
        self._stopped = threading.Event()
        watcher = threading.Thread(
            target=_watch, args=(weakref.ref(self), self._stopped), name=f"yield-to-writers {self.path.name}"
        )
        watcher.daemon = True
        watcher.start()

    def _reader(self) -> Store:
        if self._store is not None and _identity(self.path) != self._opened:
            self._close_reader()  # the file was replaced (a restore, a new published copy): read the new one
        if self._store is None:
            opening = _identity(self.path)
            self._store = open_when_free(self.path, lambda: Store(self.path), self.wait_s, readers=True)
            self._opened = opening
        return self._store

    def _close_reader(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None
            self._opened = None

    def query(self, name: str, **params) -> pd.DataFrame:
        """Run a named read query."""
        with self._lock:
            return self._reader().query(name, **params)

    def scalar(self, name: str, **params):
        """The first value of a named read query."""
        with self._lock:
            return self._reader().scalar(name, **params)

    def write(self, action: Callable[[Writer], T]) -> T:
        """Run ``action(writer)`` with the file opened read-write; reads reopen read-only afterwards.

        ``DatabaseBusy`` (nothing changed) if another process's write keeps the file for ``wait_s``.
        """
        with self._lock:
            self._close_reader()
            try:
                with Writer(self.path, self.wait_s) as writer:
                    return action(writer)
            finally:
                self.writes += 1

    def table(self, name: str) -> pd.DataFrame:
        """A whole research table."""
        with self._lock:
            return self._reader().table(name)

    @contextmanager
    def reading(self) -> Iterator[Path]:
        """The database file, open for reading and held so (no write of this process runs, a writer in
        another process waits) while another read-only reader uses it (the research copy's export)."""
        with self._lock:
            yield self._reader().path

    def yield_to_writer(self) -> bool:
        """Close the read-only connection if another process waits to write and no read is running."""
        if self._store is None or not write_pending(self.path):
            return False
        if not self._lock.acquire(blocking=False):
            return False
        try:
            self._close_reader()
            return True
        finally:
            self._lock.release()

    def close(self) -> None:
        """Close the read-only connection and stop watching for writers."""
        self._stopped.set()
        with self._lock:
            self._close_reader()


def _identity(path: Path) -> tuple[int, int] | None:
    """Which file is at ``path`` now (device and inode), to notice it being replaced."""
    try:
        found = path.stat()
    except OSError:
        return None
    return found.st_dev, found.st_ino


def _watch(ref: weakref.ref, stopped: threading.Event) -> None:
    """Every ``WATCH_EVERY_S``, let a writer in another process in; ends with its ``Database``."""
    while not stopped.wait(WATCH_EVERY_S):
        database = ref()
        if database is None:
            return
        database.yield_to_writer()
        del database
