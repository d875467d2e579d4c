"""AppTest smoke and interaction tests over every page, against the demo database."""

import shutil

import pytest
from streamlit.testing.v1 import AppTest

from omrademonitor import PROJECT_ROOT
from omrademonitor.access import ANONYMOUS, Role
from omrademonitor.programme import load_programmes
from tests.test_pages_roles import log_in, with_admin
from ui.page_list import files, readable

APP = str(PROJECT_ROOT / "app.py")
# every page an anonymous reader may open, from the page list; the others, run by an admin:
# test_every_restricted_page_runs_for_an_admin_in_both_languages
PAGES = readable(ANONYMOUS)
RESTRICTED = [page for page in files() if page not in PAGES]


@pytest.fixture()
def app(demo_db, monkeypatch):
    return _app(demo_db, monkeypatch)


def _app(db, monkeypatch, clear: bool = True):
    monkeypatch.setenv("OMRADEMONITOR_DB", str(db))
    import streamlit as st

    if clear:
        st.cache_resource.clear()
        st.cache_data.clear()
    return AppTest.from_file(APP, default_timeout=60)


SHIPPED = sorted(load_programmes(PROJECT_ROOT / "programmes"))


@pytest.fixture(scope="module")
def registered_pages(shipped_db):
    """The pages st.navigation registers (page hash -> page info), from one run of the app: a fresh
    AppTest given them opens a page on its first run, as a deep link does, instead of running the
    start page first only to learn them (AppTest.switch_page needs a finished run to map a file to the
    hash of its url_path)."""
    with pytest.MonkeyPatch.context() as monkeypatch:
        app = _app(shipped_db, monkeypatch)
        app.run()
        assert not app.exception, app.exception
    return dict(app._registered_pages)


def open_directly(app: AppTest, page: str, registered: dict) -> AppTest:
    """Run ``page`` as the session's first run (a deep link), and check that it was that page which ran
    and not the start page st.navigation falls back to. The start page is opened as "/" is, without
    asking for a page (asked for by its hash, AppTest's session state lacks the entry point's keys)."""
    app._registered_pages = dict(registered)
    wanted = app.switch_page(page)._page_hash
    if wanted == next(iter(registered)):  # the start page, registered first
        app._page_hash = ""
    app.run()
    assert app._finished_page_script_hash == wanted, (page, "another page ran")
    return app


@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs_without_error(shipped_db, monkeypatch, subtests, registered_pages, page):
    """Every page, for each programme shipped in programmes/ (chosen in the URL) in both languages, on
    the demo database with the national level loaded (which every shipped programme's areas need).

    One test per page, one subtest per programme and language: each run is a fresh AppTest session
    that opens the page directly (``open_directly``: before, each session ran the start page first,
    90 start-page runs more), and the caches are emptied once per page, so the first run of each page
    computes everything cold and the later ones reuse the server-wide caches as a running server would
    (keyed on the data version). Before, every one of the 90 runs started cold, which made this the
    suite's largest file."""
    for programme_id in SHIPPED:
        for lang in ("nb", "en"):
            with subtests.test(programme=programme_id, lang=lang):
                app = _app(shipped_db, monkeypatch, clear=programme_id == SHIPPED[0] and lang == "nb")
                app.query_params["programme"] = programme_id
                app.query_params["lang"] = lang
                open_directly(app, page, registered_pages)
                assert not app.exception, (page, programme_id, lang, app.exception)
                if page == "pages/focus_area.py" and app.toggle:  # and the charts it draws when asked for
                    app.toggle(key="all_charts").set_value(True).run()
                    assert not app.exception, (page, programme_id, lang, app.exception)
                assert app.session_state["ui_programme"] == programme_id  # the page really showed that programme
                assert app.session_state["ui_language"] == lang  # the language kept for the session
                # a download needs no new run of the page (a press during a run could go unanswered)
                assert all(b.proto.ignore_rerun for b in app.get("download_button")), (page, programme_id, lang)


@pytest.fixture(scope="module")
def admin_db(shipped_db, tmp_path_factory):
    """``shipped_db`` with one admin account (ada)."""
    path = tmp_path_factory.mktemp("admin") / "admin.duckdb"
    return with_admin(shutil.copy(shipped_db, path))


