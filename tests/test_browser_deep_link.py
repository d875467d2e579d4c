"""A fresh server: the very first browser session opens a deep link on that page, without
Streamlit's "Page not found" dialog."""

from __future__ import annotations

import pytest

from tests.browser_helpers import chromium, no_error_shown, running_app, settle, wait_text

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(
    ("path", "heading"),
    [("kart?lang=en", "Approximate area boundaries"), ("tiltak", "Tiltak")],
)
def test_first_session_on_a_fresh_server_opens_the_deep_link(demo_db, path, heading):
    with running_app({"OMRADEMONITOR_DB": str(demo_db)}) as (url, log), chromium() as browser:
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(f"{url}/{path}")
        wait_text(page, heading)
        settle(page)  # the dialog arrives with the run's first messages: by its end it would be shown
        assert no_error_shown(page), log.read_text(errors="replace")[-2000:]
        assert page.url.startswith(f"{url}/{path.split('?')[0]}")


def test_every_way_of_starting_the_app_uses_the_launcher():
    """``streamlit run app.py`` alone would serve ``pages/`` as legacy pages to the first session
    (see ``ui/serve.py``): make, the container and the browser tests all start ``ui.serve``."""
    from omrademonitor import PROJECT_ROOT

    for name in ("Makefile", "deploy/entrypoint.sh", "tests/browser_helpers.py"):
        text = (PROJECT_ROOT / name).read_text()
        assert "ui.serve" in text and "streamlit run app.py" not in text.replace("`streamlit run`", ""), name


def test_the_tests_pages_ask_for_reduced_motion_unless_a_test_says_otherwise():
    """tests/browser_helpers.py gives every page and context ``prefers-reduced-motion: reduce`` (fewer
    frames for headless Chromium to draw in software while a page loads); a test may still ask for
    motion."""
    query = "matchMedia('(prefers-reduced-motion: reduce)').matches"
    with chromium() as browser:
        assert browser.new_page().evaluate(query) is True
        assert browser.new_context().new_page().evaluate(query) is True
        assert browser.new_page(reduced_motion="no-preference").evaluate(query) is False
