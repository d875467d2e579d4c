"""Streamlit's own English in a Norwegian page (the file uploader's "Upload" and "20MB per file", and
others): rewritten in the page by a script, in a real browser; the rules unit-tested here too."""

from __future__ import annotations

import re

import pytest

from tests.browser_helpers import chromium, no_error_shown, wait_text
from ui.streamlit_words import RULES, rules, script

PASSWORD = "browser-admin-password"

STREAMLIT_SAYS = {  # Streamlit 1.67's own texts, as its front end writes them
    "st_upload": "Upload",
    "st_drop_file": "Drag and drop a file here",
    "st_per_file": "20MB per file",
    "st_type_refused": "application/pdf files are not allowed.",
    "st_too_large": "File must be 20.0MB or smaller.",
    "st_add_files": "Add files",
    "st_remove_file": "Remove tall.csv",
    "st_enter_apply": "Press Enter to apply",
    "st_ctrl_enter_apply": "Press Ctrl+Enter to apply",
    "st_choose_option": "Choose an option",
    "st_running": "Running...",
    "st_file_input": "file upload",
}
NORWEGIAN = {
    "st_upload": "Last opp",
    "st_drop_file": "Dra og slipp en fil her",
    "st_per_file": "Høyst 20 MB per fil",
    "st_type_refused": "Filer av typen application/pdf godtas ikke.",
    "st_too_large": "Filen kan være høyst 20.0MB.",
    "st_add_files": "Legg til filer",
    "st_remove_file": "Fjern tall.csv",
    "st_enter_apply": "Trykk Enter for å bruke",
    "st_ctrl_enter_apply": "Trykk Ctrl+Enter for å bruke",
    "st_choose_option": "Velg et alternativ",
    "st_running": "Kjører …",
    "st_file_input": "Velg en fil",
}


def _rewrite(text: str, lang: str) -> str:
    """What the page's script does to one text (JavaScript's and Python's regular expressions agree here)."""
    for _where, pattern, words in rules(lang):  # text and attributes alike
        match = re.search(pattern, text.strip())
        if match:
            return re.sub(r"\$(\d)", lambda m, found=match: found.group(int(m.group(1))), words)
    return text


@pytest.mark.parametrize("key", sorted(STREAMLIT_SAYS))
def test_each_streamlit_text_gets_its_norwegian_words_and_english_stays(key):
    assert _rewrite(STREAMLIT_SAYS[key], "nb") == NORWEGIAN[key]
    assert _rewrite(STREAMLIT_SAYS[key], "en") == STREAMLIT_SAYS[key]


def test_rules_leave_other_text_alone_and_the_script_is_safe():
    for text in ("Upload a file", "Stop the programme", "Last opp", "Lademoen"):
        assert _rewrite(text, "nb") == text
    assert len(RULES) == len({key for *_, key in RULES})
    assert "</" not in script("nb").removesuffix("</script>")


@pytest.fixture(scope="module")
def app_url(admin_server):
    """The process's shared app on the demo database with the admin ada (conftest.py)."""
    return admin_server


@pytest.mark.browser
def test_import_page_uploader_speaks_the_page_language(app_url):
    with chromium() as browser:  # the shared server's first session has run (no spurious "Page not found")
        context = browser.new_context(viewport={"width": 1440, "height": 900})
        page = context.new_page()
        page.goto(f"{app_url}/import")
        page.get_by_label("Brukernavn").fill("ada")
        page.get_by_label("Passord").fill(PASSWORD)
        page.get_by_role("button", name="Logg inn").click()
        wait_text(page, "Importer data", 60_000)
        uploader = page.locator('[data-testid="stFileUploader"]').first
        uploader.wait_for(timeout=60_000)
        # Before: Streamlit's "Upload" and "20MB per file • CSV, …" on the Norwegian page.
        page.get_by_role("button", name="Last opp").first.wait_for(timeout=30_000)
        instructions = page.locator('[data-testid="stFileUploaderDropzoneInstructions"]').first
        assert "Høyst 20 MB per fil" in instructions.inner_text()
        text = uploader.inner_text()
        assert "Upload" not in text and "per file" not in text
        hidden_input = page.locator('[data-testid="stFileUploaderDropzoneInput"]').first
        assert hidden_input.get_attribute("aria-label") == "Velg en fil"
        assert no_error_shown(page)
        page.goto(f"{app_url}/import?lang=en")  # the same session in English: Streamlit's words stay
        wait_text(page, "Import data", 60_000)
        button = page.locator('[data-testid="stFileUploader"] button', has_text="Upload").first
        button.wait_for(timeout=30_000)
        assert "20MB per file" in page.locator('[data-testid="stFileUploaderDropzoneInstructions"]').first.inner_text()
        context.close()