def test_every_restricted_page_runs_for_an_admin_in_both_languages(admin_db, monkeypatch):
    """The pages a viewer may not open (``RESTRICTED``), each opened in each language by an admin, in a
    session of its own (logged in on the account page): the page itself ran past its ``guard()``
    without an error, and its title is in that language (the two titles differ).

    Not opened directly as the session's first run (``open_directly``): a page is reached the way a
    reader reaches it, after logging in. (When the SQL console's URL path was its file's name, ``sql``,
    AppTest ran ``pages/sql.py`` as a page of its own, without the entry point; no URL may be a page
    file's name now, ``tests/test_access.py``.)"""
    assert RESTRICTED
    for page in RESTRICTED:
        titles = {}
        for lang in ("nb", "en"):
            app = _app(admin_db, monkeypatch, clear=page == RESTRICTED[0] and lang == "nb")
            app.query_params["lang"] = lang
            app.run()
            log_in(app, "ada").switch_page(page).run()
            assert not app.exception, (page, lang, app.exception)
            assert app.session_state["principal"].role == Role.ADMIN, (page, lang)
            assert not app.error and not app.info, (page, lang, [e.value for e in [*app.error, *app.info]])
            titles[lang] = [title.value for title in app.title]
        assert titles["nb"] and titles["nb"] != titles["en"], (page, titles)


def test_overview_shows_programme_and_demo_warning(app):
    app.run()
    assert app.title[0].value == "Områdesatsingene på Lademoen og Tempe-Sorgenfri"
    assert any("Demonstrasjonsdata" in w.value for w in app.warning)
    subheaders = [s.value for s in app.subheader]
    assert subheaders[0] == "1. Utvikling av gode bo- og nærmiljøkvaliteter" and len(subheaders) == 5
    labels = {m.label for m in app.metric}
    assert {"Lademoen", "Tempe-Sorgenfri", "Trondheim"} <= labels
    captions = " ".join(c.value for c in app.caption)
    assert "Open SDG" in captions and any(
        word in captions for word in ("I rute", "Liten framgang", "Målet er nådd", "Beveger seg bort", "må øke farten")
    )


def test_a_known_issue_names_its_criteria_by_number():
    """The statement writes "WCAG criterion {criterion}": a number, or several joined by ", "."""
    import re

    from omrademonitor.accessibility import KNOWN_ISSUES

    number = r"[1-4]\.[1-9]\.[1-9][0-9]?"
    assert all(re.fullmatch(rf"{number}(, {number})*", issue.criterion) for issue in KNOWN_ISSUES)


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_accessibility_statement_lists_every_known_issue(app, registered_pages, lang):
    from omrademonitor import labels
    from omrademonitor.accessibility import KNOWN_ISSUES, STATEMENT_DATE
    from omrademonitor.i18n import t
    from omrademonitor.presentation.formatting import format_date

    open_directly(app, "pages/accessibility.py", registered_pages)
    app.sidebar.selectbox(key="lang").select(lang).run()
    assert not app.exception
    text = " ".join(m.value for m in app.markdown) + " ".join(c.value for c in app.caption)
    assert app.title[0].value == ("Accessibility statement" if lang == "en" else "Tilgjengelighetserklæring") + (
        " for Områdemonitor"
    )
    for issue in KNOWN_ISSUES:
        assert t(labels.KNOWN_ISSUE_LABEL_KEYS[issue.id], lang)[:60].replace("<", "&lt;") in text
    assert format_date(STATEMENT_DATE, lang) in text and "uutilsynet.no" in text


def test_switching_language_to_english(app):
    app.run()
    app.sidebar.selectbox(key="lang").select("en").run()
    assert not app.exception
    assert app.title[0].value == "Area programmes in Lademoen and Tempe-Sorgenfri"
    assert any("Demonstration data" in w.value for w in app.warning)
    assert app.subheader[0].value == "1. Good housing and neighbourhood qualities"


def test_map_page_choices(app, registered_pages):
    open_directly(app, "pages/map.py", registered_pages)
    assert app.title[0].value == "Kart"
    app.selectbox(key="indicator").select("crowded_housing").run()
    app.selectbox(key="year").select(2020).run()
    assert not app.exception
    assert any("omtrentlige" in w.value for w in app.warning)
    assert "Alle tallene som vises, er demonstrasjonsdata, ikke statistikk." in [c.value for c in app.caption]
    assert len(app.get("plotly_chart")) == 1
    app.selectbox(key="level").select("bydel").run()
    assert not app.exception
    assert len(app.dataframe[-1].value) == 4  # the table alternative lists the four districts
    assert "Demonstrasjonsdata" in app.dataframe[0].value.iloc[0, 2]  # where the figures come from


def test_explorer_choices_and_english(app, registered_pages):
    open_directly(app, "pages/explorer.py", registered_pages)
    assert app.title[0].value == "Indikatorer"
    app.selectbox(key="indicator").select("crowded_housing").run()
    app.multiselect(key="areas").select("5001LKS05").run()
    assert not app.exception
    table = app.dataframe[0].value
    assert list(table.columns) == ["År", "Lademoen", "Tempe-Sorgenfri", "Trondheim", "Rosenborg", "Data"]
    facts = " ".join(m.value for m in app.markdown)
    assert "**Kilde:**" in facts and "**Definisjon**" in facts and "**Mål:**" in facts
    app.sidebar.selectbox(key="lang").select("en").run()
    assert app.title[0].value == "Indicators" and app.dataframe[0].value.columns[0] == "Year"


