"""Presentation mode's slides (``pages/presentation.py``, for a meeting; not the ``omrademonitor.presentation``
package of words and formats): the summary slide, status counts per focus area and programme area (any
number of them), and a focus area's headline figures, each drawn from a Jinja2 template as one table that
turns into cards on a phone. Every status has a symbol and a word, never a colour alone."""

from __future__ import annotations

from pathlib import Path

import jinja2
import pandas as pd

from omrademonitor.i18n import t
from omrademonitor.presentation.formatting import period_text
from omrademonitor.presentation.texts import headline_cell
from omrademonitor.presentation.tracking_tables import summary_count_texts
from omrademonitor.programme import Programme

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


def summary_rows(summary: pd.DataFrame, programme: Programme, late: dict[str, int], lang: str) -> list[dict]:
    """Per focus area: its title, how many of its measures are late (words), and per programme area the
    indicator and measure counts in words."""
    names = programme.programme_area_names
    records = {(r["focus_area"], r["area_code"]): r for r in summary.to_dict("records")}
    rows = []
    for focus in programme.focus_areas:
        cells = []
        for code in programme.programme_area_codes:
            record = records.get((focus.id, code))
            indicators, measures = summary_count_texts(record, lang) if record else ([], [])
            cells.append(
                {
                    "area": names[code],
                    "lines": [
                        (t("indicators_heading", lang), " · ".join(indicators) or t("no_data", lang)),
                        (t("measures_heading", lang), ", ".join(measures) or t("no_data", lang)),
                    ],
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
    return ENVIRONMENT.get_template("presentation_grid.html.j2").render(
        kind="om-summary",
        first_heading=t("focus_area", lang),
        areas=[a.name for a in programme.programme_areas],
        rows=summary_rows(summary, programme, late, lang),
    )


def headline_html(indicators: list, table: pd.DataFrame, names: dict[str, str], lang: str) -> str:
    """A focus area's headline figures as one grid: a row per indicator, a column per area of the
    headline table (the programme areas, then the municipality); each cell the latest value, the
    change since the baseline and the progress status in words."""
    codes = list(dict.fromkeys(table["area_code"])) if len(table) else []
    rows = []
    for indicator in indicators:
        mine = table[table["indicator_id"] == indicator.id].set_index("area_code")
        cells = []
        for code in codes:
            lines = [("", t("no_data", lang))]
            if code in mine.index:
                cell = headline_cell(
                    mine.loc[code].to_dict(),
                    indicator.unit.value,
                    indicator.decimals,
                    indicator.baseline_year,
                    lang,
                    period_text(indicator, lang),
                )
                lines = [("", text) for text in (cell["value"], cell["change"], cell["progress"]) if text]
            cells.append({"area": names.get(code, code), "lines": lines})
        rows.append({"title": indicator.name.get(lang), "late": "", "cells": cells})
    return ENVIRONMENT.get_template("presentation_grid.html.j2").render(
        kind="om-headline",
        first_heading=t("indicator", lang),
        areas=[names.get(code, code) for code in codes],
        rows=rows,
    )
