"""End to end in a real browser: `streamlit run` on a free port, driven by headless Chromium."""

from __future__ import annotations

import gzip
import json
import os
import urllib.parse
import urllib.request

import pytest
from playwright.sync_api import expect

from tests.browser_helpers import chromium, screenshot, settle

pytestmark = pytest.mark.browser

ADMIN_PASSWORD = "browser-admin-password"  # the admin of conftest's browser_db


@pytest.fixture(scope="module")
def server(admin_server):
    """The process's shared app on the demo database with its admin (conftest.py)."""
    return admin_server


@pytest.fixture(scope="module")
def browser():
    with chromium() as launched:
        yield launched


@pytest.fixture(scope="module")
def app_url(server, browser) -> str:
    """The server after one session has run the app (admin_server has run one): Streamlit registers
    st.navigation pages on the first script run, and a deep link arriving before that shows a "Page
    not found" notice once."""
    return server


def open_page(browser, url: str, wait_for: str):
    page = browser.new_page(viewport={"width": 1400, "height": 1800})
    page.goto(url)
    page.get_by_text(wait_for, exact=False).first.wait_for(timeout=60_000)
    settle(page)  # the run has ended and its charts are drawn
    assert page.get_by_text("Page not found").count() == 0
    return page


def follow_link(page, link: str, wait_for: str, drawn: str, shot: str) -> None:
    """Click the link named ``link``, wait for ``wait_for`` and the element ``drawn``, let the run end,
    check no exception is shown and take the screenshot ``shot``."""
    page.get_by_role("link", name=link).click()
    page.get_by_text(wait_for).first.wait_for(timeout=30_000)
    page.locator(drawn).first.wait_for(timeout=60_000)
    settle(page)
    assert page.locator('[data-testid="stException"]').count() == 0
    screenshot(page, shot)


def test_overview_then_map_then_area_profile_then_indicator_explorer(app_url, browser):
    page = open_page(browser, f"{app_url}/", "Innsatsområder")
    assert page.get_by_text("Demonstrasjonsdata").first.is_visible()
    assert page.locator('[data-testid="stException"]').count() == 0
    screenshot(page, "overview-nb")

    page.get_by_role("link", name="Kart").click()
    page.locator(".js-plotly-plot").first.wait_for(timeout=60_000)
    settle(page)
    assert page.locator('[data-testid="stException"]').count() == 0
    # the zones are drawn by MapLibre on a canvas: the map and its canvas are there, and the colour bar
    page.locator(".js-plotly-plot .maplibregl-canvas").first.wait_for(timeout=60_000)
    assert page.locator(".js-plotly-plot .maplibregl-map").count() >= 1
    # the shapes came once, as a file the browser fetched (static serving), not inside the figure
    shapes = page.evaluate(
        """() => {
            const plot = document.querySelector('.js-plotly-plot');
            const urls = plot.data.filter(t => t.type === 'choroplethmap').map(t => t.geojson);
            const fetched = (window.PlotlyGeoAssets || {})[urls[0]];
            return {urls, features: fetched && fetched.features ? fetched.features.map(f => f.id) : null};
        }"""
    )
    assert shapes["urls"] and all(isinstance(u, str) and "/app/static/maps/" in u for u in shapes["urls"]), shapes
    assert len(set(shapes["urls"])) == 1 and len(shapes["features"]) == 60  # the demo's zones, each with its shape
    # and the server sends that file compressed to a browser that accepts it (all do): the bytes on the wire
    shapes_url = urllib.parse.urljoin(page.url, shapes["urls"][0])
    with urllib.request.urlopen(urllib.request.Request(shapes_url, headers={"Accept-Encoding": "gzip"})) as response:
        assert response.headers["Content-Encoding"] == "gzip"
        sent = response.read()
    assert len(json.loads(gzip.decompress(sent))["features"]) == 60 and len(sent) < len(gzip.decompress(sent)) / 2
    assert page.locator(".js-plotly-plot .colorbar").count() >= 1
    assert page.get_by_text("Lademoen").first.is_visible()
    screenshot(page, "map-nb")

    # on from the map (drawn once for both) to the area profile and the indicator explorer
    follow_link(page, "Åpne områdeprofil", "Områdeprofil: Lademoen", '[data-testid="stDataFrame"]', "profile-nb")
    # at least three lines
    follow_link(page, "Indikatorer", "Tallene i grafen", ".js-plotly-plot .scatterlayer .trace >> nth=2", "explorer-nb")


