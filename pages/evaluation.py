"""Final evaluation: per focus area, every measure with status, result and recommendation, and every
effect indicator's progress; the whole as one Excel workbook. Deep links (?fa=&district=&group=)
come from the overview's status counts."""

import datetime as dt

import streamlit as st

from omrademonitor import labels
from omrademonitor.i18n import t
from omrademonitor.presentation.formatting import format_date
from omrademonitor.presentation.tracking_tables import evaluation_workbook
from omrademonitor.progress import METHOD_SOURCE
from ui import cached
from ui.chrome import dashboard_page, demo_banner, print_friendly
from ui.downloads import download_button

lang, principal, programme, registry, version, scope = dashboard_page()
print_friendly()
st.title(t("nav_evaluation", lang))
demo_banner(lang)
st.caption(t("evaluation_intro", lang, method=METHOD_SOURCE))

measures = cached.measures(version, programme.id)
goals = cached.goals(version, programme.id)
no_clear_change = st.toggle(t("progress_addition_toggle", lang), value=True, help=t("progress_addition_help", lang))
progress = cached.indicator_progress(version, programme.id, no_clear_change)
district_names = programme.programme_area_names
focus_ids = [fa.id for fa in programme.focus_areas]

wanted_focus = st.query_params.get("fa") if st.query_params.get("fa") in focus_ids else None
wanted_district = st.query_params.get("district") if st.query_params.get("district") in district_names else None
wanted_group = st.query_params.get("group")
if wanted_focus or wanted_district or wanted_group:
    what = [programme.focus_area(wanted_focus).name.get(lang) if wanted_focus else None]
    what += [
        district_names.get(wanted_district),
        t(labels.GROUP_LABEL_KEYS[wanted_group], lang) if wanted_group else None,
    ]
    st.info(t("filtered_by", lang, what=" · ".join(w for w in what if w)))
    if st.button(t("clear_filter", lang)):
        st.query_params.clear()
        st.rerun()

about = {
    t("programme_period", lang): f"{programme.start_year}–{programme.end_year}",
    t("data_imported", lang): str(cached.database().scalar("data_vintage")),
    t("progress_status", lang): METHOD_SOURCE,
}
if cached.holds_demo_data(version) or any(m.is_demo for m in measures):
    about[t("demo", lang)] = t("demo_short", lang)
download_button(
    st,
    t("download_evaluation", lang),
    lambda: evaluation_workbook(measures, progress, programme, goals, registry, about, lang),  # made on press
    "sluttevaluering.xlsx" if lang == "nb" else "final-evaluation.xlsx",
    key="evaluation_download",
)

tables = cached.evaluation_tables(
    version, programme.id, no_clear_change, wanted_focus, wanted_district, wanted_group, lang, dt.date.today()
)
for focus in programme.focus_areas:
    if focus.id not in tables:
        continue
    measure_rows, progress_rows = tables[focus.id]
    st.header(f"{focus.number}. {focus.name.get(lang)}")
    st.subheader(t("measures_heading", lang))
    if measure_rows is not None:
        st.dataframe(measure_rows, hide_index=True, width="stretch")
    else:
        st.caption(t("no_measures", lang))
    st.subheader(t("indicators_heading", lang))
    st.dataframe(progress_rows, hide_index=True, width="stretch")
st.caption(f"{t('print_hint', lang)} {format_date(dt.date.today(), lang)}")
