"""Numbers, values, changes, dates, shares, periods and timestamps written for readers, per language:
Norwegian ``12 345,6`` (no-break space, decimal comma) and English ``12,345.6``; ``NO_VALUE`` ('–') for
a missing value.
The words among them (unit signs, month names, '4. kv. 2023' / 'Q4 2023') are catalogue texts."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable

import pandas as pd

from omrademonitor import labels
from omrademonitor.i18n import DEFAULT_LANGUAGE, NBSP, t
from omrademonitor.periods import DEFAULT_SPAN, PeriodType, year_and_part
from omrademonitor.vocabulary import is_missing

NO_VALUE = "–"  # what stands where there is no value: a number, a date, a table cell, an empty list


def format_number(x: float | None, decimals: int = 0, lang: str = DEFAULT_LANGUAGE) -> str:
    """Norwegian: 12 345,6 (no-break space, decimal comma); English: 12,345.6. None/NaN → ``NO_VALUE``."""
    if is_missing(x):
        return NO_VALUE
    text = f"{x:,.{decimals}f}"
    if lang == "en":
        return text
    return text.replace(",", NBSP).replace(".", ",")


def interval_text(low: float | None, high: float | None, decimals: int, lang: str = DEFAULT_LANGUAGE) -> str:
    """An interval from ``low`` to ``high``: "1,23 – 4,56" (English "1.23 – 4.56"); "–" when an end is missing."""
    if is_missing(low) or is_missing(high):
        return NO_VALUE
    return f"{format_number(low, decimals, lang)} – {format_number(high, decimals, lang)}"


def spaced(number: float) -> str:
    """A whole number with spaces between thousands, as both languages' import messages write it:
    10 000 000."""
    return f"{number:,.0f}".replace(",", " ")


P_VALUE_FLOOR = 0.001  # below this a p-value is written "< 0.001" (APA style), never "0.000"


def format_p_value(p: float | None, lang: str = DEFAULT_LANGUAGE) -> str:
    """A p-value to three decimals, "< 0,001" below 0.001 (a rounded "0,000" would claim p = 0)."""
    if not is_missing(p) and p < P_VALUE_FLOOR:
        return "< " + format_number(P_VALUE_FLOOR, 3, lang)
    return format_number(p, 3, lang)


def p_value_text(p: float | None, lang: str = DEFAULT_LANGUAGE) -> str:
    """ "p = 0,034", or "p < 0,001"."""
    shown = format_p_value(p, lang)
    return f"p {shown}" if shown.startswith("<") else f"p = {shown}"


def format_value(x: float | None, unit: str, decimals: int, lang: str = DEFAULT_LANGUAGE) -> str:
    """A value with its unit sign: "12,3 %", "4 512", "81,2 år"."""
    if is_missing(x):
        return NO_VALUE
    return _with_unit(format_number(x, decimals, lang), unit, lang)


def _with_unit(number: str, unit: str, lang: str) -> str:
    """A number written for readers, with the sign of its unit (the number alone for a unit without one)."""
    before, after = _unit_sign(unit, lang)
    return before + number + after


@functools.cache
def _unit_sign(unit: str, lang: str) -> tuple[str, str]:
    """What a unit's catalogue pattern ("{number} %") writes before and after the number, read once:
    a table formats thousands of values."""
    key = labels.UNIT_VALUE_LABEL_KEYS.get(unit)
    return _around_number(t(key, lang)) if key else ("", "")


@functools.cache
def _points_sign(lang: str) -> tuple[str, str]:
    return _around_number(t("change_percentage_points", lang))


def _around_number(pattern: str) -> tuple[str, str]:
    before, _, after = pattern.partition("{number}")
    return before, after


def format_change(x: float | None, unit: str, decimals: int, lang: str = DEFAULT_LANGUAGE) -> str:
    """A signed change: "+1,2 %-poeng" for percentages, "−3" for counts."""
    if is_missing(x):
        return NO_VALUE
    sign = "+" if x > 0 else ""
    body = sign + format_number(x, decimals, lang)
    if unit == "percent":
        before, after = _points_sign(lang)
        return before + body + after
    return _with_unit(body, unit, lang)


def format_date(day: dt.date, lang: str = DEFAULT_LANGUAGE) -> str:
    """Norwegian "13. desember 2022"; English "13 December 2022"."""
    month = t(labels.MONTH_LABEL_KEYS[day.month], lang)
    return t("date_long", lang, day=day.day, month=month, year=day.year)


def format_share(share: float, lang: str = DEFAULT_LANGUAGE) -> str:
    """A 0..1 share as a whole percentage: "47 %"."""
    return _with_unit(format_number(share * 100, 0, lang), "percent", lang)


def status_text(status: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """The note a public table writes beside a figure about its status: 'Foreløpig tall', 'Skjermet',
    'Mangler data', nothing for a final figure (``labels.FIGURE_NOTE_LABEL_KEYS``; the import preview
    names every status, 'Endelig' too, with ``labels.OBSERVATION_STATUS_LABEL_KEYS``). Never why a
    figure is hidden (see ``disclosure``)."""
    key = labels.FIGURE_NOTE_LABEL_KEYS.get(status)
    return t(key, lang) if key else ""


def no_figure_text(status: str | None, lang: str = DEFAULT_LANGUAGE, alone: bool = False) -> str:
    """What stands in place of a figure without a value: the one place that decides it.

    - A hidden figure (status 'suppressed') says so, 'Skjermet', wherever it stands: a reader must not
      take it for a gap in the data.
    - A missing figure is ``NO_VALUE`` ('–') in a table cell (``tables.series_table``), the mark among
      numbers under a heading; where it stands ``alone`` (a headline card, ``texts.headline_cell``) a dash
      would read as a fault, so it says 'Mangler data'.

    Both differences are deliberate. A table with a status column (``tables.map_table``) writes its
    number cells with ``format_value`` (``NO_VALUE``) and the words in that column (``status_text``)."""
    if status == "suppressed":
        return status_text("suppressed", lang)
    return status_text("missing", lang) if alone else NO_VALUE


@functools.cache  # a quarterly table names the same few periods thousands of times
def period_label(period: int, kind: PeriodType, lang: str = DEFAULT_LANGUAGE, span: int = DEFAULT_SPAN) -> str:
    """How a stored period is written for readers: '2023', '2019–2021', '4. kv. 2023' / 'Q4 2023',
    '1. halvår 2023' / 'H1 2023', 'des. 2023' / 'Dec 2023' (SSB's codes, '2023K4', are ``periods.code``)."""
    period = int(period)
    if kind == PeriodType.MULTI_YEAR:
        return f"{period - span + 1}–{period}"
    year, part = year_and_part(period, kind)  # (period, 0) for a year
    if kind == PeriodType.MONTH:
        return t("period_month", lang, month=t(labels.MONTH_SHORT_LABEL_KEYS[part], lang), year=year)
    if kind == PeriodType.QUARTER:
        return t("period_quarter", lang, part=part, year=year)
    if kind == PeriodType.HALF_YEAR:
        return t("period_half_year", lang, part=part, year=year)
    return str(period)


def period_text(indicator, lang: str) -> Callable[[int], str]:
    """How a stored period of this indicator is written for readers (the year as before, '4. kv. 2023')."""
    if indicator.annual:
        return lambda period: str(int(period))
    return lambda period: period_label(period, indicator.period_type, lang, indicator.period_span)


def timestamp_text(when) -> str:
    """A point in time as Norwegians and the English UI both read it: 01.12.2026 04:44; ``NO_VALUE`` when none."""
    return NO_VALUE if is_missing(when) else f"{pd.Timestamp(when):%d.%m.%Y %H:%M}"
