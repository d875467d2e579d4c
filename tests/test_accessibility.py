"""Accessibility measured: axe-core (WCAG 2.0/2.1 A and AA rules) on every page in the menu, on one
server and one browser. Every page is audited in both languages and, where both may open it, as both
roles, pairwise rather than in all four combinations (which took 12 minutes on a loaded 2-core
machine): the public pages alternate in menu order between (anonymous, Norwegian) + (admin, English)
and (anonymous, English) + (admin, Norwegian); the admin-only pages are audited in both languages.
The document language is checked on every page run.

A serious or critical violation fails the test unless it lies inside a Streamlit element listed in
``omrademonitor.accessibility.KNOWN_ISSUES`` (the allow-list, which the accessibility statement
publishes with the reason each cannot be fixed from the app's side).
"""

from __future__ import annotations

import time

import pytest

from omrademonitor.accessibility import AXE_TAGS, BLOCKING_IMPACTS, KNOWN_ISSUES, allowed_within
from omrademonitor.i18n import t
from tests.browser_helpers import run_finished, settle, watch_socket
from tests.test_browser import ADMIN_PASSWORD, app_url, browser, server  # noqa: F401

pytestmark = pytest.mark.browser

AXE_OPTIONS = {"runOnly": {"type": "tag", "values": list(AXE_TAGS)}, "resultTypes": ["violations"]}
SESSIONS = [("anonymous", "nb"), ("anonymous", "en"), ("admin", "nb"), ("admin", "en")]
ROLES, LANGUAGES = ("anonymous", "admin"), ("nb", "en")
NAV_LINKS = '[data-testid="stSidebarNav"] a'


def wait_idle(page) -> None:
    """Wait until the page's title is shown and the page is quiet (``settle``: its run ended, nothing drawn
    faded as stale): colours are measured, and a run draws the elements it replaces faded (contrast 3.1-3.9
    where 4.5 is needed)."""
    page.locator('[data-testid="stMain"] h1').first.wait_for(timeout=60_000)
    settle(page)


def start_session(chromium, url: str, role: str, lang: str, first: str = "/", logged_in=None):
    """A fresh Streamlit session on the page ``first``, the first the session audits (before, the
    second anonymous session started on the overview, which it does not audit: about 15 s on a loaded
    machine). As the admin: in a new browser context, logged in on the account page; or, given
    ``logged_in`` (an earlier admin session's page), a new session in that browser context, which its
    login cookie logs in (one login form for both admin sessions)."""
    if role == "admin" and logged_in is None:
        page = chromium.new_page(viewport={"width": 1400, "height": 1000})
        watch_socket(page)
        page.goto(f"{url}/konto?lang={lang}")
        page.get_by_label(t("username", lang), exact=True).fill("ada")
        page.get_by_label(t("password", lang), exact=True).fill(ADMIN_PASSWORD)
        page.get_by_role("button", name=t("log_in", lang)).click()
    else:
        page = logged_in
        if page is None:
            page = chromium.new_page(viewport={"width": 1400, "height": 1000})
            watch_socket(page)
        page.goto(f"{url}{first}?lang={lang}")
    if role == "admin":
        page.get_by_text(t("logged_in_as", lang, name="Ada Admin", role="").split(" (")[0]).first.wait_for(
            timeout=30_000
        )
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


def planned(role: str, lang: str, public: list[str], paths: list[str]) -> list[str]:
    """The pages a session audits, in its menu's order: the public pages pairwise (the even ones in menu
    order anonymous in Norwegian and as admin in English, the odd ones the other way round), and every
    page only the admin may open in the admin's sessions in both languages."""
    paired = {path: i % 2 for i, path in enumerate(public)}  # 0: anonymous nb + admin en, 1: the other way
    wanted = 0 if (role == "anonymous") == (lang == "nb") else 1
    return [path for path in paths if paired.get(path, wanted) == wanted]  # a page not public: the admin's


