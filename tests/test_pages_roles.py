"""Log in as each role through AppTest: each sees and can do exactly its allowed set."""

import shutil
import time
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from omrademonitor import PROJECT_ROOT
from omrademonitor.access import GRANTS, SYSTEM, Role
from omrademonitor.accounts import hash_password
from omrademonitor.i18n import t
from omrademonitor.store import Store
from omrademonitor.writer import Writer
from ui.page_list import PAGES

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


def new_app(db, monkeypatch, lang: str = "nb", user=None, secrets=None, **settings) -> AppTest:
    monkeypatch.setenv("OMRADEMONITOR_DB", str(db))
    for key, value in settings.items():
        monkeypatch.setenv(f"OMRADEMONITOR_{key.upper()}", value)
    st.cache_resource.clear()
    st.cache_data.clear()
    app = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=60)
    app.query_params["lang"] = lang
    if user is not None:  # what the identity provider said, as st.user
        app.user = user
    if secrets is not None:
        app.secrets.update(secrets)
    app.run()
    return app


def with_admin(db: Path, username: str = "ada") -> Path:
    """``db`` with an admin account (``username``, ``PASSWORD``), for the tests that log in as one."""
    with Writer(db) as writer:
        writer.create_user(username, Role.ADMIN, SYSTEM, hash_password(PASSWORD))
    return db


def log_in(app: AppTest, username: str, password: str = PASSWORD) -> AppTest:
    app.switch_page("pages/account.py").run()
    app.text_input(key="login_username").input(username)
    app.text_input(key="login_password").input(password)
    app.button[0].click().run()
    assert not app.exception, app.exception
    return app


def opens(app: AppTest, page: str) -> bool:
    """Whether the page renders for the session (True) or refuses: 'no access' for a logged-in role
    too low, 'log in to open' for someone not logged in (False)."""
    app.switch_page(page).run()
    assert not app.exception, app.exception
    refused = any("ikke tilgang" in e.value for e in app.error)
    return not (refused or any("Du må logge inn for å åpne" in i.value for i in app.info))


def downloads(app: AppTest) -> int:
    """Data downloads on the map page (the chart's PNG/SVG picture buttons are not data)."""
    app.switch_page("pages/map.py").run()
    pictures = {t("chart_png", lang) for lang in ("nb", "en")} | {t("chart_svg", lang) for lang in ("nb", "en")}
    return len([b for b in app.get("download_button") if b.proto.label not in pictures])


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
    opened = {page.file: opens(app, page.file) for page in PAGES}  # every page of the page list
    for page in PAGES:  # opens exactly when the role has the page's permission, or it is for everyone
        assert opened[page.file] == (page.permission is None or page.permission in GRANTS[USERS[username]]), page
    assert opened["pages/overview.py"] and opened["pages/map.py"]
    assert opened["pages/users.py"] == opened["pages/audit.py"] == admin_pages
    assert opened["pages/import_data.py"] == can_import
    assert downloads(app) == (4 if can_download else 2)  # shown table for all; full figures for researchers


def test_anonymous_reader_sees_public_pages_only(accounts_db, monkeypatch):
    app = new_app(accounts_db, monkeypatch)
    assert opens(app, "pages/overview.py")
    assert downloads(app) == 2
    assert not opens(app, "pages/users.py")


def test_login_required_deployment_shows_nothing_before_login(accounts_db, monkeypatch):
    app = new_app(accounts_db, monkeypatch, anonymous_read="false")
    assert any("Du må logge inn for å åpne denne siden" in i.value for i in app.info)
    assert not app.dataframe and not app.get("plotly_chart")  # the start page shows no figures
    assert not opens(app, "pages/map.py")  # registered (a bookmark explains itself) but refused
    log_in(app, "vera")
    assert opens(app, "pages/overview.py")


