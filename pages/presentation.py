"""Presentation mode for a meeting-room screen: the summary, then one focus area per step, in large
type without the menu. The step lives in the URL (?steg=0 … 5)."""

import datetime as dt

import streamlit as st

from omrademonitor.charts import time_series
from omrademonitor.i18n import format_date, headline_cell, t
from omrademonitor.measures import MeasureStatus
from omrademonitor.tracking import StatusGroup, filter_measures, status_summary
from ui import cached
from ui.chrome import dashboard_page
from ui.status import GROUP_SYMBOL

PRESENTATION_CSS = """<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], header { display: none !important; }
.block-container { max-width: 100% !important; padding: 1.5rem 3rem !important; }
h1 { font-size: 3rem !important; } h2 { font-size: 2.2rem !important; }
[data-testid="stMetricValue"], [data-testid="stMetricValue"] * { font-size: 2.4rem !important; }
[data-testid="stMetricLabel"] p, [data-testid="stMarkdownContainer"] p { font-size: 1.35rem !important; }
</style>"""

lang, principal, programme, registry, version, scope = dashboard_page()
st.html(PRESENTATION_CSS)
steps = len(programme.focus_areas) + 1
try:
    step = min(max(int(st.query_params.get("steg", 0)), 0), steps - 1)
except ValueError:
    step = 0

summary = status_summary(
    cached.indicator_progress(version, programme.id), cached.measures(version, programme.id), programme
)
names = {a.area_code: a.name for a in programme.programme_areas}


def counts(row) -> str:
    groups = " · ".join(
        f"{GROUP_SYMBOL[g]} {int(row[f'indicators_{g.value}'])} {t(f'group_{g.value}', lang)}"
        for g in StatusGroup
        if int(row[f"indicators_{g.value}"])
    )
    measures = ", ".join(
        f"{int(row[f'measures_{s.value}'])} {t(f'measure_status_{s.value}', lang).lower()}"
        for s in MeasureStatus
        if int(row[f"measures_{s.value}"])
    )
    return f"{t('indicators_heading', lang)}: {groups or '–'}  \n{t('measures_heading', lang)}: {measures or '–'}"


if step == 0:
    st.title(programme.name.get(lang))
    st.markdown(f"**{t('report_reference', lang, date=format_date(dt.date.today(), lang))}**")
    if cached.holds_demo_data(version):
        st.warning(t("demo_short", lang))
    widths = [2] + [3] * len(programme.programme_area_codes)  # any number of programme areas
    header = st.columns(widths)
    for column, code in zip(header[1:], programme.programme_area_codes, strict=True):
        column.markdown(f"### {names[code]}")
    for focus in programme.focus_areas:
        columns = st.columns(widths, border=True)
        columns[0].markdown(f"**{focus.number}. {focus.name.get(lang)}**")
        for column, code in zip(columns[1:], programme.programme_area_codes, strict=True):
            row = summary[(summary["focus_area"] == focus.id) & (summary["area_code"] == code)].iloc[0]
            column.markdown(counts(row))
    st.caption(t("status_groups_note", lang))
else:
    focus = programme.focus_areas[step - 1]
    st.title(f"{focus.number}. {focus.name.get(lang)}")
    table = cached.headline_table(version, programme.id)
    headline = [i for i in programme.focus_indicators(focus.id, registry) if i.headline]
    for indicator in headline[:2]:
        st.markdown(f"**{indicator.name.get(lang)}**")
        rows = table[table["indicator_id"] == indicator.id].set_index("area_code")
        for column, (code, row) in zip(st.columns(len(rows)), rows.iterrows(), strict=True):
            cell = headline_cell(row.to_dict(), indicator.unit.value, indicator.decimals, indicator.baseline_year, lang)
            column.metric(
                names.get(code, scope.municipality_name), cell["value"], delta=cell["change"], delta_color="off"
            )
            column.markdown(cell["progress"] or " ")
    left, right = st.columns([3, 2])
    if headline:
        indicator = headline[0]
        areas = (*programme.programme_area_codes, programme.municipality_code)
        figure = time_series(
            cached.series(version, indicator.id, areas),
            indicator,
            programme.start_year,
            programme.end_year,
            cached.events(version, programme.id),
            lang,
            cached.holds_demo_data(version),
            cached.measure_marks(version, programme.id, indicator.id, lang),
        )
        figure.update_layout(height=380, font={"size": 16})
        left.plotly_chart(figure, width="stretch", config={"displaylogo": False, "staticPlot": True})
    with right:
        st.markdown(f"### {t('measures_heading', lang)}")
        for measure in filter_measures(cached.measures(version, programme.id), focus.id):
            st.markdown(f"- {measure.title(lang)}: **{t(f'measure_status_{measure.status.value}', lang)}**")

st.divider()
back, where, forward = st.columns([1, 3, 1])
if back.button(f"← {t('previous', lang)}", disabled=step == 0, width="stretch"):
    st.query_params["steg"] = str(step - 1)
    st.rerun()
where.markdown(f"{t('presentation_step', lang, step=step + 1, steps=steps)} · {t('presentation_help', lang)}")
if forward.button(f"{t('next', lang)} →", disabled=step == steps - 1, width="stretch"):
    st.query_params["steg"] = str(step + 1)
    st.rerun()
