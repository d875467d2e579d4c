"""Presentation mode for a meeting-room screen or a phone: the summary, then one focus area per step,
in large type without the menu. The step lives in the URL (?steg=0 … n); the buttons and the way out
sit at the top, and each step starts at the top of the page."""

import datetime as dt

import streamlit as st

from omrademonitor import labels
from omrademonitor.i18n import t
from omrademonitor.presentation.charts import time_series
from omrademonitor.presentation.formatting import format_date
from omrademonitor.presentation.tracking_tables import schedule_text
from omrademonitor.schedule import ScheduleStatus, schedule_status
from omrademonitor.scope import area_names
from omrademonitor.tracking import filter_measures, late_counts
from ui import cached
from ui.chrome import dashboard_page
from ui.presentation_mode import SCROLL_TO_TOP, headline_html, summary_html

PRESENTATION_CSS = """<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], header { display: none !important; }
.block-container { max-width: 100% !important; padding: 1rem 3rem 1.5rem !important; }
h1 { font-size: 2.6rem !important; padding-top: 0.2rem !important; } h2 { font-size: 2rem !important; }
[data-testid="stMetricValue"], [data-testid="stMetricValue"] * { font-size: 2.1rem !important; }
[data-testid="stMetricLabel"] p, [data-testid="stMarkdownContainer"] p,
[data-testid="stMarkdownContainer"] li { font-size: 1.25rem !important; }
@media (max-width: 700px) {
  .block-container { padding: 0.5rem 0.8rem 1rem !important; }
  h1 { font-size: 1.7rem !important; } h2 { font-size: 1.4rem !important; }
  [data-testid="stMetricValue"], [data-testid="stMetricValue"] * { font-size: 1.5rem !important; }
  [data-testid="stMetricLabel"] p, [data-testid="stMarkdownContainer"] p,
  [data-testid="stMarkdownContainer"] li { font-size: 1rem !important; }
}
</style>"""
SCHEDULE_SYMBOL = {ScheduleStatus.LATE: "⚠", ScheduleStatus.DONE_LATE: "⚠", ScheduleStatus.ON_TIME: "✓"}

lang, principal, programme, registry, version, scope = dashboard_page()
st.html(PRESENTATION_CSS)
st.html(SCROLL_TO_TOP, unsafe_allow_javascript=True)
steps = len(programme.focus_areas) + 1
try:
    step = min(max(int(st.query_params.get("steg", 0)), 0), steps - 1)
except ValueError:
    step = 0
today = dt.date.today()
measures = cached.measures(version, programme.id)
areas = cached.areas(version)
names = area_names(areas) | programme.programme_area_names

back, forward, where, leave = st.columns([1, 1, 3, 1], vertical_alignment="center")
if back.button(f"← {t('previous', lang)}", disabled=step == 0, width="stretch"):
    st.query_params["steg"] = str(step - 1)
    st.rerun()
if forward.button(f"{t('next', lang)} →", disabled=step == steps - 1, width="stretch", type="primary"):
    st.query_params["steg"] = str(step + 1)
    st.rerun()
where.markdown(t("presentation_step", lang, step=step + 1, steps=steps))
leave.page_link("pages/overview.py", label=t("presentation_exit", lang), icon=":material/close:")

if step == 0:
    st.title(programme.name.get(lang))
    st.markdown(f"**{t('report_reference', lang, date=format_date(today, lang))}**")
    if cached.holds_demo_data(version):
        st.warning(t("demo_short", lang))
    summary = cached.status_summary(version, programme.id)
    st.html(summary_html(summary, programme, late_counts(measures, programme, today), lang))
    st.caption(f"{t('status_groups_note', lang)} {t('presentation_help', lang)}")
else:
    focus = programme.focus_areas[step - 1]
    st.title(f"{focus.number}. {focus.name.get(lang)}")
    table = cached.headline_table(version, programme.id)
    headline = [i for i in programme.focus_indicators(focus.id, registry) if i.headline]
    st.html(headline_html(headline[:3], table, names, lang))
    left, right = st.columns([3, 2])
    if headline:
        indicator = headline[0]
        figure = time_series(
            cached.series(version, indicator.id, (*programme.programme_area_codes, programme.municipality_code)),
            indicator,
            programme.start_year,
            programme.end_year,
            cached.events(version, programme.id),
            lang,
            cached.holds_demo_data(version),
            cached.measure_marks(version, programme.id, indicator.id, lang),
        )
        figure.update_layout(height=340, font={"size": 15})
        left.plotly_chart(figure, width="stretch", config={"displaylogo": False, "staticPlot": True})
    with right:
        st.markdown(f"### {t('measures_heading', lang)}")
        lines = []
        for measure in filter_measures(measures, focus.id):
            mark = SCHEDULE_SYMBOL.get(schedule_status(measure, today), "·")
            status = t(labels.MEASURE_STATUS_LABEL_KEYS[measure.status], lang)
            lines.append(f"- {mark} {measure.title(lang)}: **{status}** ({schedule_text(measure, today, lang)})")
        st.markdown("\n".join(lines) or t("no_data", lang))
