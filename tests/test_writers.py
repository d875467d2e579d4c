"""Several writers on one database file: app processes and the command line take turns."""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap

import pytest

from omrademonitor import PROJECT_ROOT
from omrademonitor.access import SYSTEM
from omrademonitor.database import Database
from omrademonitor.errors import DatabaseBusy
from omrademonitor.locking import WriteLock
from omrademonitor.writer import Writer
from tests.test_pages_roles import log_in, new_app, with_admin

WRITES_EACH = 4

# An app process: opens the database for reading and keeps it open, waits for "go", then writes
# events one after the other, reading between writes, as a page would.
APP_PROCESS = textwrap.dedent(
    """
    import sys
    from omrademonitor.access import SYSTEM
    from omrademonitor.database import Database

    database = Database(sys.argv[1])
    database.query("events", programme_id="trondheim")
    print("ready", flush=True)
    sys.stdin.readline()
    for i in range(int(sys.argv[3])):
        database.write(lambda w: w.add_event("trondheim", 2024, f"{sys.argv[2]} {i}", "", SYSTEM))
        database.query("events", programme_id="trondheim")
    database.close()
    print("done", flush=True)
    """
)


@pytest.fixture()
def db(demo_db, tmp_path):
    path = tmp_path / "shared.duckdb"
    shutil.copy(demo_db, path)
    return path


def cli(db, *args, timeout=120):
    return subprocess.run(
        [sys.executable, "-m", "omrademonitor", "--db", str(db), *args],
        capture_output=True,
        text=True,
        cwd=PROJECT_ROOT,
        timeout=timeout,
    )


def titles(db) -> list[str]:
    database = Database(db)
    try:
        return database.query("events", programme_id="trondheim")["title_nb"].tolist()
    finally:
        database.close()


def test_two_app_processes_both_holding_the_file_write_in_turn(db):
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", APP_PROCESS, str(db), name, str(WRITES_EACH)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=PROJECT_ROOT,
        )
        for name in ("first", "second")
    ]
    try:
        for process in processes:  # both hold a read connection before either writes
            assert process.stdout.readline().strip() == "ready", process.stderr.read()
        for process in processes:
            process.stdin.write("go\n")
            process.stdin.flush()
        outcomes = [process.communicate(timeout=180) for process in processes]
    finally:
        for process in processes:
            process.kill()
    for process, (out, err) in zip(processes, outcomes, strict=True):
        assert process.returncode == 0, err
        assert out.strip() == "done"
    written = [t for t in titles(db) if t.split()[0] in ("first", "second")]
    assert sorted(written) == sorted(f"{n} {i}" for n in ("first", "second") for i in range(WRITES_EACH))


def test_a_command_line_write_while_the_app_has_the_file_open(db):
    app = Database(db)
    try:
        before = len(app.query("users"))
        result = cli(db, "add-user", "kari@example.no", "--role", "viewer", "--oidc")
        assert result.returncode == 0, result.stderr
        assert "Traceback" not in result.stderr
        users = app.query("users")  # the app sees the new user once the command is done
        assert len(users) == before + 1 and "kari@example.no" in set(users["username"])
    finally:
        app.close()


def test_the_command_line_gives_up_on_a_busy_database_with_one_line(db):
    with WriteLock(db):  # another process's write that does not end
        result = cli(db, "--wait", "0.5", "rollback", "1")
    assert result.returncode == 75
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and "busy" in lines[0] and str(db) in lines[0]
    assert titles(db)  # and the database reads again once the write is over


def test_a_write_waits_for_the_lock_and_a_busy_one_changes_nothing(db):
    database = Database(db, wait_s=0.3)
    try:
        before = len(database.query("audit_log"))
        with WriteLock(db), pytest.raises(DatabaseBusy, match="busy"):
            database.write(lambda w: w.add_event("trondheim", 2024, "never", "", SYSTEM))
        assert len(database.query("audit_log")) == before
    finally:
        database.close()


def test_writers_in_one_process_take_turns(db):
    with Writer(db), pytest.raises(DatabaseBusy):
        Writer(db, wait_s=0.2)
    with Writer(db, wait_s=0.2) as writer:  # free again once the first one closed
        assert writer.count("events") >= 0


def test_a_busy_database_in_the_app_asks_to_try_again_and_keeps_the_form(db, monkeypatch):
    with_admin(db)
    app = log_in(new_app(db, monkeypatch), "ada")
    app.switch_page("pages/users.py").run()
    app.text_input(key="new_username").input("nina")
    app.text_input(key="new_password").input("nina-password-12")

    def another_write_holds_the_file(path, wait_s=None):
        raise DatabaseBusy(path, 15)

    with monkeypatch.context() as patch:
        patch.setattr("omrademonitor.database.Writer", another_write_holds_the_file)
        app.button(key="FormSubmitter:new_user-Opprett").click().run()
    assert not app.exception
    assert any("opptatt" in w.value and "prøv igjen" in w.value for w in app.warning)
    assert not app.error
    assert app.text_input(key="new_username").value == "nina"  # what was typed is still there
    app.button(key="FormSubmitter:new_user-Opprett").click().run()  # try again: saved, form emptied
    assert not app.exception and any("Lagret" in s.value for s in app.success)
    assert app.text_input(key="new_username").value == ""
    assert "nina" in set(Database(db).query("users")["username"])


def test_a_page_whose_read_outlasts_a_long_write_says_so(db, monkeypatch):
    app = new_app(db, monkeypatch)
    assert not app.exception

    def a_long_import_holds_the_file(self):
        raise DatabaseBusy(self.path, 15)

    monkeypatch.setattr(Database, "_reader", a_long_import_holds_the_file)
    app.run()
    assert not app.exception
    assert any("opptatt med en stor lagring" in w.value for w in app.warning)


def test_two_databases_in_one_process_write_in_turn(db):
    """As after a cache clear in the app: an older ``Database`` still holds the file read-only."""
    older, newer = Database(db), Database(db)
    try:
        newer.write(lambda w: w.add_event("trondheim", 2024, "fra den nye", "", SYSTEM))
        older.write(lambda w: w.add_event("trondheim", 2024, "fra den gamle", "", SYSTEM))
        assert {"fra den nye", "fra den gamle"} <= set(older.query("events", programme_id="trondheim")["title_nb"])
    finally:
        older.close()
        newer.close()
