"""One writer at a time, across every app process and the command line.

DuckDB lets one process open a file read-write, and only while no other process has it open at
all. So a write takes an exclusive lock on ``<database>.lock`` for as long as it holds the file
read-write; readers that see the lock taken close their read-only connection and wait until it is
free. Every wait retries with growing pauses up to a deadline, then gives up with ``DatabaseBusy``.
"""

from __future__ import annotations

import fcntl
import os
import random
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

import duckdb

from omrademonitor.errors import DatabaseBusy, Refusal, WriteError

T = TypeVar("T")
DEFAULT_WAIT_S = 15.0  # how long a write (or a read) waits for another process's write to finish
_wait_s = DEFAULT_WAIT_S


def set_wait(seconds: float) -> None:
    """Change how long this process's reads and writes wait by default (the CLI's ``--wait``)."""
    global _wait_s
    if seconds < 0:
        raise ValueError("a wait cannot be negative")
    _wait_s = seconds


def default_wait() -> float:
    """How long reads and writes wait for another process's write, unless told otherwise."""
    return _wait_s


def lock_path(database: Path) -> Path:
    """The lock file beside the database file."""
    database = Path(database)
    return database.with_name(database.name + ".lock")


def pauses(wait_s: float) -> Iterator[None]:
    """Yield before each attempt, sleeping 20 ms, 40 ms, … (at most 0.5 s, with jitter) between
    attempts, until ``wait_s`` seconds have passed; then stop."""
    deadline = time.monotonic() + wait_s
    pause = 0.02
    while True:
        yield
        left = deadline - time.monotonic()
        if left <= 0:
            return
        time.sleep(min(left, pause * random.uniform(0.75, 1.25)))
        pause = min(pause * 2, 0.5)


class WriteLock:
    """The exclusive write lock of one database file (a context manager)."""

    def __init__(self, database: Path, wait_s: float | None = None) -> None:
        self.database = Path(database)
        self.wait_s = default_wait() if wait_s is None else wait_s
        self._fd: int | None = None

    def acquire(self) -> None:
        """Take the lock, waiting up to ``wait_s``; ``DatabaseBusy`` if another writer keeps it."""
        path = lock_path(self.database)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o664)
        except OSError as exc:  # a read-only folder: a read replica, or a permissions mistake
            raise WriteError(Refusal.NO_WRITE_LOCK, path=path, detail=exc.strerror) from exc
        for _ in pauses(self.wait_s):
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                continue
            self._fd = fd
            return
        os.close(fd)
        raise DatabaseBusy(self.database, self.wait_s)

    def release(self) -> None:
        """Let the next writer (or the waiting readers) in."""
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> WriteLock:
        self.acquire()
        return self

    def __exit__(self, *exc) -> None:
        self.release()


def write_pending(database: Path) -> bool:
    """Whether a writer holds the database's lock at this moment (a test that never waits).

    False when there is no lock file or it cannot be opened (a read-only copy nobody writes).
    """
    try:
        fd = os.open(lock_path(database), os.O_RDONLY)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    else:
        fcntl.flock(fd, fcntl.LOCK_UN)
        return False
    finally:
        os.close(fd)


def is_lock_conflict(exc: Exception) -> bool:
    """Whether DuckDB refused to open the file because another process has it open (or another
    ``Database`` of this process, opened the other way, which its watcher closes in a moment)."""
    if isinstance(exc, duckdb.ConnectionException):
        return "different configuration" in str(exc)
    return isinstance(exc, duckdb.IOException) and "lock" in str(exc).lower()


def open_when_free(database: Path, opener: Callable[[], T], wait_s: float, readers: bool = False) -> T:
    """``opener()`` once no other process holds the file in a conflicting way, retrying up to ``wait_s``.

    ``readers=True`` (a read-only open) also waits while a writer holds the lock, so that readers
    do not keep a waiting writer out.
    """
    for _ in pauses(wait_s):
        if readers and write_pending(database):
            continue
        try:
            return opener()
        except (duckdb.IOException, duckdb.ConnectionException) as exc:
            if not is_lock_conflict(exc):
                raise
    raise DatabaseBusy(database, wait_s)
