"""The presentation's summary slide: status counts per focus area and programme area (any number of
them), drawn from a Jinja2 template as one table that turns into cards on a phone. Every status has a
symbol and a word, never a colour alone."""

from __future__ import annotations

from pathlib import Path

import jinja2
import pandas as pd

from omrademonitor.i18n import t
from omrademonitor.measures import MeasureStatus
from omrademonitor.programme import Programme
from omrademonitor.tracking import STATUS_SYMBOL, StatusGroup

TEMPLATES = Path(__file__).parent / "templates"
ENVIRONMENT = jinja2.Environment(
    loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True
)

# After a step, the page starts at its top (a rerun would keep the scroll position of the last step).
SCROLL_TO_TOP = """<script>
for (const part of document.querySelectorAll('[data-testid="stMain"], [data-testid="stAppViewContainer"]')) {
  part.scrollTo(0, 0);
}
window.scrollTo(0, 0);
</script>"""


def _indicators(row: dict, lang: str) -> str:
    shown = [
        f"{STATUS_SYMBOL[g]} {int(row[f'indicators_{g.value}'])} {t(f'group_{g.value}', lang)}"
        for g in StatusGroup
        if int(row[f"indicators_{g.value}"])
    ]
    return " · ".join(shown) or t("no_data", lang)


def _measures(row: dict, lang: str) -> str:
    shown = [
        f"{int(row[f'measures_{s.value}'])} {t(f'measure_status_{s.value}', lang).lower()}"
        for s in MeasureStatus
        if int(row[f"measures_{s.value}"])
    ]
    return ", ".join(shown) or t("no_data", lang)


def summary_rows(summary: pd.DataFrame, programme: Programme, late: dict[str, int], lang: str) -> list[dict]:
    """Per focus area: its title, how many of its measures are late (words), and per programme area the
    indicator and measure counts in words."""
    names = {a.area_code: a.name for a in programme.programme_areas}
    records = {(r["focus_area"], r["area_code"]): r for r in summary.to_dict("records")}
    rows = []
    for focus in programme.focus_areas:
        cells = []
        for code in programme.programme_area_codes:
            record = records.get((focus.id, code))
            cells.append(
                {
                    "area": names[code],
                    "indicators": _indicators(record, lang) if record else t("no_data", lang),
                    "measures": _measures(record, lang) if record else t("no_data", lang),
                }
            )
        count = late.get(focus.id, 0)
        rows.append(
            {
                "title": f"{focus.number}. {focus.name.get(lang)}",
                "late": t("late_count", lang, count=count) if count else "",
                "cells": cells,
            }
        )
    return rows


def summary_html(summary: pd.DataFrame, programme: Programme, late: dict[str, int], lang: str) -> str:
    """The summary slide as HTML (for ``st.html``)."""
    return ENVIRONMENT.get_template("presentation_summary.html.j2").render(
        focus_heading=t("focus_area", lang),
        areas=[a.name for a in programme.programme_areas],
        rows=summary_rows(summary, programme, late, lang),
        indicators_heading=t("indicators_heading", lang),
        measures_heading=t("measures_heading", lang),
    )
