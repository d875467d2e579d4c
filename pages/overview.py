"""Overview: the programme, where today falls in its period, and headline indicators per focus area."""

import datetime as dt

import streamlit as st

from omrademonitor.i18n import t
from omrademonitor.indicator_registry import Direction
from omrademonitor.presentation.formatting import NO_VALUE, format_date, format_share
from omrademonitor.tracking import late_counts
from ui import cached
from ui.chrome import dashboard_page, demo_banner
from ui.phone import NARROW_ONLY, WIDE_ONLY, responsive_style
from ui.status import status_counts

lang, principal, programme, registry, version, scope = dashboard_page()

st.title(programme.name.get(lang))
demo_banner(lang)

today = dt.date.today()
period, signed = f"{programme.start_year}–{programme.end_year}", format_date(programme.agreement_signed, lang)
area_list = " · ".join(pa.name for pa in programme.programme_areas)
responsive_style()
with st.container(key=f"{WIDE_ONLY}facts"):
    left, middle, right = st.columns(3)
    left.metric(t("programme_period", lang), period)
    middle.metric(t("agreement_signed", lang), signed)
    right.metric(t("programme_areas", lang), len(programme.programme_areas))
    right.caption(area_list)
with st.container(key=f"{NARROW_ONLY}facts"):  # a phone: the same facts in three short lines
    st.markdown(
        f"**{t('programme_period', lang)}:** {period}  \n**{t('agreement_signed', lang)}:** {signed}  \n"
        f"**{t('programme_areas', lang)}:** {area_list}"
    )
progress = programme.progress(today)
period_text = (
    t(
        "today_in_period",
        lang,
        today=format_date(today, lang),
        share=format_share(progress, lang),
        start=programme.start_year,
        end=programme.end_year,
    )
    if progress < 1
    else t(
        "after_period",
        lang,
        start=programme.start_year,
        end=programme.end_year,
        evaluation=programme.final_evaluation.get(lang) if programme.final_evaluation else NO_VALUE,
    )
)
st.progress(progress, text=period_text)
st.caption(
    f"{t('parties', lang)}: "
    + "; ".join(
        p.name.get(lang) + (f" ({p.represented_by.get(lang)})" if p.represented_by else "") for p in programme.parties
    )
)

st.header(t("status_overview", lang))
st.caption(t("status_overview_help", lang))
measures = cached.measures(version, programme.id)
status_counts(
    cached.status_summary(version, programme.id),
    programme,
    lang,
    late_counts(measures, programme, today),
)

headline_cells = cached.headline_cells(version, programme.id, lang)  # per indicator: (area code, cell)
area_names = scope.area_names()
phone = cached.phone_headlines(version, programme.id, lang)
delta_colour = {Direction.HIGHER: "normal", Direction.LOWER: "inverse", Direction.NONE: "off"}

st.header(t("focus_areas", lang))
reading = t("legend_explainer", lang) + " " + t("progress_method", lang)
with st.container(key=f"{WIDE_ONLY}reading"):
    st.caption(reading)
with st.container(key=f"{NARROW_ONLY}reading"), st.expander(t("phone_how_to_read", lang)):
    st.caption(reading)
for number, focus_area in enumerate(programme.focus_areas):
    headline = [ind for ind in programme.focus_indicators(focus_area.id, registry) if ind.headline]
    with st.container(border=True, key=f"{NARROW_ONLY}focus_{number}"):  # a phone: a summary, figures on demand
        st.markdown(f"**{focus_area.number}. {focus_area.name.get(lang)}**")
        if not headline:
            st.caption(t("no_headline", lang))
        else:
            moves, figures = phone[focus_area.id]
            st.caption(moves)
            with st.expander(t("phone_show_figures", lang, count=len(headline))):
                st.html(figures)
    with st.container(border=True, key=f"{WIDE_ONLY}focus_{number}"):
        st.subheader(f"{focus_area.number}. {focus_area.name.get(lang)}")
        if focus_area.aim:
            st.caption(focus_area.aim.get(lang))
        if not headline:
            st.info(t("no_headline", lang))
        for ind in headline:
            st.markdown(f"**{ind.name.get(lang)}**", help=ind.definition.get(lang))
            cells = headline_cells[ind.id]
            for column, (code, cell) in zip(st.columns(len(cells)), cells, strict=True):
                column.metric(
                    area_names[code],
                    cell["value"],
                    delta=cell["change"],
                    delta_color=delta_colour[ind.direction] if cell["change_is_clear"] else "off",
                )
                if code != programme.municipality_code:
                    column.caption(cell["mark"])
                if cell["progress"]:
                    column.caption(cell["progress"])
