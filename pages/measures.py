"""The register of measures: filter by focus area, area, status and schedule (as of today); one
measure's details, output indicators and history; editors change measures, add new ones and import
the register from Excel."""

import datetime as dt

import streamlit as st

from omrademonitor import labels
from omrademonitor.access import Permission
from omrademonitor.i18n import t
from omrademonitor.measures import MeasureStatus
from omrademonitor.presentation.formatting import format_date
from omrademonitor.presentation.tracking_tables import progress_table, schedule_text
from omrademonitor.schedule import ScheduleStatus
from omrademonitor.tracking import filter_measures, filter_progress
from ui import cached
from ui.chrome import dashboard_page, demo_banner, url_selectbox
from ui.measure_forms import measure_form, measures_import
from ui.phone import NARROW_ONLY, WIDE_ONLY, responsive_style

lang, principal, programme, registry, version, scope = dashboard_page()
st.title(t("nav_measures", lang))
demo_banner(lang)

measures = cached.measures(version, programme.id)
goals = cached.goals(version, programme.id)
if any(m.is_demo for m in measures):
    st.caption(t("measures_demo_note", lang))

focus_names = {fa.id: f"{fa.number}. {fa.name.get(lang)}" for fa in programme.focus_areas}
district_names = programme.programme_area_names
status_names = {s.value: t(labels.MEASURE_STATUS_LABEL_KEYS[s], lang) for s in MeasureStatus}
schedule_names = {
    s.value: t(labels.SCHEDULE_LABEL_KEYS[s], lang) for s in ScheduleStatus if s != ScheduleStatus.UNKNOWN
}
schedule_names[ScheduleStatus.UNKNOWN.value] = t("no_data", lang)
today = dt.date.today()
schedule_help = t("schedule_help", lang, date=format_date(today, lang))
left, middle, right, last = st.columns(4)
focus = url_selectbox(
    left, t("focus_area", lang), ["", *focus_names], "fa", lambda f: focus_names.get(f, t("all", lang))
)
district = url_selectbox(
    middle, t("area", lang), ["", *district_names], "district", lambda d: district_names.get(d, t("all", lang))
)
status = url_selectbox(
    right, t("status", lang), ["", *status_names], "status", lambda s: status_names.get(s, t("all", lang))
)
schedule = url_selectbox(
    last, t("schedule", lang), ["", *schedule_names], "schedule", lambda s: schedule_names.get(s, t("all", lang))
)
shown = filter_measures(measures, focus or None, district or None, status or None, schedule or None, today)
if not shown:
    st.info(t("no_measures", lang))
else:
    register, cards = cached.measure_register(
        version, programme.id, focus or None, district or None, status or None, schedule or None, lang, today
    )
    responsive_style()
    with st.container(key=f"{WIDE_ONLY}measures"):
        st.dataframe(
            register,
            hide_index=True,
            width="stretch",
            column_config={
                t("measure_title", lang): st.column_config.TextColumn(width="medium"),
                t("schedule", lang): st.column_config.TextColumn(help=schedule_help),
                t("result", lang): st.column_config.TextColumn(width="medium"),
            },
        )
    with st.container(key=f"{NARROW_ONLY}measures"):
        st.html(cards)

by_id = {m.measure_id: m for m in measures}
saved = st.session_state.pop("measure_saved", None)
if saved in {m.measure_id for m in shown}:
    st.session_state["measure"] = saved
    st.toast(t("saved", lang))
if shown:
    chosen = url_selectbox(
        st, t("choose_measure", lang), [m.measure_id for m in shown], "measure", lambda i: by_id[i].title(lang)
    )
    measure = by_id[chosen]
    st.subheader(measure.title(lang))
    strategy = goals.strategies().get(measure.strategy_id)
    goal = goals.goal_of_strategy(measure.strategy_id) if measure.strategy_id else None
    none = t("no_data", lang)
    facts = [
        f"**{t('focus_area', lang)}:** {focus_names[measure.focus_area]}",
        f"**{t('strategy', lang)}:** "
        + (f"{strategy.title.get(lang)} ({goal.title.get(lang)})" if strategy and goal else none),
        f"**{t('districts', lang)}:** " + ", ".join(district_names.get(c, c) for c in measure.area_codes),
        f"**{t('responsible', lang)}:** {measure.responsible or none}",
        f"**{t('partners', lang)}:** {'; '.join(measure.partners) or none}",
        f"**{t('status', lang)}:** {status_names[measure.status.value]} ({measure.status_date.isoformat()})",
        f"**{t('schedule', lang)}:** {schedule_text(measure, today, lang)}",
        f"**{t('result', lang)}:** {measure.result or none}",
    ]
    st.markdown("  \n".join(facts))
    if measure.outputs:
        st.markdown(f"**{t('output_indicators', lang)}**")
        mine = filter_progress(cached.indicator_progress(version, programme.id), measure_id=measure.measure_id)
        st.dataframe(progress_table(mine, registry, programme, lang), hide_index=True, width="stretch")
        for output in measure.outputs:
            st.page_link(
                "pages/explorer.py",
                label=registry[output.indicator_id].name.get(lang),
                icon=":material/show_chart:",
                query_params={"indicator": output.indicator_id},
            )
    statuses, changes = cached.measure_history_tables(version, programme.id, measure.measure_id, lang)
    st.markdown(f"**{t('status_history', lang)}**")
    st.dataframe(statuses, hide_index=True, width="stretch")
    with st.expander(t("change_history", lang)):
        st.dataframe(changes, hide_index=True, width="stretch")
    if principal.can(Permission.EDIT_PROGRAMME):
        with st.expander(t("edit_measure", lang)):
            measure_form(
                f"edit_{measure.measure_id}", measure, cached.measure_context(version, programme.id), principal, lang
            )

if principal.can(Permission.EDIT_PROGRAMME):
    context = cached.measure_context(version, programme.id)
    with st.expander(t("new_measure", lang)):
        measure_form("new_measure", None, context, principal, lang)
    with st.expander(t("import_measures", lang)):
        measures_import(context, principal, lang)
