"""The effect evaluation's tables and texts in words: the event study by period with both intervals, the
balance of the matching indicators before the programme, and who chose the comparison areas.

The numbers come from ``effects`` and ``did`` (``EffectResult``); the effect page (``ui/effect_views.py``)
only draws what is made here.
"""

from __future__ import annotations

import pandas as pd

from omrademonitor.i18n import t
from omrademonitor.indicator_registry import Indicator, Registry
from omrademonitor.presentation.formatting import NO_VALUE, format_number, period_text
from omrademonitor.programme import Programme
from omrademonitor.vocabulary import is_missing


def comparison_basis_text(programme: Programme, lang: str) -> str:
    """Who chose the programme file's comparison areas: the developers (a suggestion) or the programme."""
    if programme.comparison_basis == "programme" and programme.comparison_decided is not None:
        return t("comparison_basis_programme", lang, decision=programme.comparison_decided.get(lang))
    return t("comparison_basis_developers", lang)


def event_table(table: pd.DataFrame, indicator: Indicator, lang: str) -> pd.DataFrame:
    """The event study for people: year, effect, and both intervals ('–' where there is none)."""
    d = indicator.decimals + 1
    written = period_text(indicator, lang)
    reference = "event_reference" if indicator.annual else "event_reference_period"

    def interval(low, high) -> str:
        if is_missing(low) or is_missing(high):
            return NO_VALUE
        return f"{format_number(low, d, lang)} – {format_number(high, d, lang)}"

    return pd.DataFrame(
        {
            t("year" if indicator.annual else "period_column", lang): [
                t(reference, lang, year=written(int(r.period))) if r.reference else written(int(r.period))
                for r in table.itertuples()
            ],
            t("event_column_effect", lang): [format_number(v, d, lang) for v in table["effect"]],
            t("event_column_cluster_ci", lang): [interval(r.ci_low, r.ci_high) for r in table.itertuples()],
            t("event_column_placebo_ci", lang): [interval(r.placebo_low, r.placebo_high) for r in table.itertuples()],
        }
    )


def balance_in_words(balance: pd.DataFrame, registry: Registry, lang: str) -> pd.DataFrame:
    """The balance table (``effects.balance_table``: pre-programme means and standardised differences of the
    matching indicators) with the indicators' names and the headings in ``lang``, rounded to three decimals."""
    table = balance.assign(indicator_id=[registry[i].name.get(lang) for i in balance["indicator_id"]]).rename(
        columns={
            "indicator_id": t("indicator", lang),
            "programme_areas": t("programme_areas_column", lang),
            "matched": t("matched_column", lang),
            "all_candidates": t("all_candidates_column", lang),
            "std_diff_matched": t("std_diff_matched", lang),
            "std_diff_all": t("std_diff_all", lang),
        }
    )
    return table.round(3)
