"""Områdemonitor entry point: page configuration, language, who is using it, and navigation."""

import streamlit as st

from ui.auth import current_principal, login_panel
from ui.chrome import language, navigation_pages

st.set_page_config(page_title="Områdemonitor", layout="wide")
lang = language()
principal = current_principal()
login_panel(principal, lang, st.sidebar)
st.navigation(navigation_pages(principal, lang)).run()
