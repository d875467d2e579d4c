"""Backup and restore of the database file, taken while holding the write lock.

A backup is a copy of the whole file, checkpointed first so that it stands alone (no ``.wal``).
No write runs while it is taken, and readers step aside for the moment of the copy, so the copy
is a consistent state. Restoring puts such a copy in place the same way; the previous file is kept
beside it (``….before-restore``) until the next restore.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import duckdb

from omrademonitor.errors import Refusal, WriteError
from omrademonitor.locking import WriteLock, open_when_free


def _wal(path: Path) -> Path:
    return path.with_name(path.name + ".wal")


def _checkpoint_alone(database: Path, wait_s: float) -> None:
    """Checkpoint the file once no other process has it open (readers step aside for the lock)."""
    con = open_when_free(database, lambda: duckdb.connect(str(database)), wait_s)
    try:
        con.execute("CHECKPOINT")
    finally:
        con.close()


def _schema_version(path: Path) -> int:
    try:
        con = duckdb.connect(str(path), read_only=True)
    except duckdb.Error as exc:
        raise WriteError(Refusal.NOT_A_DATABASE, path=path, detail=str(exc)) from exc
    try:
        return con.execute("SELECT max(version) FROM schema_migrations").fetchone()[0]
    except duckdb.Error as exc:
        raise WriteError(Refusal.NOT_OUR_DATABASE, path=path) from exc
    finally:
        con.close()


def backup(database: Path, destination: Path, wait_s: float | None = None) -> Path:
    """Copy the database to ``destination``: a file, or a folder (one without a suffix counts as one)
    that gets a copy named with the date and time. Returns the copy's path."""
    database, destination = Path(database), Path(destination)
    if not database.exists():
        raise WriteError(Refusal.NO_DATABASE, path=database)
    if destination.is_dir() or not destination.suffix:
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        destination = destination / f"{database.stem}-{stamp}{database.suffix}"
    if destination.resolve() == database.resolve():
        raise WriteError(Refusal.BACKUP_OVER_DATABASE, path=destination)
    destination.parent.mkdir(parents=True, exist_ok=True)
    partial = destination.with_name(destination.name + ".partial")
    with WriteLock(database, wait_s) as lock:
        _checkpoint_alone(database, lock.wait_s)
        shutil.copyfile(database, partial)
    _schema_version(partial)  # the copy opens and is ours
    os.replace(partial, destination)
    return destination


def restore(source: Path, database: Path, wait_s: float | None = None) -> int:
    """Put the backup ``source`` in place of the database; the schema version it holds.

    The running app keeps working: its processes reopen the restored file after the lock is released.
    """
    source, database = Path(source), Path(database)
    if not source.is_file():
        raise WriteError(Refusal.NO_BACKUP_FILE, path=source)
    version = _schema_version(source)
    incoming = database.with_name(database.name + ".restoring")
    shutil.copyfile(source, incoming)
    try:
        with WriteLock(database, wait_s) as lock:
            if database.exists():
                _checkpoint_alone(database, lock.wait_s)
                os.replace(database, database.with_name(database.name + ".before-restore"))
            _wal(database).unlink(missing_ok=True)
            os.replace(incoming, database)
    finally:
        incoming.unlink(missing_ok=True)
    return version