@pytest.fixture(scope="module")
def audits(app_url, browser):  # noqa: F811 (fixtures imported from test_browser)
    """For each (role, language, page path) audited: the document language and the blocking violations;
    and each session's menu, under ("menu", role, language)."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    found = {}
    started = time.monotonic()
    public: list[str] = []
    admin_page = None
    for role, lang in SESSIONS:  # the anonymous sessions first: their menu is the public pages
        # the first anonymous session starts on the menu's first page (which it audits) and learns the
        # menu; the second starts on the first public page it audits
        first = planned(role, lang, public, public)[0] if public else "/"
        page = start_session(browser, app_url, role, lang, first, admin_page if role == "admin" else None)
        paths = page.locator(NAV_LINKS).evaluate_all("links => links.map(a => new URL(a.href).pathname)")
        found["menu", role, lang] = paths
        if role == "anonymous" and not public:
            public = list(paths)
        for path in planned(role, lang, public, paths):
            # a click keeps the session (and so the login); the presentation page hides the sidebar. Also
            # on the page the session started on: audited straight after its first load, the overview's
            # captions were still drawn faded (contrast 3.88, the only such finding, at load 6-9)
            with run_finished(page):  # the run the click asks for (on the page already shown, it starts later)
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
        if role == "admin":
            admin_page = page  # the next admin session reuses its login
        else:
            page.close()
    admin_page.close()
    print(f"axe-core: {len(found) - len(SESSIONS)} page runs in {time.monotonic() - started:.0f} s")
    return found


def page_runs(audits) -> dict:
    return {key: found for key, found in audits.items() if key[0] != "menu"}


def test_every_page_was_audited_in_both_languages_and_as_every_role_that_may_open_it(audits):
    menus = {key[1:]: paths for key, paths in audits.items() if key[0] == "menu"}
    public, every = set(menus["anonymous", "nb"]), set(menus["admin", "en"])
    assert menus["anonymous", "en"] == menus["anonymous", "nb"] and menus["admin", "nb"] == menus["admin", "en"]
    assert {"/", "/kart", "/innsatsomrade", "/konto", "/tilgjengelighet"} <= public
    assert {"/brukere", "/logg", "/import", "/sql-konsoll"} <= every - public
    assert public < every
    runs = page_runs(audits)
    for path in every:
        done = {(role, lang) for role, lang, p in runs if p == path}
        assert {lang for _, lang in done} == set(LANGUAGES), path
        assert {role for role, _ in done} == ({"admin"} if path not in public else set(ROLES)), path
    # pairwise: each public page twice (one role in one language, the other in the other), the rest twice
    assert len(runs) == 2 * len(every)


def test_no_serious_or_critical_violation_from_our_markup(audits):
    failures = {key: found["ours"] for key, found in page_runs(audits).items() if found["ours"]}
    report = "\n".join(f"{' '.join(key)}:\n  " + "\n  ".join(lines) for key, lines in failures.items())
    assert not failures, f"axe-core found serious/critical violations in the app's own markup:\n{report}"


def test_the_document_language_is_the_ui_language(audits):
    wrong = {key: found["lang"] for key, found in page_runs(audits).items() if found["lang"] != key[1]}
    assert not wrong, f"<html lang> differs from the UI language on {wrong}"


def test_every_allow_listed_rule_is_still_needed(audits):
    """An allow-list entry Streamlit no longer triggers should be removed (and from the statement)."""
    seen = {line.split(" ")[0] for found in page_runs(audits).values() for line in found["streamlit"]}
    listed = {issue.axe_rule for issue in KNOWN_ISSUES if issue.axe_rule}
    assert listed <= seen, f"allow-listed but not found any more: {listed - seen}"


def test_the_pairwise_plan():
    """The plan itself, on a small menu: public pages a, b, c and the admin-only page x."""
    public, every = ["/a", "/b", "/c"], ["/a", "/b", "/c", "/x"]
    assert planned("anonymous", "nb", public, public) == ["/a", "/c"]
    assert planned("anonymous", "en", public, public) == ["/b"]
    assert planned("admin", "en", public, every) == ["/a", "/c", "/x"]
    assert planned("admin", "nb", public, every) == ["/b", "/x"]
