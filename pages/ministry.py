"""Ministry overview: every programme in the store, its period, measures by status and latest report,
and one programme's status per focus area. Read only; the chosen programme is in the URL."""

import streamlit as st

from omrademonitor.i18n import t
from omrademonitor.presentation.crossview_tables import focus_area_status, ministry_overview
from ui import cached
from ui.chrome import dashboard_page, url_selectbox

lang, principal, programme, registry, version, scope = dashboard_page()
st.title(t("ministry_title", lang))
st.caption(t("ministry_intro", lang))

data = cached.cross_inputs(version)
overview = ministry_overview(data, lang)
if overview.empty:
    st.info(t("ministry_none", lang))
    st.stop()
st.dataframe(overview.drop(columns="id"), hide_index=True, width="stretch")

titles = dict(zip(overview["id"], overview[t("choose_programme", lang)], strict=True))
# Its own key (the app-wide ?programme= context may have a widget of its own), started from ?programme=.
chosen = url_selectbox(
    st,
    t("choose_programme", lang),
    overview["id"].tolist(),
    "ministry_programme",
    titles.get,
    default=st.query_params.get("programme"),
)
st.subheader(f"{t('ministry_focus_heading', lang)}: {titles[chosen]}")
st.dataframe(focus_area_status(data, chosen, lang), hide_index=True, width="stretch")
