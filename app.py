"""Områdemonitor entry point: page configuration, language and navigation only."""

import streamlit as st

from omrademonitor.i18n import t
from ui.chrome import language

st.set_page_config(page_title="Områdemonitor", layout="wide")
lang = language()
page = st.navigation(
    [
        st.Page("pages/overview.py", title=t("nav_overview", lang), icon=":material/dashboard:", default=True),
        st.Page("pages/map.py", title=t("nav_map", lang), icon=":material/map:", url_path="kart"),
    ]
)
page.run()