def test_a_bookmarked_restricted_page_asks_for_login_there_and_opens_after_it(accounts_db, monkeypatch):
    app = new_app(accounts_db, monkeypatch)
    app.switch_page("pages/import_data.py").run()
    assert not app.exception
    assert any("Du må logge inn for å åpne denne siden" in i.value for i in app.info)
    assert not any("Page not found" in str(e.value) for e in app.error)
    app.text_input(key="login_username").input("eva")
    app.text_input(key="login_password").input(PASSWORD)
    app.button(key="FormSubmitter:login-Logg inn").click().run()
    assert not app.exception
    assert not any("Du må logge inn" in i.value for i in app.info)
    assert any("Importer data" in t.value for t in app.title)  # the page asked for, not the start page


def test_a_role_too_low_is_told_which_role_it_has_in_the_ui_language(accounts_db, monkeypatch):
    app = log_in(new_app(accounts_db, monkeypatch), "rolf")
    app.switch_page("pages/users.py").run()
    assert any("med rollen forsker" in e.value for e in app.error)
    app = new_app(accounts_db, monkeypatch, lang="en")
    app.switch_page("pages/users.py").run()
    assert any("You need to log in to open this page" in i.value for i in app.info)


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


@pytest.mark.parametrize("authlib_installed", [True, False])
def test_a_failing_provider_login_shows_a_message_and_error_id_not_a_traceback(
    accounts_db, monkeypatch, caplog, authlib_installed
):
    import streamlit.user_info

    if not authlib_installed:  # as on an install without Authlib: StreamlitMissingAuthlibError
        monkeypatch.setattr(streamlit.user_info, "is_authlib_installed", lambda: False)
    app = new_app(accounts_db, monkeypatch, auth="oidc")  # and no [auth] in secrets.toml
    app.switch_page("pages/account.py").run()
    app.button(key="login_oidc").click().run()
    assert not app.exception
    shown = " ".join(e.value for e in app.error)
    assert "Innloggingen kunne ikke startes. Gi feilkoden" in shown
    assert "Traceback" not in shown and "secrets.toml" not in shown and "/" not in shown
    error_id = shown.split("feilkoden ")[1].split()[0]
    logged = [r for r in caplog.records if error_id in r.getMessage()]
    assert logged and logged[0].exc_info  # the details, with the traceback, are in the server log


def test_an_unlisted_provider_user_without_secrets_is_not_an_error(accounts_db, monkeypatch):
    app = new_app(accounts_db, monkeypatch, auth="oidc", anonymous_read="false")
    assert not app.exception
    assert any("Du må logge inn for å åpne denne siden" in i.value for i in app.info)


IDPORTEN = {"auth": {"idporten": {"identity_claim": "pid"}}}  # identity_claim per provider


def provider_app(db, monkeypatch, claims: dict, provider: str = "idporten") -> AppTest:
    user = {"is_logged_in": True, "provider": provider, "iat": int(time.time()), **claims}
    return new_app(db, monkeypatch, user=user, secrets=IDPORTEN, auth="oidc", oidc_provider=provider)


@pytest.fixture(scope="module")
def provider_db(accounts_db, tmp_path_factory):
    path = tmp_path_factory.mktemp("provider") / "provider.duckdb"
    shutil.copy(accounts_db, path)
    with Writer(path) as writer:
        writer.create_user("01017012345", Role.EDITOR, SYSTEM, display_name="Kari ID-porten")
        writer.create_user("per@kommune.no", Role.RESEARCHER, SYSTEM, display_name="Per")
    return path


def test_id_porten_users_are_known_by_pid(provider_db, monkeypatch):
    app = provider_app(provider_db, monkeypatch, {"sub": "s-1", "pid": "01017012345"})
    assert not app.exception
    assert (app.session_state["principal"].username, app.session_state["principal"].role) == ("01017012345", "editor")
    assert opens(app, "pages/import_data.py")


def test_a_provider_without_the_configured_claim_gives_no_access_and_says_which(provider_db, monkeypatch):
    app = provider_app(provider_db, monkeypatch, {"sub": "s-2", "oid": "abc"}, provider="entra")  # no e-mail
    assert not app.exception
    app.switch_page("pages/account.py").run()
    assert any("sendte ikke feltet «email»" in e.value for e in app.error)
    assert app.button(key="logout_refused")  # they can still log out


