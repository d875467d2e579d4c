"""One focus area: its aim from the agreement and its indicators for both districts and the city."""

import datetime as dt

import streamlit as st

from omrademonitor.i18n import t
from omrademonitor.presentation.texts import event_list, measure_list
from omrademonitor.presentation.tracking_tables import measure_table
from omrademonitor.tracking import filter_measures
from ui import cached
from ui.chrome import dashboard_page, demo_banner, lazy_expander, url_selectbox
from ui.downloads import download_pair

FIRST_CHARTS = 2  # one row at a wide screen's two columns

lang, principal, programme, registry, version, scope = dashboard_page()

focus_ids = [fa.id for fa in programme.focus_areas]
chosen = url_selectbox(
    st,
    t("focus_area", lang),
    focus_ids,
    "fa",
    lambda f: f"{programme.focus_area(f).number}. {programme.focus_area(f).name.get(lang)}",
)
focus = programme.focus_area(chosen)
st.title(f"{focus.number}. {focus.name.get(lang)}")
demo_banner(lang)
if focus.aim:
    st.markdown(f"*{focus.aim.get(lang)}*")
st.caption(t("focus_intro", lang))
st.caption(event_list(cached.events(version, programme.id), lang))

areas = (*programme.programme_area_codes, programme.municipality_code)
today = dt.date.today()
followed = programme.focus_indicators(chosen, registry)
if not followed:
    st.info(t("no_focus_indicators", lang))


def indicator_block(indicator, version: str) -> None:
    """One indicator: its name, chart (with alt text), measures, the chart's figures as a table (sent
    only once opened) and a link to the explorer."""
    st.markdown(f"**{indicator.name.get(lang)}**", help=indicator.definition.get(lang))
    st.plotly_chart(
        cached.series_figure(version, programme.id, indicator.id, areas, lang, today, height=380),
        width="stretch",
        config={"displaylogo": False},
        key=f"chart_{indicator.id}",
        alt=cached.series_alt(version, indicator.id, areas, lang),
    )
    st.caption(measure_list(cached.measure_marks(version, programme.id, indicator.id, lang), lang))
    with lazy_expander(t("chart_data", lang), f"chart_data_{indicator.id}") as table_box:
        if table_box.open:
            view = cached.series_view(version, indicator.id, areas, lang)  # built once per data version, shared
            st.dataframe(view.table, hide_index=True, width="stretch")
    st.page_link(
        "pages/explorer.py",
        label=t("nav_explorer", lang),
        icon=":material/show_chart:",
        query_params={"indicator": indicator.id},
    )


def indicator_row(indicators, version: str) -> None:
    columns = st.columns(2)
    for i, indicator in enumerate(indicators):
        with columns[i % 2]:
            indicator_block(indicator, version)


@st.fragment
def indicator_charts() -> None:
    """The first charts at once; the others when asked for (the browser's time on this page is drawing
    charts). Opening a table or showing the other charts reruns only this fragment."""
    version = cached.data_version()  # a fragment rerun reads the version anew
    first, rest = followed[:FIRST_CHARTS], followed[FIRST_CHARTS:]
    indicator_row(first, version)
    if not rest:
        return
    if st.toggle(t("focus_show_other_charts", lang, n=len(rest)), key="all_charts"):
        indicator_row(rest, version)
    else:
        st.caption(t("focus_other_indicators", lang, names="; ".join(i.name.get(lang) for i in rest)))


indicator_charts()

focus_figures = cached.focus_figures(version, programme.id, chosen, areas, lang)
download_pair(focus_figures, f"{focus.number}-{focus.name.get(lang)}", lang)
without = programme.without_data(chosen)
if without:
    st.subheader(t("indicators_without_data", lang))
    for item in without:
        note = f" — {item.note.get(lang)}" if item.note else ""
        st.markdown(f"- **{item.name.get(lang)}** ({t('no_data_yet', lang)}){note}")

st.header(t("measures_heading", lang))
focus_measures = filter_measures(cached.measures(version, programme.id), chosen)
if focus_measures:
    table = measure_table(focus_measures, programme, cached.goals(version, programme.id), lang, on=today)
    st.dataframe(table, hide_index=True, width="stretch")
else:
    st.caption(t("no_measures", lang))
st.page_link(
    "pages/measures.py", label=t("nav_measures", lang), icon=":material/checklist:", query_params={"fa": chosen}
)
