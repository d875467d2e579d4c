"""The overview's status grid: per focus area and district, counts that link to what lies behind them."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from omrademonitor.i18n import t
from omrademonitor.measures import MeasureStatus
from omrademonitor.presentation.formatting import NO_VALUE
from omrademonitor.presentation.tracking_tables import group_count_text, status_count_text
from omrademonitor.programme import Programme
from omrademonitor.schedule import ScheduleStatus
from omrademonitor.tracking import StatusGroup
from ui.phone import NARROW_ONLY, WIDE_ONLY, responsive_style


def status_counts(summary: pd.DataFrame, programme: Programme, lang: str, late: dict[str, int] | None = None) -> None:
    """One row per focus area, one column per district; each count opens the items behind it. ``late``
    (per focus area, from ``tracking.late_counts``) links to the register filtered to the late measures."""
    codes = programme.programme_area_codes
    widths = [2, *([3] * len(codes))]
    names = programme.programme_area_names
    responsive_style()
    # On a phone the columns stack: the header row goes and each cell is headed by its district's name.
    with st.container(key=f"{WIDE_ONLY}status_head"):
        header = st.columns(widths)
        for column, area in zip(header[1:], programme.programme_areas, strict=True):
            column.markdown(f"**{area.name}**")
    for f, focus in enumerate(programme.focus_areas):
        with st.container(border=True):
            columns = st.columns(widths, vertical_alignment="center")
            columns[0].markdown(f"**{focus.number}. {focus.name.get(lang)}**")
            if late is not None:
                with columns[0]:
                    _late_link(late.get(focus.id, 0), focus.id, lang)
            for a, (column, code) in enumerate(zip(columns[1:], codes, strict=True)):
                row = summary[(summary["focus_area"] == focus.id) & (summary["area_code"] == code)].iloc[0]
                with column:
                    with st.container(key=f"{NARROW_ONLY}status_{f}_{a}"):
                        st.markdown(f"**{names[code]}**")
                    _links(row, focus.id, code, lang)
    st.caption(t("status_groups_note", lang))


def _links(row, focus_id: str, code: str, lang: str) -> None:
    place = {"fa": focus_id, "district": code}
    _link_row(
        t("indicators_heading", lang),
        [
            (
                int(row[f"indicators_{group.value}"]),
                group_count_text(group, row[f"indicators_{group.value}"], lang),
                "pages/evaluation.py",
                place | {"group": group.value},
            )
            for group in StatusGroup
        ],
    )
    _link_row(
        t("measures_heading", lang),
        [
            (
                int(row[f"measures_{status.value}"]),
                status_count_text(status, row[f"measures_{status.value}"], lang),
                "pages/measures.py",
                place | {"status": status.value},
            )
            for status in MeasureStatus
        ],
        empty=NO_VALUE,
    )


def _link_row(heading: str, items: list[tuple[int, str, str, dict]], empty: str | None = None) -> None:
    """A caption and, on one line, a link for each non-zero count (count, label, page, query)."""
    with st.container(horizontal=True, gap="small"):
        st.caption(f"{heading}:", width="content")
        if empty is not None and not any(count for count, *_ in items):
            st.caption(empty, width="content")
        for count, label, page, query in items:
            if count:
                st.page_link(page, label=label, query_params=query, width="content")


def _late_link(count: int, focus_id: str, lang: str) -> None:
    """'2 late', opening the register filtered to this focus area's late measures; plain text at 0."""
    label = t("late_count", lang, count=count)
    if count:
        st.page_link(
            "pages/measures.py",
            label=label,
            icon=":material/schedule:",
            query_params={"fa": focus_id, "schedule": ScheduleStatus.LATE.value},
            width="content",
        )
    else:
        st.caption(label)
