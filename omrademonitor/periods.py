"""SSB's period types, stored as what they are.

Every observation keeps two things about its period (schema v11):

- ``period`` (INTEGER), the *sortable reference*: for an annual indicator it is the year, exactly
  as before, so every year-based view and query keeps working unchanged. For the other types it
  is an ordinal that sorts like the periods and is unique within the indicator (an indicator
  declares one period type):

  ============  ==============  =================  ==================
  period type   SSB code        ``period``         label (nb / en)
  ============  ==============  =================  ==================
  year          ``2023``        2023               2023 / 2023
  multi_year    ``2019-2021``   2021 (end year)    2019–2021
  half_year     ``2023H1``      20231              1. halvår 2023 / H1 2023
  quarter       ``2023K4``      20234              4. kv. 2023 / Q4 2023
  month         ``2023M12``     202312             des. 2023 / Dec 2023
  ============  ==============  =================  ==================

- ``period_code`` (VARCHAR): SSB's own code, as above.

The labels are how ``presentation.formatting.period_label`` writes a period for readers; this module
keeps the codes and numbers only.

A multi-year indicator declares how many years its periods span (``period_years``, 3 by default),
so its end year alone names the period and two spans never meet in one series.
"""

from __future__ import annotations

import re
from enum import StrEnum


class PeriodType(StrEnum):
    """The kind of period an indicator's figures are given for (SSB's period codes)."""

    YEAR = "year"
    MULTI_YEAR = "multi_year"
    HALF_YEAR = "half_year"
    QUARTER = "quarter"
    MONTH = "month"


DEFAULT_SPAN = 3
_YEAR = r"(19\d\d|20\d\d)"
PATTERNS: dict[PeriodType, re.Pattern] = {
    PeriodType.YEAR: re.compile(rf"{_YEAR}", re.ASCII),
    PeriodType.MULTI_YEAR: re.compile(rf"{_YEAR}\s*[-–—/]\s*{_YEAR}", re.ASCII),
    PeriodType.HALF_YEAR: re.compile(rf"{_YEAR}H([12])", re.ASCII),
    PeriodType.QUARTER: re.compile(rf"{_YEAR}K([1-4])", re.ASCII),
    PeriodType.MONTH: re.compile(rf"{_YEAR}M(0?[1-9]|1[0-2])", re.ASCII),
}


class PeriodMismatch(ValueError):
    """The text is a period, but not of the type the indicator declares (``found`` may be None
    when it is no SSB period code at all)."""

    def __init__(self, text: str, expected: PeriodType, found: str | None) -> None:
        super().__init__(f"{text!r} is not a {expected.value} period (found: {found or 'no period'})")
        self.text, self.expected, self.found = text, expected, found


def kind_of(text: str) -> PeriodType | None:
    """The type of an SSB period code written out whole ('2023K4' → quarter), or None."""
    stripped = str(text).strip()
    for kind in (PeriodType.MULTI_YEAR, PeriodType.HALF_YEAR, PeriodType.QUARTER, PeriodType.MONTH, PeriodType.YEAR):
        if PATTERNS[kind].fullmatch(stripped):
            return kind
    return None


def parse(text, kind: PeriodType, span: int = DEFAULT_SPAN) -> int:
    """The sortable reference of an SSB period code of type ``kind``; PeriodMismatch otherwise.

    A multi-year period must span ``span`` years ('2019-2021' spans 3) and run forwards."""
    stripped = str(text).strip()
    match = PATTERNS[kind].fullmatch(stripped)
    if match is None:
        found = kind_of(stripped)
        raise PeriodMismatch(stripped, kind, found.value if found else None)
    year = int(match.group(1))
    if kind == PeriodType.YEAR:
        return year
    if kind == PeriodType.MULTI_YEAR:
        end = int(match.group(2))
        if end - year + 1 != span:
            raise PeriodMismatch(stripped, kind, f"{end - year + 1} years, not {span}")
        return end
    part = int(match.group(2))
    return year * 100 + part if kind == PeriodType.MONTH else year * 10 + part


def parse_cell(text, kind: PeriodType, span: int = DEFAULT_SPAN, header: bool = False) -> int:
    """``parse`` for a cell, or for a column header that names its period inside a label
    ('Forventet levealder 2019-2021') when ``header``."""
    try:
        return parse(text, kind, span)
    except PeriodMismatch:
        if not header:
            raise
        found = [m.group(0) for m in re.finditer(rf"(?<![0-9]){PATTERNS[kind].pattern}(?![0-9])", str(text))]
        if len(found) != 1:
            raise
        return parse(found[0], kind, span)


def example(kind: PeriodType, span: int = DEFAULT_SPAN) -> str:
    """The type of period expected, with an SSB code of that type ('quarter (2023K4)')."""
    examples = {
        PeriodType.YEAR: "2023",
        PeriodType.MULTI_YEAR: f"{2023 - span + 1}-2023",
        PeriodType.HALF_YEAR: "2023H1",
        PeriodType.QUARTER: "2023K4",
        PeriodType.MONTH: "2023M12",
    }
    return f"{kind.value} ({examples[kind]})"


