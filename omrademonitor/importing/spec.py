"""What the columns of a file mean: the mapping from columns to observation fields.

``guess_spec`` proposes a mapping from the column names; the import page lets the user change it
and the command line takes it from options.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

import pandas as pd

from omrademonitor.importing.readers import STATUS_SUFFIX

FIELDS = ("indicator", "area", "period", "value", "numerator", "denominator", "ci_lower", "ci_upper", "status", "unit")
NAME_HINTS = {
    "indicator": ("indicator", "indikator", "indicator_id"),
    "area": (
        "area",
        "area_code",
        "område",
        "omrade",
        "region",
        "kode",
        "code",
        "bydel",
        "levekårssone",
        "levekarssone",
        "grunnkrets",
        "kommune",
        "sone",
    ),
    "period": ("period", "periode", "year", "år", "aar", "ar", "tid", "time", "aargang", "årgang"),
    "value": ("value", "verdi", "andel", "share", "rate", "persons", "personer", "antall", "count"),
    "numerator": ("numerator", "teller"),
    "denominator": ("denominator", "nevner"),
    "ci_lower": ("ci_lower", "nedre", "lower"),
    "ci_upper": ("ci_upper", "øvre", "ovre", "upper"),
    "status": ("status", "flagg", "flag"),
    "unit": ("unit", "enhet", "måleenhet"),
}


@dataclass(frozen=True)
class ImportSpec:
    """How to turn a table into observations. Column fields name a column of the file (or None).

    ``indicator_id`` fixes the indicator for every row when the file has no indicator column.
    ``filters`` keeps only rows whose column equals the given text (e.g. ``{"sex": "total"}``);
    ``exclude`` leaves out rows whose column holds one of the given texts (e.g. ``{"sex": ("total",)}``).
    ``sum_rows`` adds up rows that share indicator, area and period (counts split by, say, age).
    ``skip_unknown_areas`` leaves out rows for areas the monitor does not know (other cities),
    counting them as skipped instead of refusing them. ``area_level`` is the level an area given by
    name is looked up at (needed when a name is used at two levels, as Midtbyen is).
    """

    indicator_id: str | None = None
    columns: dict[str, str | None] = field(default_factory=dict)
    sheet: str | None = None
    header_row: int | None = None
    filters: dict[str, str] = field(default_factory=dict)
    exclude: dict[str, tuple[str, ...]] = field(default_factory=dict)
    sum_rows: bool = False
    skip_unknown_areas: bool = False
    area_level: str | None = None
    source: str = ""

    def column(self, name: str) -> str | None:
        """The file column mapped to observation field ``name``."""
        return self.columns.get(name)

    def with_columns(self, **columns: str | None) -> ImportSpec:
        """A copy with some column mappings changed."""
        return replace(self, columns={**self.columns, **columns})


def _normal(name: str) -> str:
    return re.sub(r"[^a-zæøå0-9_]", "", str(name).lower())


def year_columns(frame: pd.DataFrame) -> list[str]:
    """Columns whose name carries a year (a table laid out wide by period, like 'Persons 2023')."""
    return [
        c
        for c in frame.columns
        if re.search(r"(?<!\d)(19|20)\d\d(?!\d)", str(c)) and not str(c).endswith(STATUS_SUFFIX)
    ]


def guess_spec(frame: pd.DataFrame, indicator_id: str | None = None, **options) -> ImportSpec:
    """A first mapping from the column names; fields with no likely column stay unmapped."""
    columns: dict[str, str | None] = {}
    taken: set[str] = set()
    normalised = {c: _normal(c) for c in frame.columns if not str(c).endswith(STATUS_SUFFIX)}
    for field_name in FIELDS:
        hints = NAME_HINTS[field_name]
        match = next((c for c, n in normalised.items() if c not in taken and n in hints), None)
        match = match or next(
            (c for c, n in normalised.items() if c not in taken and any(n.startswith(h) for h in hints)), None
        )
        if match is not None:
            columns[field_name] = match
            taken.add(match)
    if columns.get("period") is None and year_columns(frame):
        columns.pop("value", None)  # the years are the value columns
    elif columns.get("value") is None:
        rest = [c for c in normalised if c not in taken]
        if len(rest) == 1:
            columns["value"] = rest[0]
    if indicator_id is not None:
        columns.pop("indicator", None)
    return ImportSpec(indicator_id=indicator_id, columns=columns, **options)


def parse_filters(text: str) -> dict[str, str]:
    """Filters written one per line as ``column=value``; blank lines and exclusions are ignored."""
    pairs = [line.split("=", 1) for line in text.splitlines() if "=" in line and "!=" not in line]
    return {column.strip(): value.strip() for column, value in pairs if column.strip()}


def parse_exclusions(text: str) -> dict[str, tuple[str, ...]]:
    """Rows to leave out, written one per line as ``column!=value`` (a column may have several)."""
    out: dict[str, tuple[str, ...]] = {}
    for line in text.splitlines():
        if "!=" in line:
            column, value = (part.strip() for part in line.split("!=", 1))
            if column:
                out[column] = (*out.get(column, ()), value)
    return out
