"""Accessibility measured: axe-core (WCAG 2.0/2.1 A and AA rules) on every page in the menu, as an
anonymous reader in Norwegian and as the admin (who sees every page) in English, on one server and
one browser. (All four role × language runs took 12 minutes on a loaded 2-core machine; the markup and
colours do not depend on the language, and both languages' document language is checked.)

A serious or critical violation fails the test unless it lies inside a Streamlit element listed in
``omrademonitor.accessibility.KNOWN_ISSUES`` (the allow-list, which the accessibility statement
publishes with the reason each cannot be fixed from the app's side).
"""

from __future__ import annotations

import time

import pytest

from omrademonitor.accessibility import AXE_TAGS, BLOCKING_IMPACTS, KNOWN_ISSUES, allowed_within
from omrademonitor.i18n import t
from tests.browser_helpers import settle
from tests.test_browser import ADMIN_PASSWORD, app_url, browser, server  # noqa: F401

pytestmark = pytest.mark.browser

AXE_OPTIONS = {"runOnly": {"type": "tag", "values": list(AXE_TAGS)}, "resultTypes": ["violations"]}
RUNS = [("anonymous", "nb"), ("admin", "en")]
NAV_LINKS = '[data-testid="stSidebarNav"] a'


def wait_idle(page) -> None:
    """Wait until Streamlit has finished running the page script and its title is shown, then let
    charts draw (``settle``)."""
    page.locator('[data-testid="stMain"] h1').first.wait_for(timeout=60_000)
    settle(page)


def start_session(chromium, url: str, role: str, lang: str):
    """A fresh browser session on the first page of the menu, logged in as the admin when asked."""
    page = chromium.new_page(viewport={"width": 1400, "height": 1000})
    if role == "admin":
        page.goto(f"{url}/konto?lang={lang}")
        page.get_by_label(t("username", lang), exact=True).fill("ada")
        page.get_by_label(t("password", lang), exact=True).fill(ADMIN_PASSWORD)
        page.get_by_role("button", name=t("log_in", lang)).click()
        page.get_by_text(t("logged_in_as", lang, name="Ada Admin", role="").split(" (")[0]).first.wait_for(
            timeout=30_000
        )
    else:
        page.goto(f"{url}/?lang={lang}")
    wait_idle(page)
    return page


def blocking_nodes(page, results: dict) -> tuple[list[str], list[str]]:
    """Serious and critical violations as readable lines: (ours, Streamlit's allow-listed). Whether each
    node lies inside an allow-listed Streamlit element is asked of the page once for all nodes."""
    nodes = [
        (violation, node)
        for violation in results["violations"]
        if violation["impact"] in BLOCKING_IMPACTS
        for node in violation["nodes"]
    ]
    questions = [
        [node["target"][0] if len(node["target"]) == 1 else None, allowed_within(violation["id"])]
        for violation, node in nodes
    ]
    answers = page.evaluate(
        "qs => qs.map(([s, within]) => s !== null && within.some(w => !!document.querySelector(s)?.closest(w)))",
        questions,
    )
    ours, streamlit = [], []
    for (violation, node), allowed in zip(nodes, answers, strict=True):
        line = f"{violation['id']} ({violation['impact']}): {node['html'][:160]} — {node['failureSummary'][:200]}"
        (streamlit if allowed else ours).append(line)
    return ours, streamlit


def run_axe(page, script: str) -> dict:
    """axe-core's results for the page as it is now. The script is put into the page once per document
    (the menu's links change pages without loading a new document)."""
    page.evaluate(f"() => {{ if (typeof window.axe === 'undefined') {{ {script} }} }}")
    return page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)


@pytest.fixture(scope="module")
def audits(app_url, browser):  # noqa: F811 (fixtures imported from test_browser)
    """For each (role, language, page path): the document language and the blocking violations."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    found = {}
    started = time.monotonic()
    for role, lang in RUNS:
        page = start_session(browser, app_url, role, lang)
        paths = page.locator(NAV_LINKS).evaluate_all("links => links.map(a => new URL(a.href).pathname)")
        for path in paths:
            # a click keeps the session (and so the login); the presentation page hides the sidebar
            page.locator(f'{NAV_LINKS}[href$="{path}"]').first.evaluate("a => a.click()")
            page.wait_for_url(lambda u, p=path: u.split("?")[0].endswith(p))
            wait_idle(page)
            ours, streamlit = blocking_nodes(page, run_axe(page, axe.axe_script))
            found[role, lang, path] = {
                "lang": page.evaluate("document.documentElement.lang"),
                "ours": ours,
                "streamlit": streamlit,
            }
            print(role, lang, path, f"{time.monotonic() - started:.0f} s", len(ours), "ours", flush=True)
        page.close()
    print(f"axe-core: {len(found)} page runs in {time.monotonic() - started:.0f} s")
    return found


def test_every_page_of_every_role_and_language_was_audited(audits):
    for role, lang in RUNS:
        paths = {path for r, la, path in audits if (r, la) == (role, lang)}
        assert {"/", "/kart", "/innsatsomrade", "/konto", "/tilgjengelighet"} <= paths, (role, lang)
    assert {"/brukere", "/logg", "/import", "/sql"} <= {p for r, _, p in audits if r == "admin"}


def test_no_serious_or_critical_violation_from_our_markup(audits):
    failures = {key: found["ours"] for key, found in audits.items() if found["ours"]}
    report = "\n".join(f"{' '.join(key)}:\n  " + "\n  ".join(lines) for key, lines in failures.items())
    assert not failures, f"axe-core found serious/critical violations in the app's own markup:\n{report}"


def test_the_document_language_is_the_ui_language(audits):
    wrong = {key: found["lang"] for key, found in audits.items() if found["lang"] != key[1]}
    assert not wrong, f"<html lang> differs from the UI language on {wrong}"


def test_every_allow_listed_rule_is_still_needed(audits):
    """An allow-list entry Streamlit no longer triggers should be removed (and from the statement)."""
    seen = {line.split(" ")[0] for found in audits.values() for line in found["streamlit"]}
    listed = {issue.axe_rule for issue in KNOWN_ISSUES if issue.axe_rule}
    assert listed <= seen, f"allow-listed but not found any more: {listed - seen}"