def test_an_unverified_email_gives_no_access(provider_db, monkeypatch):
    claims = {"sub": "s-3", "email": "per@kommune.no", "email_verified": False}
    app = provider_app(provider_db, monkeypatch, claims, provider="entra")
    assert "principal" not in app.session_state
    app.switch_page("pages/account.py").run()
    assert any("ikke bekreftet e-postadressen" in e.value for e in app.error)
    verified = provider_app(provider_db, monkeypatch, {**claims, "email_verified": True}, provider="entra")
    assert verified.session_state["principal"].role == "researcher"


def test_a_provider_login_older_than_the_session_lifetime_has_ended(provider_db, monkeypatch):
    claims = {"sub": "s-1", "pid": "01017012345", "iat": int(time.time()) - 13 * 3600}
    app = provider_app(provider_db, monkeypatch, claims)
    assert "principal" not in app.session_state
    app.switch_page("pages/account.py").run()
    assert any("Økten din er avsluttet" in e.value for e in app.error)


def test_an_unusable_session_secret_refuses_login_with_an_error_id(accounts_db, monkeypatch, tmp_path):
    from omrademonitor.sessions import secret_path

    db = tmp_path / "secret.duckdb"
    shutil.copy(accounts_db, db)
    secret_path(db).write_text("00" * 32)
    secret_path(db).chmod(0o644)  # readable by others: refused
    app = log_in(new_app(db, monkeypatch), "vera")
    assert "principal" not in app.session_state
    assert any("Innloggingen kunne ikke startes. Gi feilkoden" in e.value for e in app.error)


def test_a_new_page_from_the_documentation_alone(accounts_db, monkeypatch, tmp_path):
    """The README's *Adding a page*, followed: its page file written out, its ``PageSpec`` added to the
    page list and its two catalogue lines to the catalogues, nothing else. An administrator finds the
    page in the menu and opens it; a viewer finds it in neither (hidden from the menu, refused at its URL).
    The page never names its permission, so the refusal can only come from the page list."""
    import dataclasses

    import yaml

    from omrademonitor import i18n
    from omrademonitor.access import Permission
    from tests.test_sources import example_files, example_lines
    from ui import page_list

    files = example_files("README.md", section="Adding a page")
    lines = example_lines("README.md", section="Adding a page")
    assert set(files) == {"pages/eksempel.py"}
    assert set(lines) == {
        "ui/page_list.py",
        "omrademonitor/translations/nb/common.yml",
        "omrademonitor/translations/en/common.yml",
    }
    page_file = tmp_path / "pages" / "eksempel.py"  # not in pages/: the page list's test would see it
    page_file.parent.mkdir()
    page_file.write_text(files["pages/eksempel.py"], encoding="utf-8")
    spec = eval(
        lines["ui/page_list.py"].strip().rstrip(","), {"PageSpec": page_list.PageSpec, "Permission": Permission}
    )
    assert spec.file == "pages/eksempel.py" and spec.permission == Permission.MANAGE_USERS
    spec = dataclasses.replace(spec, file=str(page_file))
    *others, account, statement = page_list.PAGES
    monkeypatch.setattr(page_list, "PAGES", (*others, spec, account, statement))
    texts = {lang: yaml.safe_load(lines[f"omrademonitor/translations/{lang}/common.yml"]) for lang in ("nb", "en")}
    assert set(texts["nb"]) == set(texts["en"]) == {spec.title}
    monkeypatch.setitem(i18n.STRINGS, spec.title, {lang: texts[lang][spec.title] for lang in ("nb", "en")})

    menus = []  # the menu of each run: title → visible, as app.py gives it to st.navigation
    navigation = st.navigation

    def recorded(pages, **options):
        menus.append({p.title: p.visibility == "visible" for section in pages.values() for p in section})
        return navigation(pages, **options)

    monkeypatch.setattr(st, "navigation", recorded)
    for username, allowed in (("ada", True), ("vera", False)):
        app = log_in(new_app(accounts_db, monkeypatch), username)
        assert menus[-1]["Eksempelside"] is allowed, username
        assert opens(app, str(page_file)) is allowed, username
        assert any(title.value == "Eksempelside" for title in app.title) is allowed, username
