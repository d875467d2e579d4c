"""Shown instead of every other page when this deployment requires a login."""

import streamlit as st

from omrademonitor.i18n import t
from ui.chrome import current_language

st.title("Områdemonitor")
st.info(t("login_required", current_language()), icon=":material/lock:")
