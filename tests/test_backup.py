"""Backup and restore: a backup restores to identical table checksums, and both wait for writes."""

from __future__ import annotations

import shutil

import pytest

from omrademonitor.__main__ import main
from omrademonitor.access import SYSTEM
from omrademonitor.backup import backup, restore
from omrademonitor.database import Database
from omrademonitor.errors import DatabaseBusy, WriteError
from omrademonitor.locking import WriteLock
from omrademonitor.writer import Writer
from tests.helpers import table_state


@pytest.fixture()
def db(demo_db, tmp_path):
    path = tmp_path / "live" / "omrademonitor.duckdb"
    path.parent.mkdir()
    shutil.copy(demo_db, path)
    return path


def test_a_backup_restores_to_identical_tables(db, tmp_path, capsys):
    before = table_state(db)
    assert main(["--db", str(db), "backup", str(tmp_path / "backups")]) == 0
    (copy,) = (tmp_path / "backups").iterdir()  # one copy, named with the date and time
    assert copy.name.startswith("omrademonitor-") and copy.suffix == ".duckdb"
    assert table_state(copy) == before
    with Writer(db) as writer:  # the database moves on after the backup
        writer.add_event("trondheim", 2025, "etter sikkerhetskopien", "", SYSTEM)
    assert table_state(db) != before
    assert main(["--db", str(db), "restore", str(copy)]) == 0
    assert table_state(db) == before
    assert db.with_name(db.name + ".before-restore").exists()  # the replaced file is kept
    assert "restored from" in capsys.readouterr().out


def test_backup_waits_for_a_running_write_and_gives_up_clearly(db, tmp_path, capsys):
    with WriteLock(db):
        assert main(["--db", str(db), "--wait", "0.3", "backup", str(tmp_path / "b.duckdb")]) == 75
    assert "busy" in capsys.readouterr().err
    assert not (tmp_path / "b.duckdb").exists()


def test_restore_refuses_a_file_that_is_not_a_backup(db, tmp_path):
    junk = tmp_path / "junk.duckdb"
    junk.write_bytes(b"not a database")
    before = table_state(db)
    with pytest.raises(WriteError, match=r"junk\.duckdb"):
        restore(junk, db)
    assert table_state(db) == before


def test_restore_waits_for_the_write_lock(db, tmp_path):
    backup(db, tmp_path / "copy.duckdb")
    with WriteLock(db), pytest.raises(DatabaseBusy):
        restore(tmp_path / "copy.duckdb", db, wait_s=0.2)


def test_a_read_replica_reads_each_new_published_copy(db, tmp_path):
    published = tmp_path / "published" / "omrademonitor.duckdb"
    backup(db, published)
    replica = Database(published)
    try:
        before = len(replica.query("events", programme_id="trondheim"))
        with Writer(db) as writer:
            writer.add_event("trondheim", 2025, "ny hendelse", "", SYSTEM)
        backup(db, published)  # publish again: the file is replaced under the running replica
        assert len(replica.query("events", programme_id="trondheim")) == before + 1
    finally:
        replica.close()


def test_a_write_where_the_lock_cannot_be_made_is_a_clear_error(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the database folder should be")
    with pytest.raises(WriteError, match="cannot take the write lock"):
        Writer(blocker / "omrademonitor.duckdb")
