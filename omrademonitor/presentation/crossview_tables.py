"""The tables of the views across programmes, in words: the network table (municipalities side by side
with their counties and the country) and the ministry's overview and status per focus area.

The numbers, codes and choices (which rows, which year, which indicators have figures) come from
``crossviews``; here they get translated column headings, the level's name, the measures' statuses in
words and the period and latest report as text. The network chart is ``charts.network_chart``.
"""

from __future__ import annotations

import pandas as pd

from omrademonitor import crossviews, labels
from omrademonitor.crossviews import CrossInputs
from omrademonitor.i18n import t


def _indicator_names(data: CrossInputs, lang: str) -> dict[str, str]:
    return dict(zip(data.indicators["id"], data.indicators[f"name_{lang}"], strict=True))


def _measures_text(counts: dict[str, int], demo: bool, lang: str) -> str:
    """ "Done 2, Not done 1" (and the demonstration mark), or that no measures are registered."""
    if not counts:
        return t("ministry_no_measures", lang)
    parts = [f"{t(labels.MEASURE_STATUS_LABEL_KEYS[status], lang)} {n}" for status, n in counts.items()]
    return ", ".join(parts) + (t("ministry_demo_suffix", lang) if demo else "")


def network_table(data: CrossInputs, codes: list[str], indicator_ids: list[str], lang: str) -> pd.DataFrame:
    """One row per chosen municipality, then each county they lie in and the country, named and of a
    kind (municipality, or county and country as comparison rows); each indicator's figure in its
    comparison year, named in the column heading with demonstration figures marked there; empty where
    no figure exists (``crossviews.network_figures``)."""
    frame, columns = crossviews.network_figures(data, codes, indicator_ids)
    kinds = [
        t(labels.NETWORK_KIND_LABEL_KEYS.get(level, "network_kind_municipality"), lang) for level in frame["level"]
    ]
    table = pd.DataFrame(
        {
            t("area", lang): frame["name"].tolist(),
            t("network_col_code", lang): frame["code"].tolist(),
            t("level", lang): kinds,
        }
    )
    names = _indicator_names(data, lang)
    for column in columns:
        label = f"{names.get(column.indicator_id, column.indicator_id)} {column.year}"
        if column.demo:
            label += t("ministry_demo_suffix", lang)
        table[label] = frame[column.indicator_id].to_numpy()
    return table


def ministry_overview(data: CrossInputs, lang: str) -> pd.DataFrame:
    """One row per programme in the store: name, municipality, period, focus areas, measures by status,
    latest report, and its ``id`` (``crossviews.programme_rows``)."""
    rows = []
    for row in crossviews.programme_rows(data):
        latest = (
            t("ministry_report_line", lang, date=row.report_date, id=row.report_id)
            if row.report_id is not None
            else t("ministry_no_report", lang)
        )
        rows.append(
            {
                t("choose_programme", lang): row.name[lang],
                t("ministry_col_municipality", lang): row.municipality,
                t("period", lang): f"{row.first_year}–{row.last_year}",
                t("focus_areas", lang): row.focus_areas,
                t("ministry_col_measures", lang): _measures_text(row.measures, row.measures_demo, lang),
                t("ministry_col_report", lang): latest,
                "id": row.id,
            }
        )
    return pd.DataFrame(rows)


def focus_area_status(data: CrossInputs, programme_id: str, lang: str) -> pd.DataFrame:
    """Per focus area of one programme: measures by status, indicators with published figures for
    the programme's areas, and the indicators its source names without data in the store
    (``crossviews.focus_area_rows``)."""
    names = _indicator_names(data, lang)
    rows = []
    for row in crossviews.focus_area_rows(data, programme_id):
        covered = [names.get(i, i) for i in row.with_data]
        missing = [name[lang] for name in row.named_without_data] + [names.get(i, i) for i in row.without_data]
        rows.append(
            {
                t("focus_area", lang): f"{row.number}. {row.name[lang]}".strip(". "),
                t("ministry_col_measures", lang): _measures_text(row.measures, row.measures_demo, lang),
                t("ministry_col_with_data", lang): ", ".join(covered) if covered else t("ministry_no_indicators", lang),
                t("ministry_col_no_data_yet", lang): "; ".join(missing),
            }
        )
    return pd.DataFrame(rows)
