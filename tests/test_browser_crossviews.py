"""Headless Chromium: the network view and the ministry overview open from their URLs, draw without
an error, and show the national figure. Screenshots go to $SCREENSHOT_DIR (or the test's tmp folder)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.browser_helpers import chromium, no_error_shown, running_app, wait_text


@pytest.fixture(scope="module")
def cross_db(shipped_db):
    return shipped_db


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
def test_cross_views_in_the_browser(cross_db, tmp_path, path, expected):
    shots = Path(os.environ.get("SCREENSHOT_DIR", tmp_path))
    shots.mkdir(parents=True, exist_ok=True)
    with running_app({"OMRADEMONITOR_DB": str(cross_db)}) as (url, _log), chromium() as browser:
        page = browser.new_page(viewport={"width": 1400, "height": 1100})
        page.goto(f"{url}/{path}")
        wait_text(page, expected)
        page.wait_for_timeout(8000)  # let the tables (drawn on a canvas) and the chart finish drawing
        assert no_error_shown(page)
        name = path.split("?")[0] + "-" + path.split("lang=")[1][:2] + ".png"
        page.screenshot(path=str(shots / name), full_page=True)
