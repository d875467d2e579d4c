"""Indicator explorer: one indicator over time for the programme areas, the municipality and chosen areas.

The chart with its controls, table and downloads is a fragment: choosing another indicator or other
areas reruns only it, not the page's frame (sign-in, menu, programme)."""

import datetime as dt

import streamlit as st

from omrademonitor.access import Permission
from omrademonitor.exports import safe_file_name
from omrademonitor.i18n import t
from omrademonitor.presentation.chart_images import source_text
from omrademonitor.presentation.texts import event_list, indicator_facts, measure_list, shown_data_note
from omrademonitor.scope import area_names
from omrademonitor.vocabulary import AreaLevel
from ui import cached
from ui.chrome import breakdown_picker, dashboard_page, demo_banner, indicator_picker, url_multiselect
from ui.downloads import chart_image_buttons, csv_file, download_button, download_pair, excel_file, open_data_buttons
from ui.editors import event_editor

lang, principal, programme, registry, version, scope = dashboard_page()

st.title(t("nav_explorer", lang))
demo_banner(lang)


@st.fragment
def explorer_view() -> None:
    version = cached.data_version()  # a fragment rerun reads the version anew
    every_area = cached.areas(version)
    areas = every_area[every_area["code"].isin(scope.area_codes)]
    names = area_names(areas)
    left, right = st.columns([2, 3])
    indicator = indicator_picker(left, registry, lang, programme)
    indicator_id = indicator.id
    part = breakdown_picker(left, indicator, lang)  # the total unless the indicator is given by breakdown
    defaults = [*programme.programme_area_codes, programme.municipality_code]
    chosen = url_multiselect(right, t("choose_areas", lang), areas["code"].tolist(), "areas", names.get, defaults)
    if st.checkbox(t("show_comparison", lang), key="comparison"):
        chosen = [*chosen, *[c for c in programme.comparison_areas if c not in chosen]]
    countries = [c for c in every_area.loc[every_area["level"] == AreaLevel.LAND, "code"] if c not in chosen]
    national = cached.series(version, indicator_id, tuple(countries), part) if countries else None
    if national is not None and len(national) and st.checkbox(t("show_national", lang), value=True, key="national"):
        chosen = [*chosen, *countries]  # the country's figure, loaded by load-national, as one more line

    frame = cached.series(version, indicator_id, tuple(chosen), part)
    marks = cached.measure_marks(version, programme.id, indicator_id, lang)
    chart, facts = st.columns([3, 1])
    figure = cached.series_figure(version, programme.id, indicator_id, tuple(chosen), lang, dt.date.today(), part)
    chart.plotly_chart(
        figure,
        width="stretch",
        config={"displaylogo": False},
        alt=cached.series_alt(version, indicator_id, tuple(chosen), lang, part),
    )
    chart.caption(shown_data_note(frame, lang))
    chart.caption(event_list(cached.events(version, programme.id), lang))
    chart.caption(measure_list(marks, lang))
    chart_image_buttons(figure, indicator.name.get(lang), source_text(indicator, lang), indicator.id, lang, chart)
    updated = cached.last_update(version, indicator_id, tuple(chosen))
    updated_on = updated.date() if updated is not None else None
    facts.markdown(indicator_facts(indicator, updated_on, lang, programme.agreement_signed))

    view = cached.series_view(version, indicator_id, tuple(chosen), lang, part)
    st.subheader(t("chart_data", lang))
    st.dataframe(view.table, hide_index=True, width="stretch")

    left, right = download_pair(view.shown, indicator.id, lang)
    if principal.can(Permission.DOWNLOAD) and len(frame):
        download_button(
            left,
            t("download_full_csv", lang),
            csv_file(view.figures),
            safe_file_name(f"{indicator.id}-full", "csv"),
            "text/csv",
        )
        download_button(
            right,
            t("download_full_excel", lang),
            excel_file(view.figures),
            safe_file_name(f"{indicator.id}-full", "xlsx"),
        )
    if principal.can(Permission.DOWNLOAD):
        open_data_buttons(
            cached.open_data_files(version, indicator_id), indicator_id, cached.dataset_zip(version), version, lang
        )


explorer_view()

if principal.can(Permission.EDIT_PROGRAMME):
    with st.expander(t("edit_events", lang)):
        event_editor(principal, programme.id, cached.events(version, programme.id), lang)