def test_profile_for_chosen_area(app, registered_pages):
    open_directly(app, "pages/profile.py", registered_pages)
    assert app.title[0].value == "Områdeprofil: Lademoen"
    app.selectbox(key="area").select("500103").run()
    assert not app.exception and app.title[0].value == "Områdeprofil: Lerkendal"
    tables = [frame.value for frame in app.dataframe]
    assert len(tables) == 5 and sum(len(table) for table in tables) == 42
    assert all({"Mot kommunen", "Trondheim"} <= set(table.columns) for table in tables)  # its name, from the data


def test_focus_area_page_shows_its_indicators(app, registered_pages):
    open_directly(app, "pages/focus_area.py", registered_pages)
    app.selectbox(key="fa").select("housing_policy").run()
    assert not app.exception
    assert app.title[0].value == "4. Bolig og sosial boligpolitikk"
    # the first row's two charts at once, each with its table alternative (sent once opened), the other
    # ten behind one switch, named under it
    assert len(app.get("plotly_chart")) == 2
    assert [e.label for e in app.expander] == ["Tallene i grafen"] * 2
    tables = len(app.dataframe)  # the measures' table
    switch = app.toggle(key="all_charts")
    assert switch.label == "Vis 10 diagrammer til" and switch.value is False
    hidden = next(c.value for c in app.caption if c.value.startswith("Ikke vist ennå: "))
    assert hidden.count("; ") == 9
    switch.set_value(True).run()
    assert not app.exception
    assert len(app.get("plotly_chart")) == 12  # every indicator of the focus area
    assert [e.label for e in app.expander] == ["Tallene i grafen"] * 12 and len(app.dataframe) == tables
    assert not any(c.value.startswith("Ikke vist ennå: ") for c in app.caption)
    last = app.get("plotly_chart")[-1].key.removeprefix("chart_")
    app.session_state[f"chart_data_{last}"] = True
    app.run()  # open the last chart's table
    assert not app.exception and len(app.dataframe) == tables + 1 and len(app.get("plotly_chart")) == 12
    assert list(app.dataframe[-2].value.columns)[:4] == ["År", "Lademoen", "Tempe-Sorgenfri", "Trondheim"]


def test_change_map(app, registered_pages):
    open_directly(app, "pages/map.py", registered_pages)
    app.selectbox(key="mode").select("change").run()
    assert not app.exception
    assert len(app.get("plotly_chart")) == 1


@pytest.mark.parametrize(("programme_id", "demo"), [("stjordal", False), ("trondheim", True)])
def test_the_demo_banner_follows_the_programme_not_the_database(
    shipped_db, monkeypatch, registered_pages, programme_id, demo
):
    """Stjørdal's register and figures are real: no demonstration banner on its pages, though the
    database also holds Trondheim's demonstration batch; Trondheim's pages keep it."""
    app = _app(shipped_db, monkeypatch)
    app.query_params["programme"] = programme_id
    for page in ("pages/overview.py", "pages/measures.py"):  # the first run opens the overview
        open_directly(app, page, registered_pages) if page == "pages/overview.py" else app.switch_page(page).run()
        assert not app.exception, app.exception
        assert any("Demonstrasjonsdata" in w.value for w in app.warning) is demo, page


def test_the_broken_pre_trend_verdict_suggests_similar_zones_only_when_they_are_not_chosen(
    demo_db, monkeypatch, registered_pages
):
    """On the demo data the years before the start diverge for persistent low income against all other
    zones, and for small dwellings against the most similar ones (effects.evaluate, default inputs); the
    hint to try the most similar zones is given only when they are not already the comparison."""
    hints = {}
    for design, indicator in (("all", "persistent_low_income"), ("similar", "small_dwellings_share")):
        app = _app(demo_db, monkeypatch, clear=False)  # a fresh session: the design comes from the link
        app.query_params.update(lang="en", indicator=indicator, design=design)
        open_directly(app, "pages/effects.py", registered_pages)
        assert not app.exception
        verdicts = [e.value for e in app.error if e.value.startswith("Years before the start")]
        assert len(verdicts) == 1, (design, [e.value for e in app.error])
        assert " p = 0.000" not in verdicts[0] and "(p " in verdicts[0]
        hints[design] = verdicts[0].endswith("Try the most similar zones.")
    assert hints == {"all": True, "similar": False}
