"""Local logins in a real browser: a session survives a reload and a new tab, logout really ends it,
and a bookmarked restricted page asks for login there and then opens."""

from __future__ import annotations

import pytest

from omrademonitor.sessions import COOKIE_NAME
from tests.browser_helpers import chromium, no_error_shown, wait_cookie, wait_text

pytestmark = pytest.mark.browser
PASSWORD = "browser-admin-password"


@pytest.fixture(scope="module")
def app_url(admin_server):
    """The process's shared app on the demo database with the admin ada (conftest.py). Its first
    session has run: on a fresh server that session shows a spurious "Page not found" notice for a deep
    link (any page); later sessions do not."""
    return admin_server


@pytest.fixture(scope="module")
def browser(app_url):
    with chromium() as browser:
        yield browser


def log_in_here(page) -> None:
    page.get_by_label("Brukernavn").fill("ada")
    page.get_by_label("Passord").fill(PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    wait_text(page, "Innlogget som Ada Admin", 30_000)


def test_bookmarked_restricted_page_asks_for_login_there_and_stays(app_url, browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.goto(f"{app_url}/import")
    wait_text(page, "Du må logge inn for å åpne denne siden")
    assert no_error_shown(page)
    log_in_here(page)
    wait_text(page, "Importer data", 30_000)
    assert "/import" in page.url
    wait_cookie(context, COOKIE_NAME)
    english = context.new_page()
    english.goto(f"{app_url}/sql-konsoll?lang=en")  # logged in now: the admin opens it
    wait_text(english, "Logged in as Ada Admin")
    context.close()
    anonymous = browser.new_page()
    anonymous.goto(f"{app_url}/brukere?lang=en")
    wait_text(anonymous, "You need to log in to open this page")
    assert no_error_shown(anonymous)
    anonymous.close()


def test_login_survives_reload_and_new_tab_and_logout_ends_it(app_url, browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.goto(f"{app_url}/konto")
    wait_text(page, "Brukernavn")
    log_in_here(page)
    cookie = wait_cookie(context, COOKIE_NAME)
    assert cookie["sameSite"] == "Lax" and cookie["expires"] > 0

    page.reload()
    wait_text(page, "Innlogget som Ada Admin")
    tab = context.new_page()
    tab.goto(f"{app_url}/brukere")
    wait_text(tab, "Brukere og roller")
    assert no_error_shown(tab)

    page.goto(f"{app_url}/konto")
    wait_text(page, "Innlogget som Ada Admin")
    page.get_by_role("button", name="Logg ut").click()
    wait_text(page, "Ikke innlogget", 30_000)
    wait_cookie(context, COOKIE_NAME, present=False)
    page.reload()
    wait_text(page, "Ikke innlogget")
    assert page.get_by_text("Innlogget som").count() == 0
    tab.goto(f"{app_url}/brukere")
    wait_text(tab, "Du må logge inn for å åpne denne siden")

    replay = browser.new_context()  # the old cookie, copied: revoked on the server
    replay.add_cookies([cookie])
    stolen = replay.new_page()
    stolen.goto(f"{app_url}/brukere")
    wait_text(stolen, "Du må logge inn for å åpne denne siden")
    replay.close()
    context.close()
