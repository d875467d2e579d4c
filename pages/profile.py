"""Area profile: every indicator for one area against the municipality, grouped by focus area. Printable."""

import streamlit as st

from omrademonitor.i18n import t
from omrademonitor.presentation.styles import profile_style
from omrademonitor.scope import area_names
from ui import cached
from ui.chrome import dashboard_page, demo_banner, print_friendly, url_selectbox
from ui.downloads import download_pair

lang, principal, programme, registry, version, scope = dashboard_page()
print_friendly()

areas = cached.areas(version)
municipal = "kommune" in scope.programme_levels()  # a municipality-wide plan compares municipalities
areas = areas[((areas["level"] != "kommune") | municipal) & areas["code"].isin(scope.area_codes)]
names = area_names(areas)
area = url_selectbox(
    st, t("area", lang), areas["code"].tolist(), "area", names.get, default=programme.programme_area_codes[0]
)
st.title(f"{t('nav_profile', lang)}: {names[area]}")
demo_banner(lang)
st.caption(t("profile_intro", lang) + " " + t("legend_explainer", lang))

tables, figures = cached.profile_tables(version, area, names[area], programme.id, lang)
for focus in programme.focus_areas:
    table, part = tables[focus.id]
    st.markdown(f"**{focus.number}. {focus.name.get(lang)}**")
    st.dataframe(profile_style(table, part, lang), hide_index=True, width="stretch", height=35 * (len(table) + 1) + 3)
download_pair(figures, f"{t('nav_profile', lang)}-{names[area]}", lang)
st.caption(t("print_hint", lang))
