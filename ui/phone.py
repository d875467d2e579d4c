"""Pages that read on a phone: Streamlit stacks columns under 640 px wide, so what a header row says
must then be said inside each cell, and a wide table becomes cards. Containers are told apart by their
keys (Streamlit gives each keyed container the class ``st-key-<key>``)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from omrademonitor.i18n import t
from omrademonitor.presentation.formatting import period_text
from omrademonitor.presentation.texts import headline_cell
from omrademonitor.vocabulary import is_missing
from ui.presentation_mode import ENVIRONMENT

NARROW_PX = 640  # Streamlit's own breakpoint for stacking st.columns

WIDE_ONLY = "om_wide_"  # key prefix: shown only on a wide screen
NARROW_ONLY = "om_narrow_"  # key prefix: shown only on a phone

RESPONSIVE_CSS = f"""<style>
[class*="st-key-{NARROW_ONLY}"] {{ display: none !important; }}
@media (max-width: {NARROW_PX}px) {{
  [class*="st-key-{WIDE_ONLY}"] {{ display: none !important; }}
  [class*="st-key-{NARROW_ONLY}"] {{ display: flex !important; }}
}}
</style>"""

# The facts a measure's card shows, in this order, after its title (string keys of measure_table).
CARD_FACTS = ("status", "schedule", "result", "recommendation", "focus_area", "period", "districts", "measure_id")


def responsive_style() -> None:
    """Once per page: containers keyed ``om_wide_…`` hide on a phone, ``om_narrow_…`` show only there."""
    st.html(RESPONSIVE_CSS)


def measure_cards_html(table: pd.DataFrame, lang: str) -> str:
    """The register (``tracking_tables.measure_table`` in ``lang``) as one card per measure."""
    title = t("measure_title", lang)
    labels = [t(key, lang) for key in CARD_FACTS if t(key, lang) in table.columns]
    cards = [
        {"title": row[title], "facts": [(label, row[label]) for label in labels if _shown(row[label])]}
        for row in table.to_dict("records")
    ]
    return ENVIRONMENT.get_template("measure_cards.html.j2").render(cards=cards)


def _shown(value) -> bool:
    """A fact worth a line: neither missing nor empty."""
    return not is_missing(value) and value != ""


def focus_moves(rows: pd.DataFrame, programme_area_codes, lang: str) -> str:
    """One line on how a focus area's headline figures in the programme areas moved since their baseline:
    how many improved, worsened or show no clear change (the overview's own assessment, ``change_assessment``)."""
    mine = rows[rows["area_code"].isin(list(programme_area_codes))]["change_assessment"]
    return t(
        "phone_focus_moves",
        lang,
        better=int((mine == "better").sum()),
        worse=int((mine == "worse").sum()),
        similar=int((mine == "similar").sum()),
    )


def headline_list_html(indicators: list, by_indicator: dict, names: dict, municipality_code: str, lang: str) -> str:
    """A focus area's headline figures as a compact list: per indicator one line per area with the latest
    value, the change since the baseline, the comparison with the municipality and the progress."""
    items = []
    for indicator in indicators:
        lines = []
        for code, row in by_indicator[indicator.id].set_index("area_code").iterrows():
            cell = headline_cell(
                row.to_dict(),
                indicator.unit.value,
                indicator.decimals,
                indicator.baseline_year,
                lang,
                period_text(indicator, lang),
            )
            mark = cell["mark"] if code != municipality_code else ""
            lines.append((names[code], [p for p in (cell["value"], cell["change"], mark, cell["progress"]) if p]))
        items.append({"title": indicator.name.get(lang), "lines": lines})
    return ENVIRONMENT.get_template("phone_headline.html.j2").render(items=items)
