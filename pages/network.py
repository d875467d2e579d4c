"""Network view: several municipalities side by side on shared indicators, with their county and the
country for comparison where a figure exists. Read only; choices in the URL."""

import streamlit as st

from omrademonitor import crossviews
from omrademonitor.i18n import t
from omrademonitor.presentation.charts import network_chart
from omrademonitor.presentation.crossview_tables import network_table
from omrademonitor.scope import area_names
from ui import cached
from ui.chrome import dashboard_page, url_multiselect, url_selectbox

lang, principal, programme, registry, version, scope = dashboard_page()
st.title(t("network_title", lang))
st.caption(t("network_intro", lang))

data = cached.cross_inputs(version)
munis = crossviews.municipalities(data)
if munis.empty or crossviews.COUNTRY not in set(data.areas["level"]):
    st.info(t("network_no_national", lang))
    st.stop()
names = area_names(munis)
counties = munis.dropna(subset=["parent_code"]).drop_duplicates("parent_code").sort_values("parent_code")
county_names = dict(zip(counties["parent_code"], counties["county"], strict=True))

with st.expander(t("network_add_county", lang)):
    county = st.selectbox(t("network_add_county", lang), list(county_names), format_func=county_names.get)
    if st.button(t("network_add", lang), key="network_add_county"):
        chosen_now = st.session_state.get("kommuner", [])
        extra = munis.loc[munis["parent_code"] == county, "code"].tolist()
        st.session_state["kommuner"] = list(dict.fromkeys([*chosen_now, *extra]))

codes = url_multiselect(
    st,
    t("network_choose", lang),
    munis["code"].tolist(),
    "kommuner",
    lambda c: f"{names[c]} ({c})",
    default=crossviews.programme_municipalities(data),
)
if not codes:
    st.info(t("network_none_chosen", lang))
    st.stop()
indicators = crossviews.shared_indicators(data, codes)
if not indicators:
    st.info(t("network_no_figures", lang))
    st.stop()
table = network_table(data, codes, indicators, lang)
st.dataframe(table, hide_index=True, width="stretch")

indicator_names = dict(zip(data.indicators["id"], data.indicators[f"name_{lang}"], strict=True))
chosen = url_selectbox(st, t("network_chart_indicator", lang), indicators, "indicator", indicator_names.get)
figure, captions = network_chart(data, codes, chosen, lang)
st.plotly_chart(figure, width="stretch")
for line in captions:
    st.caption(line)
st.caption(t("network_source", lang))
