"""One focus area: its aim from the agreement and its indicators for both districts and the city."""

import datetime as dt

import streamlit as st

from omrademonitor.downloads import series_figures
from omrademonitor.i18n import t
from omrademonitor.presentation.charts import series_alt_text, time_series
from omrademonitor.presentation.tables import series_table
from omrademonitor.presentation.texts import event_list, measure_list
from omrademonitor.presentation.tracking_tables import measure_table
from omrademonitor.tracking import filter_measures
from ui import cached
from ui.chrome import dashboard_page, demo_banner, url_selectbox
from ui.downloads import download_pair

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
events = cached.events(version, programme.id)
demo = cached.holds_demo_data(version)
columns = st.columns(2)
shown = []
followed = programme.focus_indicators(chosen, registry)
if not followed:
    st.info(t("no_focus_indicators", lang))
for i, indicator in enumerate(followed):
    with columns[i % 2]:
        st.markdown(f"**{indicator.name.get(lang)}**", help=indicator.definition.get(lang))
        frame = cached.series(version, indicator.id, areas)
        shown.append((indicator, frame))
        marks = cached.measure_marks(version, programme.id, indicator.id, lang)
        figure = time_series(frame, indicator, programme.start_year, programme.end_year, events, lang, demo, marks)
        figure.update_layout(height=380)
        st.plotly_chart(
            figure,
            width="stretch",
            config={"displaylogo": False},
            key=f"chart_{indicator.id}",
            alt=series_alt_text(indicator, frame, lang),
        )
        st.caption(measure_list(marks, lang))
        with st.expander(t("chart_data", lang)):
            st.dataframe(series_table(frame, indicator, lang), hide_index=True, width="stretch")
        st.page_link(
            "pages/explorer.py",
            label=t("nav_explorer", lang),
            icon=":material/show_chart:",
            query_params={"indicator": indicator.id},
        )

download_pair(series_figures(shown, lang), f"{focus.number}-{focus.name.get(lang)}", lang)
without = programme.without_data(chosen)
if without:
    st.subheader(t("indicators_without_data", lang))
    for item in without:
        note = f" — {item.note.get(lang)}" if item.note else ""
        st.markdown(f"- **{item.name.get(lang)}** ({t('no_data_yet', lang)}){note}")

st.header(t("measures_heading", lang))
focus_measures = filter_measures(cached.measures(version, programme.id), chosen)
if focus_measures:
    table = measure_table(focus_measures, programme, cached.goals(version, programme.id), lang, on=dt.date.today())
    st.dataframe(table, hide_index=True, width="stretch")
else:
    st.caption(t("no_measures", lang))
st.page_link(
    "pages/measures.py", label=t("nav_measures", lang), icon=":material/checklist:", query_params={"fa": chosen}
)
