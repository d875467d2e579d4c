"""The overview's status grid and the register of measures on a phone (390 px) and at 1440 px, in a
real browser: nothing wider than the screen, every district named inside each focus area's block on
a phone, the overview short enough to scroll through on a phone (each focus area's headline figures
one tap away), and the register's measures as readable cards there (the table's canvas elsewhere)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Error as PlaywrightError

from omrademonitor.i18n import t
from omrademonitor.setup_db import load_definitions
from omrademonitor.tracking import stored_measures
from tests.browser_helpers import chromium, no_error_shown, settle
from ui.phone import NARROW_ONLY, NARROW_PX, WIDE_ONLY

pytestmark = pytest.mark.browser

PROGRAMME = "trondheim"  # the demo database's programme
PHONE = {"width": 390, "height": 844}
PHONE_OVERVIEW_MAX_PX = 5000  # before: about 12,100 px, every headline figure as a full-width metric
DESKTOP = {"width": 1440, "height": 900}


@pytest.fixture(scope="module")
def server(demo_server):
    """The process's shared app on the demo database (conftest.py)."""
    return demo_server


@pytest.fixture(scope="module")
def browser():
    with chromium() as launched:
        yield launched


@pytest.fixture(scope="module")
def programme():
    programmes, _ = load_definitions()
    return programmes[PROGRAMME]


def _open(browser, url: str, viewport: dict, wait_for: str):
    page = browser.new_page(viewport=viewport)
    page.goto(url)
    page.get_by_text(wait_for, exact=False).first.wait_for(timeout=60_000)
    settle(page)
    assert no_error_shown(page)
    return page


def _settled(page) -> None:
    """Wait until the page's run has ended (Streamlit's running indicator is gone)."""
    page.locator('[data-testid="stStatusWidget"]').wait_for(state="detached", timeout=120_000)
    settle(page, 120_000)


# What the page draws of each layout: drawn phone-only and wide-only containers, whether the viewport
# matches the phone breakpoint, its width, and how many responsive style elements the page holds.
LAYOUT_JS = """(k) => {
    const drawn = (prefix) => [...document.querySelectorAll(`[class*="st-key-${prefix}"]`)]
        .filter(e => getComputedStyle(e).display !== 'none').length;
    return {narrow: drawn(k.narrow), wide: drawn(k.wide), phone: matchMedia(`(max-width: ${k.px}px)`).matches,
            width: innerWidth, styles: [...document.querySelectorAll('style')]
                .filter(s => s.textContent.includes(k.narrow)).length};
}"""


def _phone_layout(page) -> None:
    """Wait until the page shows its phone layout: the viewport matches the phone breakpoint, a
    phone-only container is drawn and no wide-only one is. Fails with what the page shows instead."""
    layout = {"narrow": NARROW_ONLY, "wide": WIDE_ONLY, "px": NARROW_PX}
    try:
        ready = f"(k) => {{ const s = ({LAYOUT_JS})(k); return s.narrow > 0 && s.wide === 0; }}"
        page.wait_for_function(ready, arg=layout, timeout=60_000)
    except PlaywrightError:
        pytest.fail(f"the phone layout never showed: {page.evaluate(LAYOUT_JS, layout)}")


def _page_height(page) -> int:
    """The height of the page's content once its run has ended (Streamlit scrolls its main area, not
    the document)."""
    _settled(page)
    return page.evaluate(
        """Math.max(document.querySelector('[data-testid="stMain"]').scrollHeight,
        document.documentElement.scrollHeight)"""
    )


def _too_wide(page, width: int) -> list[str]:
    """Visible elements in the main area whose right edge lies beyond the screen (a data table's own
    scrolling canvas, such as a measure's status history, excepted)."""
    return page.evaluate(
        """(width) => [...document.querySelectorAll('[data-testid="stMain"] *')]
        .filter(e => !e.closest('[data-testid="stDataFrame"]'))
        .filter(e => { const r = e.getBoundingClientRect(); return r.width > 0 && r.right > width + 1; })
        .map(e => e.tagName + '.' + e.className).slice(0, 5)""",
        width,
    )


