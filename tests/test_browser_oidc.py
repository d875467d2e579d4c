"""OpenID Connect end to end: the app, `st.login` and a local provider (tests/oidc_provider.py), in
Chromium. A listed user gets their role, an unlisted one no access but a logout, logout ends the
login (reload, new tab and a copied cookie stay logged out), and a deep link survives the login."""

from __future__ import annotations

import re
import shutil
import time

import pytest
from playwright.sync_api import Error as PlaywrightError

from omrademonitor.access import SYSTEM, Role
from omrademonitor.writer import Writer
from tests.browser_helpers import chromium, free_port, no_error_shown, running_app, wait_cookie, wait_text
from tests.oidc_provider import CLIENT_ID, CLIENT_SECRET, Provider

pytestmark = pytest.mark.browser
EVA = {"sub": "idp-eva-1", "email": "Eva@Kommune.no", "email_verified": True, "name": "Eva Editor"}
OLA = {"sub": "idp-ola-2", "email": "ola@example.org", "email_verified": True, "name": "Ola Outsider"}
USER_COOKIE = "_streamlit_user"


@pytest.fixture(scope="module")
def provider():
    with Provider() as provider:
        yield provider


@pytest.fixture(scope="module")
def app_url(demo_db, tmp_path_factory, provider):
    folder = tmp_path_factory.mktemp("oidc")
    db = folder / "oidc.duckdb"
    shutil.copy(demo_db, db)
    with Writer(db) as writer:
        writer.create_user("eva@kommune.no", Role.EDITOR, SYSTEM, display_name="Eva Editor")
    port = free_port()
    secrets = folder / "secrets.toml"
    secrets.write_text(
        f"""[auth]
redirect_uri = "http://127.0.0.1:{port}/oauth2callback"
cookie_secret = "a-test-cookie-secret-that-is-long-enough"

[auth.testidp]
client_id = "{CLIENT_ID}"
client_secret = "{CLIENT_SECRET}"
server_metadata_url = "{provider.metadata_url}"
identity_claim = "email"
""",
        encoding="utf-8",
    )
    env = {
        "OMRADEMONITOR_DB": str(db),
        "OMRADEMONITOR_AUTH": "oidc",
        "OMRADEMONITOR_OIDC_PROVIDER": "testidp",
        "OMRADEMONITOR_ANONYMOUS_READ": "false",
    }
    with running_app(env, "--secrets.files", str(secrets), port=port) as (url, log):
        yield url
        print(log.read_text(errors="replace")[-3000:])


@pytest.fixture(scope="module")
def browser(app_url):
    with chromium() as browser:
        warm = browser.new_page()  # Streamlit's first session after a start may show "Page not found"
        warm.goto(app_url)
        wait_text(warm, "Du må logge inn")
        warm.close()
        yield browser


def log_in_with_provider(page) -> None:
    page.get_by_role("button", name="Logg inn").click()


def test_listed_user_keeps_the_deep_link_and_logout_really_ends_the_login(app_url, browser, provider):
    provider.next_claims = EVA
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.goto(f"{app_url}/import?lang=nb")
    wait_text(page, "Du må logge inn for å åpne denne siden")
    assert no_error_shown(page)
    wait_cookie(context, "omrademonitor_next")
    log_in_with_provider(page)
    wait_text(page, "Importer data")  # back on the page asked for, as an editor
    assert "/import" in page.url
    wait_text(page, "Innlogget som Eva Editor (redaktør)")
    login_cookie = wait_cookie(context, USER_COOKIE)

    page.reload()
    wait_text(page, "Importer data")
    tab = context.new_page()
    tab.goto(f"{app_url}/tiltak")
    wait_text(tab, "Innlogget som Eva Editor")
    tab.close()

    page.goto(f"{app_url}/konto")
    wait_text(page, "Innlogget som Eva Editor")
    logouts = provider.logouts
    page.get_by_role("button", name="Logg ut").click()
    wait_logged_out(page, context, provider, app_url, logouts)  # the provider's end-session was called too
    wait_text(page, "Du må logge inn")
    page.reload()
    wait_text(page, "Du må logge inn")
    assert page.get_by_text("Innlogget som").count() == 0
    tab = context.new_page()
    tab.goto(f"{app_url}/import")
    wait_text(tab, "Du må logge inn for å åpne denne siden")
    assert tab.get_by_text("Importer data").count() == 0
    context.close()

    replay = browser.new_context()  # the login cookie, copied before the logout: revoked on the server
    replay.add_cookies([login_cookie])
    stolen = replay.new_page()
    stolen.goto(f"{app_url}/import")
    wait_text(stolen, "Økten din er avsluttet")
    assert stolen.get_by_text("Importer data").count() == 0
    replay.close()


def wait_logged_out(page, context, provider, app_url: str, logouts_before: int) -> None:
    """Wait until a logout has gone all the way round: the provider's end-session was called, the
    browser is back on the app's front page (the last of the logout's redirects) and the login cookie
    is gone. Reloading or navigating before the last redirect lands is aborted by it."""
    deadline = time.monotonic() + 60
    while provider.logouts <= logouts_before:
        assert time.monotonic() < deadline, "the provider's end-session was never called"
        time.sleep(0.1)
    page.wait_for_url(re.compile(re.escape(app_url) + r"/(\?.*)?$"), timeout=60_000)
    wait_cookie(context, USER_COOKIE, present=False)


def goto_settled(page, url: str, attempts: int = 3) -> None:
    """Go to ``url``; when the app's own navigation (the login callback's redirect back) aborts it, wait
    for that navigation to finish and go again (at most ``attempts`` times)."""
    for attempt in range(attempts):
        try:
            page.goto(url)
            return
        except PlaywrightError as exc:
            if "interrupted by another navigation" not in str(exc) or attempt == attempts - 1:
                raise
            page.wait_for_load_state()


def test_unlisted_user_gets_no_access_but_can_log_out(app_url, browser, provider):
    provider.next_claims = OLA
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.goto(f"{app_url}/konto")
    wait_text(page, "Logg inn")
    log_in_with_provider(page)
    wait_text(page, "har ikke fått en rolle")
    wait_cookie(context, USER_COOKIE)
    goto_settled(page, f"{app_url}/import")
    wait_text(page, "har ikke fått en rolle")
    assert page.get_by_text("Importer data").count() == 0
    logouts = provider.logouts
    page.get_by_role("button", name="Logg ut").click()
    wait_logged_out(page, context, provider, app_url, logouts)
    wait_text(page, "Du må logge inn")
    page.reload()
    wait_text(page, "Du må logge inn")
    assert page.get_by_text("har ikke fått en rolle").count() == 0
    context.close()
