"""The import page's tables as people read them: the preview of the rows to be imported and the
validation report, with headings and values in the user's language and '–' where a cell is empty."""

from __future__ import annotations

import pandas as pd

from omrademonitor import labels
from omrademonitor.i18n import t
from omrademonitor.indicator_registry import Registry
from omrademonitor.presentation.formatting import NO_VALUE, format_number
from omrademonitor.schema import NUMBER_COLUMNS
from omrademonitor.vocabulary import is_missing

# column of a prepared import → its heading: a field's heading where the column holds that field
PREVIEW_COLUMNS = {
    "indicator_id": "indicator",  # the indicator's name, not the field's 'Indikatorkolonne'
    "area_code": labels.IMPORT_FIELD_LABEL_KEYS["area"],
    **{field: labels.IMPORT_FIELD_LABEL_KEYS[field] for field in ("period", *NUMBER_COLUMNS, "status")},
    "row": "preview_row",
}
# the columns of an import's validation report, in order (import_messages.problem_report makes it)
REPORT_COLUMNS = ["file", "sheet", "row", "column", "value", "reason"]


def _number(x, lang: str) -> str:
    """A figure as written in the file (no rounding), in the user's number format; '–' when none."""
    if is_missing(x):
        return NO_VALUE
    x = float(x)
    if x.is_integer():
        return format_number(x, 0, lang)
    decimals = min(len(repr(x).split(".")[1]), 6) if "e" not in repr(x) else 6
    return format_number(x, decimals, lang)


def _text(x) -> str:
    """A cell as text: whole numbers without '.0', '–' when empty."""
    if is_missing(x) or x == "":
        return NO_VALUE
    return str(int(x)) if isinstance(x, float) and x.is_integer() else str(x)


def preview_table(observations: pd.DataFrame, registry: Registry, lang: str) -> pd.DataFrame:
    """The rows ready to import: indicator names, figures in the user's number format, statuses in words."""
    present = [c for c in PREVIEW_COLUMNS if c in observations.columns]
    shown = observations[present].copy()
    if "indicator_id" in shown:
        shown["indicator_id"] = shown["indicator_id"].map(
            lambda i: registry[i].name.get(lang) if i in registry else _text(i)
        )
    for column in NUMBER_COLUMNS:
        if column in shown:
            shown[column] = shown[column].map(lambda x: _number(x, lang))
    if "status" in shown:
        shown["status"] = shown["status"].map(
            lambda s: t(labels.OBSERVATION_STATUS_LABEL_KEYS[s], lang) if not is_missing(s) and s else NO_VALUE
        )
    for column in ("area_code", "period", "row"):
        if column in shown:
            shown[column] = shown[column].map(_text)
    return shown.rename(columns={c: t(PREVIEW_COLUMNS[c], lang) for c in present})


def report_table(report: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The validation report with headings in the user's language and '–' in empty cells."""
    shown = report[list(REPORT_COLUMNS)].map(_text)
    return shown.rename(columns={c: t(labels.IMPORT_REPORT_COLUMN_LABEL_KEYS[c], lang) for c in REPORT_COLUMNS})