# The overview is opened once per language and width, and each load is asked everything checked at that
# width (before: twice, one test per check, the same page drawn four times more per run).


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_on_a_phone_the_overview_names_each_district_in_each_block_and_is_compact(
    server, browser, programme, registry, lang
):
    first = programme.focus_areas[0]
    second = programme.focus_areas[1]
    page = _open(browser, f"{server}/?lang={lang}", PHONE, f"{first.number}. {first.name.get(lang)}")
    _settled(page)
    _phone_layout(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert _too_wide(page, PHONE["width"]) == []
    # the status grid names every district inside each focus area's block
    top = page.get_by_text(f"{first.number}. {first.name.get(lang)}", exact=True).first.bounding_box()["y"]
    bottom = page.get_by_text(f"{second.number}. {second.name.get(lang)}", exact=True).first.bounding_box()["y"]
    for area in programme.programme_areas:
        inside = [
            box["y"]
            for name in page.get_by_text(area.name, exact=True).all()
            if name.is_visible() and (box := name.bounding_box())
        ]
        # Before: the header row stacked above the first block, and no district was named inside it.
        assert any(top < y < bottom for y in inside), (area.name, top, bottom, inside)

    # short enough to scroll through, each focus area's headline figures one tap away
    height = _page_height(page)
    print(f"overview at 390 px ({lang}): {height} px")
    assert height < PHONE_OVERVIEW_MAX_PX
    headline = [i for i in programme.focus_indicators(first.id, registry) if i.headline]
    toggle = page.get_by_text(t("phone_show_figures", lang, count=len(headline)), exact=True).first
    assert toggle.is_visible()
    name = page.locator(".om-figures .om-fig-title", has_text=headline[0].name.get(lang)).first
    assert not name.is_visible()  # folded until asked for
    toggle.click()
    name.wait_for(state="visible", timeout=30_000)
    title = page.locator(".om-fig-title", has_text=headline[0].name.get(lang))
    item = page.locator(".om-figures > li", has=title).first
    text = item.inner_text()
    for area in programme.programme_areas:
        assert f"{area.name}:" in text  # every programme area's figure, in words
    assert t("since", lang, year=headline[0].baseline_year) in text
    assert _too_wide(page, PHONE["width"]) == []
    page.close()


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_at_1440_the_overview_keeps_its_header_row_and_shows_the_full_figures(
    server, browser, programme, registry, lang
):
    first = programme.focus_areas[0]
    page = _open(browser, f"{server}/?lang={lang}", DESKTOP, f"{first.number}. {first.name.get(lang)}")
    _settled(page)
    # the status grid's one header row above the blocks
    top = page.get_by_text(f"{first.number}. {first.name.get(lang)}", exact=True).first.bounding_box()["y"]
    for area in programme.programme_areas:
        header = page.get_by_text(area.name, exact=True).first
        assert header.is_visible() and header.bounding_box()["y"] < top
    # the full figures, as before, and no phone toggle
    headline = [i for i in programme.focus_indicators(first.id, registry) if i.headline]
    metric = page.locator('[data-testid="stMetric"]', has_text=programme.programme_areas[0].name).first
    metric.wait_for(state="visible", timeout=60_000)
    assert not page.get_by_text(t("phone_show_figures", lang, count=len(headline)), exact=True).first.is_visible()
    page.close()


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_register_is_cards_on_a_phone_and_a_table_at_1440(server, browser, demo_db, lang):
    from omrademonitor.store import Store

    store = Store(demo_db)
    try:
        measures = stored_measures(store, PROGRAMME)
    finally:
        store.close()
    measure = sorted(measures, key=lambda m: m.measure_id)[0]
    status = t(f"measure_status_{measure.status.value}", lang)
    title = measure.title(lang)

    page = _open(browser, f"{server}/tiltak?lang={lang}", PHONE, t("nav_measures", lang))
    _phone_layout(page)  # on a busy machine the wide layout (the table) can still be drawn at first
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert _too_wide(page, PHONE["width"]) == []
    card = page.locator("li", has=page.get_by_text(title, exact=True)).first
    # before: titles were drawn on the table's canvas, cut after a few words (raises if never shown)
    card.wait_for(state="visible", timeout=30_000)
    box = card.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    text = card.inner_text()
    for key in ("status", "schedule", "result", "recommendation"):
        assert f"{t(key, lang)}:" in text
    assert status in text
    assert page.locator('[data-testid="stDataFrame"]').first.is_visible() is False
    page.close()

    page = _open(browser, f"{server}/tiltak?lang={lang}", DESKTOP, t("nav_measures", lang))
    page.locator('[data-testid="stDataFrame"]').first.wait_for(state="visible", timeout=30_000)
    assert not page.get_by_text(title, exact=True).first.is_visible()  # no cards beside the table
    assert _too_wide(page, DESKTOP["width"]) == []
    page.close()
