"""The import page as an editor uses it: problems grouped, no confirming while they stand, a
no-change import said so, and a rollback that asks first and says what it undoes."""

import shutil

import pytest

from omrademonitor.access import SYSTEM, Role
from omrademonitor.accounts import hash_password
from omrademonitor.store import read_only_connection
from omrademonitor.writer import Writer
from tests import import_fixtures as fx
from tests.test_pages_roles import PASSWORD, log_in, new_app

PAGE = "pages/import_data.py"


@pytest.fixture()
def editor_db(demo_db, tmp_path):
    path = tmp_path / "page.duckdb"
    shutil.copy(demo_db, path)
    with Writer(path) as writer:
        writer.create_user("eva", Role.EDITOR, SYSTEM, hash_password(PASSWORD))
    return path


def upload(app, data: bytes, name: str = "register.csv"):
    app.switch_page(PAGE).run()
    app.file_uploader[0].set_value((name, data, "text/csv")).run()
    assert not app.exception, app.exception
    return app


def test_confirm_is_disabled_while_problems_are_listed(editor_db, monkeypatch):
    app = log_in(new_app(editor_db, monkeypatch), "eva")
    upload(app, fx.csv_bytes(fx.GOOD_COMMA.replace("5001LKS26", "5001LKS99")))
    assert any("1 rad." in e.value for e in app.error), [e.value for e in app.error]  # not "1 rader"
    assert app.button(key="confirm_import").disabled
    app.checkbox(key="accept_valid").check().run()
    assert not app.button(key="confirm_import").disabled
    assert any("1 rad med problemer utelates" in w.value for w in app.warning)


def test_a_file_imported_twice_says_nothing_changed(editor_db, monkeypatch):
    app = log_in(new_app(editor_db, monkeypatch), "eva")
    upload(app, fx.csv_bytes(fx.GOOD_COMMA))
    assert not app.button(key="confirm_import").disabled
    app.button(key="confirm_import").click().run()
    first = [s.value for s in app.success if "Importert som parti" in s.value]
    assert first, [s.value for s in app.success]
    app.button(key="confirm_import").click().run()
    assert not any("Importert som parti" in s.value for s in app.success)
    assert any(i.value.startswith("Ingenting endret: filen ble importert som parti") for i in app.info)


def test_rollback_asks_first_and_says_what_it_undoes(editor_db, monkeypatch):
    app = log_in(new_app(editor_db, monkeypatch), "eva")
    upload(app, fx.csv_bytes(fx.GOOD_COMMA))
    app.button(key="confirm_import").click().run()
    batch = int(next(s.value for s in app.success if "Importert som parti" in s.value).split()[-1].rstrip("."))
    app.switch_page(PAGE).run()
    app.selectbox(key="rollback_choice").select(batch).run()
    app.button(key="roll_back").click().run()
    assert not app.exception, app.exception
    warning = " ".join(w.value for w in app.warning)
    assert f"Trekke tilbake parti {batch} (register.csv, importert " in warning and "De 3 tallene" in warning
    con = read_only_connection(editor_db)
    assert con.execute("SELECT rolled_back_at FROM import_batches WHERE batch_id = ?", [batch]).fetchone()[0] is None
    con.close()
    app.button(key="cancel_rollback").click().run()
    assert "confirm_rollback" not in [b.key for b in app.button]
    app.button(key="roll_back").click().run()
    app.button(key="confirm_rollback").click().run()
    assert any(f"Parti {batch} er trukket tilbake" in s.value for s in app.success)
    con = read_only_connection(editor_db)
    assert con.execute("SELECT rolled_back_at FROM import_batches WHERE batch_id = ?", [batch]).fetchone()[0]
    con.close()
