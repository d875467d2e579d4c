"""Page-wide accessibility fixes for Streamlit's own chrome: document language and text contrast."""

from __future__ import annotations

import streamlit as st

from omrademonitor.i18n import LANGUAGES
from ui import streamlit_words

# Streamlit draws captions as body text at 60 % opacity (#828180 on white, 3.9:1), below WCAG AA's
# 4.5:1 for normal text. Opaque #595959 gives 7.0:1 on white and 6.3:1 on the sidebar's #f0f2f6.
MUTED_TEXT = "#595959"
CONTRAST_CSS = f"""
<style>
[data-testid="stCaptionContainer"] {{ opacity: 1 !important; color: {MUTED_TEXT} !important; }}
[data-testid="stCaptionContainer"] p {{ color: {MUTED_TEXT} !important; }}
</style>
"""


def accessibility_chrome(lang: str) -> None:
    """Tell browsers and screen readers the page's language (Streamlit always serves
    ``<html lang="en">``), raise muted text to WCAG AA contrast, and put Streamlit's own words in the
    page's language (``streamlit_words``; in the same element, so the page gains no height)."""
    if lang not in LANGUAGES:  # never put anything but a known code into the script
        raise ValueError(f"unknown UI language {lang!r}; expected one of {', '.join(LANGUAGES)}")
    script = f'<script>document.documentElement.lang = "{lang}";</script>'
    st.html(CONTRAST_CSS + script + streamlit_words.script(lang), unsafe_allow_javascript=True)
