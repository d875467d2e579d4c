"""Headless Chromium: the network view and the ministry overview open from their URLs, draw without
an error, and show the national figure. Screenshots go to $SCREENSHOT_DIR when it is set."""

from __future__ import annotations

import pytest

from tests.browser_helpers import chromium, no_error_shown, screenshot, settle, wait_text


@pytest.fixture(scope="module")
def browser():
    with chromium() as launched:
        yield launched


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        # Tromsø's share of Norway's population, 77 992 / 5 488 984 (SSB 07459, 2023), in the caption
        ("nettverk?lang=nb&kommuner=5001,5035,5501", "Tromsø 1,42"),
        ("nettverk?lang=en&kommuner=5001,5035,5501", "Tromsø 1.42"),
        ("departement?lang=nb&programme=stjordal", "Boligsosial handlingsplan 2020–2023"),
        ("departement?lang=en&programme=tromso", "Housing-policy action plan 2015–2018"),
    ],
)
def test_cross_views_in_the_browser(shipped_server, browser, path, expected):
    """On the process's shared server for the demo and national data (conftest.py), one session each."""
    page = browser.new_page(viewport={"width": 1400, "height": 1100})
    page.goto(f"{shipped_server}/{path}")
    wait_text(page, expected)
    settle(page)  # the run has ended (an error would be shown by then) and the chart is drawn
    page.locator('[data-testid="stDataFrame"]').first.wait_for(timeout=60_000)  # the table's canvas
    assert no_error_shown(page)
    screenshot(page, path.split("?")[0] + "-" + path.split("lang=")[1][:2])
    page.close()
