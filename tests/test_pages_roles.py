"""Log in as each role through AppTest: each sees and can do exactly its allowed set."""

import shutil

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from omrademonitor import PROJECT_ROOT
from omrademonitor.access import SYSTEM, Role
from omrademonitor.accounts import hash_password
from omrademonitor.ingest import Writer
from omrademonitor.store import Store

PASSWORD = "a-test-password-1"
USERS = {"vera": Role.VIEWER, "rolf": Role.RESEARCHER, "eva": Role.EDITOR, "ada": Role.ADMIN}


@pytest.fixture(scope="module")
def accounts_db(demo_db, tmp_path_factory):
    path = tmp_path_factory.mktemp("roles") / "roles.duckdb"
    shutil.copy(demo_db, path)
    with Writer(path) as writer:
        for name, role in USERS.items():
            writer.create_user(name, role, SYSTEM, hash_password(PASSWORD))
    return path


def new_app(db, monkeypatch, **settings) -> AppTest:
    monkeypatch.setenv("OMRADEMONITOR_DB", str(db))
    for key, value in settings.items():
        monkeypatch.setenv(f"OMRADEMONITOR_{key.upper()}", value)
    st.cache_resource.clear()
    st.cache_data.clear()
    app = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=60)
    app.run()
    return app


def log_in(app: AppTest, username: str, password: str = PASSWORD) -> AppTest:
    app.switch_page("pages/account.py").run()
    app.text_input(key="login_username").input(username)
    app.text_input(key="login_password").input(password)
    app.button[0].click().run()
    assert not app.exception, app.exception
    return app


def opens(app: AppTest, page: str) -> bool:
    """Whether the page renders for the session (True) or refuses with 'no access' (False)."""
    app.switch_page(page).run()
    assert not app.exception, app.exception
    return not any("ikke tilgang" in e.value for e in app.error)


def downloads(app: AppTest) -> int:
    app.switch_page("pages/map.py").run()
    return len(app.get("download_button"))


@pytest.mark.parametrize(
    ("username", "admin_pages", "can_download", "can_import"),
    [
        ("vera", False, False, False),
        ("rolf", False, True, False),
        ("eva", False, True, True),
        ("ada", True, True, True),
    ],
)
def test_each_role_sees_its_pages_and_actions(
    accounts_db, monkeypatch, username, admin_pages, can_download, can_import
):
    app = log_in(new_app(accounts_db, monkeypatch), username)
    assert app.session_state["principal"].role == USERS[username]
    assert any(f"Innlogget som {username}" in m.value for m in app.markdown)
    assert opens(app, "pages/overview.py") and opens(app, "pages/map.py")
    assert opens(app, "pages/users.py") == admin_pages
    assert opens(app, "pages/audit.py") == admin_pages
    assert opens(app, "pages/import_data.py") == can_import
    assert downloads(app) == (4 if can_download else 2)  # shown table for all; full figures for researchers


def test_anonymous_reader_sees_public_pages_only(accounts_db, monkeypatch):
    app = new_app(accounts_db, monkeypatch)
    assert opens(app, "pages/overview.py")
    assert downloads(app) == 2
    assert not opens(app, "pages/users.py")


def test_login_required_deployment_shows_nothing_before_login(accounts_db, monkeypatch):
    app = new_app(accounts_db, monkeypatch, anonymous_read="false")
    assert any("krever innlogging" in i.value for i in app.info)
    with pytest.raises(ValueError, match=r"Known pages: \['.*pages/account.py', '.*pages/accessibility.py'\]"):
        app.switch_page("pages/overview.py")  # not in the menu at all
    log_in(app, "vera")
    assert opens(app, "pages/overview.py")


def test_wrong_password_is_refused(accounts_db, monkeypatch):
    app = log_in(new_app(accounts_db, monkeypatch), "vera", "not-the-password")
    assert "principal" not in app.session_state
    assert any("Feil brukernavn eller passord" in e.value for e in app.error)


def test_admin_creates_a_user_in_the_app_and_it_is_audited(accounts_db, monkeypatch, tmp_path):
    db = tmp_path / "admin.duckdb"
    shutil.copy(accounts_db, db)
    app = log_in(new_app(db, monkeypatch), "ada")
    app.switch_page("pages/users.py").run()
    app.text_input(key="new_username").input("nina")
    app.text_input(key="new_password").input("nina-password-12")
    app.selectbox(key="new_role").select("researcher")
    app.button(key="FormSubmitter:new_user-Opprett").click().run()
    assert not app.exception and any("Lagret" in s.value for s in app.success)
    store = Store(db)
    try:
        users = store.query("users").set_index("username")
        assert users.loc["nina", "role"] == "researcher"
        last = store.query("audit_log").iloc[0]
        assert (last["actor"], last["action"], last["target"]) == ("ada", "create_user", "nina")
    finally:
        store.close()


def test_editor_adds_an_event_and_it_is_audited(accounts_db, monkeypatch, tmp_path):
    db = tmp_path / "events.duckdb"
    shutil.copy(accounts_db, db)
    app = log_in(new_app(db, monkeypatch), "eva")
    app.switch_page("pages/explorer.py").run()
    app.number_input(key="event_year").set_value(2024)
    app.text_input(key="event_title_nb").input("Ny møteplass åpner")
    app.text_input(key="event_title_en").input("New meeting place opens")
    app.button(key="FormSubmitter:add_event-Legg til hendelse").click().run()
    assert not app.exception and any("Lagret" in s.value for s in app.success)
    app.run()
    assert any("2024 Ny møteplass åpner" in c.value for c in app.caption)
    store = Store(db)
    try:
        last = store.query("audit_log").iloc[0]
        assert (last["actor"], last["action"]) == ("eva", "add_event")
    finally:
        store.close()


def test_viewer_cannot_edit_events(accounts_db, monkeypatch):
    app = log_in(new_app(accounts_db, monkeypatch), "rolf")
    app.switch_page("pages/explorer.py").run()
    assert not [e for e in app.expander if "hendelser" in e.label.lower()]