def test_english_views_from_a_shared_link(app_url, browser):
    page = open_page(browser, f"{app_url}/kart?lang=en&indicator=crowded_housing&year=2021", "Map")
    page.locator(".js-plotly-plot").first.wait_for(timeout=60_000)
    settle(page)
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.get_by_text("Approximate area boundaries").first.is_visible()
    screenshot(page, "map-en")
    page = open_page(browser, f"{app_url}/?lang=en", "Focus areas")
    assert page.locator('[data-testid="stException"]').count() == 0
    screenshot(page, "overview-en")


def log_in_as_admin(page) -> None:
    """Fill the account page's login form as the admin and wait until logged in."""
    page.get_by_label("Brukernavn").fill("ada")
    page.get_by_label("Passord").fill(ADMIN_PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    page.get_by_text("Innlogget som Ada Admin").first.wait_for(timeout=30_000)


def test_admin_logs_in_sees_the_admin_pages_and_imports_a_file(app_url, browser, tmp_path):
    """One login (before: one for the admin pages and another for the import)."""
    from tests.import_fixtures import GOOD_COMMA, csv_bytes

    page = open_page(browser, f"{app_url}/", "Innsatsområder")
    assert page.get_by_role("link", name="Brukere").count() == 0  # not for anonymous readers
    page.get_by_role("link", name="Logg inn").click()
    log_in_as_admin(page)
    follow_link(page, "Brukere", "Brukere og roller", '[data-testid="stMain"] h1', "users-nb")
    follow_link(page, "Endringslogg", "Loggen kan bare legges til", '[data-testid="stDataFrame"]', "audit-nb")

    upload = tmp_path / "register.csv"
    upload.write_bytes(csv_bytes(GOOD_COMMA))
    page.get_by_role("link", name="Import").click()
    page.get_by_text("Importer data").first.wait_for(timeout=30_000)
    page.locator('input[type="file"]').set_input_files(str(upload))
    page.get_by_text("Ingen problemer funnet").first.wait_for(timeout=30_000)
    screenshot(page, "import-nb")
    page.get_by_role("button", name="Bekreft import").click()
    page.get_by_text("Importert som parti").first.wait_for(timeout=30_000)
    assert page.locator('[data-testid="stException"]').count() == 0


def test_focus_area_draws_the_first_row_and_the_rest_from_the_keyboard(app_url, browser):
    """The browser's time on the focus-area page is drawing charts: the first row's two are drawn at
    once, the other ten once asked for, by a switch the keyboard reaches (Tab) and turns (Space); each
    chart's table opens from the keyboard too (Enter) and is sent only then."""
    page = open_page(browser, f"{app_url}/innsatsomrade?fa=housing_policy", "4. Bolig og sosial boligpolitikk")
    charts = page.locator('[data-testid="stPlotlyChart"] .js-plotly-plot')
    expect(charts).to_have_count(2, timeout=60_000)
    assert page.get_by_text("Ikke vist ennå: ").first.is_visible()
    switch = page.get_by_label("Vis 10 diagrammer til")
    focused = False
    for _ in range(200):  # from the top of the page, as a keyboard user goes
        page.keyboard.press("Tab")
        if switch.evaluate("element => element === document.activeElement"):
            focused = True
            break
    assert focused, "the switch that shows the other charts is not reached with Tab"
    page.keyboard.press("Space")
    expect(charts).to_have_count(12, timeout=60_000)
    settle(page)
    assert switch.is_checked() and page.get_by_text("Ikke vist ennå: ").count() == 0
    expect(page.locator('[data-testid="stPlotlyChart"] .main-svg').first).to_be_visible()
    # counted inside the chart's own expander: the measures' table elsewhere on the page may still be on its way
    expander = page.locator('[data-testid="stExpander"]').filter(has_text="Tallene i grafen").last
    chart_table = expander.locator('[data-testid="stDataFrame"]')
    expect(chart_table).to_have_count(0)  # not sent until opened
    expander.locator("summary").focus()
    page.keyboard.press("Enter")
    expect(chart_table).to_have_count(1, timeout=60_000)
    settle(page)
    assert page.locator('[data-testid="stException"]').count() == 0
    expect(charts).to_have_count(12)


@pytest.mark.skipif(not os.environ.get("SCREENSHOT_DIR"), reason="screenshots for review only (SCREENSHOT_DIR)")
def test_english_pages_for_review(app_url, browser):
    """English views opened only to be looked at: every page runs in English in tests/test_pages.py and
    is audited in English in the browser by tests/test_accessibility.py, so these four page loads are
    made only when screenshots are asked for."""
    for path, wait_for, name in (
        ("innsatsomrade?fa=housing_policy&lang=en", "Housing and social housing", "focus-en"),
        ("indikator?lang=en&indicator=residents_feel_safe", "The figures in the chart", "explorer-en"),
        ("profil?lang=en&area=5001LKS26", "Area profile: Tempe-Sorgenfri", "profile-en"),
        ("sluttevaluering?lang=en", "Final evaluation", "evaluation-en"),
    ):
        page = open_page(browser, f"{app_url}/{path}", wait_for)
        assert page.locator('[data-testid="stException"]').count() == 0, path
        screenshot(page, name)
        page.close()


def test_final_evaluation_view_with_demo_measures(app_url, browser, tmp_path):
    import openpyxl

    page = open_page(browser, f"{app_url}/", "Status per innsatsområde og område")
    page.get_by_role("link", name="1 stanset").click()
    # the measure is shown (the table at this width; the phone cards with the same title stay hidden)
    page.get_by_text("Pilot med blandede eieformer i nytt boligprosjekt").filter(visible=True).first.wait_for(
        timeout=30_000
    )
    assert page.locator('[data-testid="stException"]').count() == 0
    screenshot(page, "measures-nb")

    page.get_by_role("link", name="Sluttevaluering").click()
    page.get_by_text("5. Forsknings-").first.wait_for(timeout=30_000)
    # measures and indicators, five focus areas; the tables arrive one by one on a busy machine
    expect(page.locator('[data-testid="stDataFrame"]')).to_have_count(10, timeout=60_000)
    assert page.locator('[data-testid="stException"]').count() == 0
    screenshot(page, "evaluation-nb")
    # press when the page's run has ended (a press during a run went unanswered once under load in a full
    # local run); the workbook is made on press, in a thread of its own, so give it the other waits' time
    settle(page)
    with page.expect_download(timeout=60_000) as download:
        page.get_by_role("button", name="Last ned sluttevalueringen (Excel)").click()
    path = tmp_path / "evaluation.xlsx"
    download.value.save_as(path)
    workbook = openpyxl.load_workbook(path)
    columns = [[c.value for c in column][1:] for column in workbook["Tiltak"].iter_cols()]
    titles = next(column for column in columns if "Åpen møteplass i Tempe" in column)  # the title column
    assert len(titles) == 11 and len(set(titles)) == 11
    assert [c.value for c in workbook["Om"]["B"]][-1] == "Demonstrasjonsdata, ikke statistikk"


def test_effect_evaluation_page_draws_the_year_by_year_chart(app_url, browser):
    page = open_page(browser, f"{app_url}/effekt?indicator=rent_arrears_share", "Effekt år for år")
    page.locator(".js-plotly-plot").first.wait_for(timeout=60_000)
    settle(page)
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.get_by_text("Årene før oppstart").first.is_visible()
    screenshot(page, "effects-nb")
    page = open_page(browser, f"{app_url}/effekt?lang=en&indicator=persistent_low_income&design=similar", "Balance")
    settle(page)
    screenshot(page, "effects-en")


# The presentation (step 4, its hidden sidebar and "Next" to step 5): tests/test_report_presentation.py