# A stored reference of a type with parts: (what a year weighs in it, how many parts a year has).
_PARTS = {PeriodType.MONTH: (100, 12), PeriodType.QUARTER: (10, 4), PeriodType.HALF_YEAR: (10, 2)}


def year_and_part(period: int, kind: PeriodType) -> tuple[int, int]:
    """A stored reference's calendar year and its part of that year: (2023, 12) for 2023M12, (2023, 4)
    for 2023K4, (2023, 1) for 2023H1; (period, 0) for a year or a multi-year period (its end year)."""
    return divmod(period, _PARTS[kind][0]) if kind in _PARTS else (period, 0)


def year_of(period: int, kind: PeriodType) -> int:
    """The calendar year a period ends in."""
    return period // _PARTS[kind][0] if kind in _PARTS else period  # works on arrays too


def code(period: int, kind: PeriodType, span: int = DEFAULT_SPAN) -> str:
    """SSB's code for a stored period ('2023K4', '2019-2021', '2023M01', '2023')."""
    period = int(period)
    if kind == PeriodType.MULTI_YEAR:
        return f"{period - span + 1}-{period}"
    year, part = year_and_part(period, kind)
    if kind == PeriodType.MONTH:
        return f"{year}M{part:02d}"
    if kind == PeriodType.QUARTER:
        return f"{year}K{part}"
    if kind == PeriodType.HALF_YEAR:
        return f"{year}H{part}"
    return str(period)


def code_sql(period: str, kind: str, span: str) -> str:
    """The same as ``code`` in DuckDB SQL, over columns (or expressions) named by the arguments."""
    return f"""CASE {kind}
        WHEN 'multi_year' THEN ({period} - {span} + 1)::VARCHAR || '-' || ({period})::VARCHAR
        WHEN 'month' THEN ({period} // 100)::VARCHAR || 'M' || lpad(({period} % 100)::VARCHAR, 2, '0')
        WHEN 'quarter' THEN ({period} // 10)::VARCHAR || 'K' || ({period} % 10)::VARCHAR
        WHEN 'half_year' THEN ({period} // 10)::VARCHAR || 'H' || ({period} % 10)::VARCHAR
        ELSE ({period})::VARCHAR END"""


def position(period: int, kind: PeriodType, span: int = DEFAULT_SPAN) -> float:
    """Where a period sits on a time axis counted in years (the year Y spans Y - 0.5 to Y + 0.5): its
    middle, so a quarter, a month or a three-year period lines up with the years it covers."""
    period = int(period)
    if kind == PeriodType.MULTI_YEAR:
        return period - (span - 1) / 2
    if kind in _PARTS:
        year, part = year_and_part(period, kind)
        return year - 0.5 + (part - 0.5) / per_year(kind)
    return float(period)


# --- time arithmetic: every place that counts periods in years or steps uses these --------------------


def per_year(kind: PeriodType) -> int:
    """How many steps a series of this type takes in a year: 12, 4, 2, or 1 (a year; a multi-year
    series steps one end year at a time)."""
    return _PARTS[kind][1] if kind in _PARTS else 1


def year_scale(kind: PeriodType) -> int:
    """What a year weighs in the stored reference (100 for a month, 10 for a quarter or half-year, 1
    otherwise): ``period - n * year_scale(kind)`` is the same part of the year ``n`` years earlier."""
    return _PARTS[kind][0] if kind in _PARTS else 1


def first_in_year(year: int, kind: PeriodType) -> int:
    """The earliest stored reference whose period ends in calendar year ``year`` (``year_of``): 2023K1
    for a quarter, 2023M01 for a month, the year itself for a year or a multi-year period (2021-2023).

    ``period >= first_in_year(Y, kind)`` is "ends in or after year Y", ``period < first_in_year(Y, kind)``
    "ends before year Y"."""
    return year * _PARTS[kind][0] + 1 if kind in _PARTS else int(year)


def ordinal(period, kind: PeriodType):
    """A count that rises by one from each period to the next (works on numpy arrays too): steps
    between two periods are differences of ordinals, never of the references themselves (20241 − 20234
    is 7, one quarter)."""
    if kind in _PARTS:
        base, count = _PARTS[kind]
        return (period // base) * count + period % base - 1
    return period


def shift(period: int, steps: int, kind: PeriodType) -> int:
    """The period ``steps`` periods after ``period`` (before it when negative)."""
    if kind in _PARTS:
        base, count = _PARTS[kind]
        year, part = divmod(int(ordinal(int(period), kind)) + int(steps), count)
        return year * base + part + 1
    return int(period) + int(steps)


def years_between(first: int, last: int, kind: PeriodType, span: int = DEFAULT_SPAN) -> float:
    """The time in years from period ``first`` to ``last``, measured between their ``position``s: a
    quarter is a quarter of a year (2022K1 → 2023K1 is 1.0, 2022K1 → 2022K4 is 0.75)."""
    return position(last, kind, span) - position(first, kind, span)
