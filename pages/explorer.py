"""Indicator explorer: one indicator over time for the programme areas, the municipality and chosen areas."""

import streamlit as st

from omrademonitor.access import Permission
from omrademonitor.chart_images import source_text
from omrademonitor.charts import COUNTRY_LEVEL, series_alt_text, time_series
from omrademonitor.downloads import public_figures
from omrademonitor.exports import safe_file_name, to_csv, to_excel
from omrademonitor.i18n import event_list, indicator_facts, measure_list, t
from omrademonitor.scope import area_names
from omrademonitor.views import series_download, series_table, shown_data_note
from ui import cached
from ui.chrome import breakdown_picker, dashboard_page, demo_banner, indicator_picker, url_multiselect
from ui.downloads import chart_image_buttons, download_pair, open_data_buttons
from ui.editors import event_editor

lang, principal, programme, registry, version, scope = dashboard_page()

st.title(t("nav_explorer", lang))
demo_banner(lang)
areas = cached.areas(version)
areas = areas[areas["code"].isin(scope.area_codes)]
names = area_names(areas)
left, right = st.columns([2, 3])
indicator = indicator_picker(left, registry, lang, programme)
indicator_id = indicator.id
part = breakdown_picker(left, indicator, lang)  # the total unless the indicator is given by breakdown
defaults = [*programme.programme_area_codes, programme.municipality_code]
chosen = url_multiselect(right, t("choose_areas", lang), areas["code"].tolist(), "areas", names.get, defaults)
if st.checkbox(t("show_comparison", lang), key="comparison"):
    chosen = [*chosen, *[c for c in programme.comparison_areas if c not in chosen]]
every_area = cached.areas(version)
countries = [c for c in every_area.loc[every_area["level"] == COUNTRY_LEVEL, "code"] if c not in chosen]
national = cached.series(version, indicator_id, tuple(countries), part) if countries else None
if national is not None and len(national) and st.checkbox(t("show_national", lang), value=True, key="national"):
    chosen = [*chosen, *countries]  # the country's figure, loaded by load-national, as one more line

frame = cached.series(version, indicator_id, tuple(chosen), part)
marks = cached.measure_marks(version, programme.id, indicator_id, lang)
chart, facts = st.columns([3, 1])
figure = time_series(
    frame,
    indicator,
    programme.start_year,
    programme.end_year,
    cached.events(version, programme.id),
    lang,
    demo=cached.holds_demo_data(version),
    measures=marks,
)
chart.plotly_chart(figure, width="stretch", config={"displaylogo": False}, alt=series_alt_text(indicator, frame, lang))
chart.caption(shown_data_note(frame, lang))
chart.caption(event_list(cached.events(version, programme.id), lang))
chart.caption(measure_list(marks, lang))
chart_image_buttons(figure, indicator.name.get(lang), source_text(indicator, lang), indicator.id, lang, chart)
updated = cached.last_update(version, indicator_id, tuple(chosen))
facts.markdown(indicator_facts(indicator, updated.date() if updated is not None else None, lang))

st.subheader(t("chart_data", lang))
st.dataframe(series_table(frame, indicator, lang), hide_index=True, width="stretch")

left, right = download_pair(public_figures(frame, indicator, lang), indicator.id, lang)
if principal.can(Permission.DOWNLOAD) and len(frame):
    figures = series_download(frame, indicator)
    left.download_button(
        t("download_full_csv", lang), to_csv(figures), safe_file_name(f"{indicator.id}-full", "csv"), "text/csv"
    )
    right.download_button(
        t("download_full_excel", lang), to_excel(figures), safe_file_name(f"{indicator.id}-full", "xlsx")
    )
if principal.can(Permission.DOWNLOAD):
    open_data_buttons(
        cached.open_data_files(version, indicator_id), indicator_id, cached.dataset_zip(version), version, lang
    )

if principal.can(Permission.EDIT_PROGRAMME):
    with st.expander(t("edit_events", lang)):
        event_editor(principal, programme.id, cached.events(version, programme.id), lang)
