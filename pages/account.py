"""Log in, see who you are, log out."""

import streamlit as st

from omrademonitor.i18n import t
from ui.auth import account_panel
from ui.chrome import current_language

lang = current_language()
st.title(t("account_title", lang))
account_panel(lang)
