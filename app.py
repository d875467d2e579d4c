"""Områdemonitor entry point: page configuration, language, programme, who is using it, and navigation."""

import streamlit as st

from ui.accessibility import accessibility_chrome
from ui.auth import current_principal, follow_deep_link, render_cookie_script, who_caption
from ui.chrome import language, navigation_pages, programme_choice

st.set_page_config(page_title="Områdemonitor", layout="wide")
lang = language()
programme_choice(lang)
accessibility_chrome(lang)
principal = current_principal()
st.sidebar.caption(who_caption(principal, lang))
follow_deep_link(principal)
render_cookie_script()
st.navigation(navigation_pages(principal, lang), expanded=True).run()
