"""Numbers, values, changes, dates, shares, periods and timestamps written for readers, per language:
Norwegian ``12 345,6`` (no-break space, decimal comma) and English ``12,345.6``; '–' for a missing value."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable

import pandas as pd

from omrademonitor.i18n import DEFAULT_LANGUAGE, NBSP, t
from omrademonitor.periods import label as period_label

MONTHS_NB = (
    "januar",
    "februar",
    "mars",
    "april",
    "mai",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "desember",
)

UNIT_SUFFIX = {
    "percent": {"nb": f"{NBSP}%", "en": "%"},
    "per_1000": {"nb": f"{NBSP}‰", "en": "‰"},
    "nok": {"nb": f"{NBSP}kr", "en": f"{NBSP}NOK"},
    "years": {"nb": f"{NBSP}år", "en": f"{NBSP}yrs"},
    "square_metres": {"nb": f"{NBSP}m²", "en": f"{NBSP}m²"},
}


def format_number(x: float | None, decimals: int = 0, lang: str = DEFAULT_LANGUAGE) -> str:
    """Norwegian: 12 345,6 (no-break space, decimal comma); English: 12,345.6. None/NaN → "–"."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    text = f"{x:,.{decimals}f}"
    if lang == "en":
        return text
    return text.replace(",", NBSP).replace(".", ",")


def spaced(number: float) -> str:
    """A whole number with spaces between thousands, as both languages' import messages write it:
    10 000 000."""
    return f"{number:,.0f}".replace(",", " ")


P_VALUE_FLOOR = 0.001  # below this a p-value is written "< 0.001" (APA style), never "0.000"


def format_p_value(p: float | None, lang: str = DEFAULT_LANGUAGE) -> str:
    """A p-value to three decimals, "< 0,001" below 0.001 (a rounded "0,000" would claim p = 0)."""
    if p is not None and not math.isnan(p) and p < P_VALUE_FLOOR:
        return "< " + format_number(P_VALUE_FLOOR, 3, lang)
    return format_number(p, 3, lang)


def p_value_text(p: float | None, lang: str = DEFAULT_LANGUAGE) -> str:
    """ "p = 0,034", or "p < 0,001"."""
    shown = format_p_value(p, lang)
    return f"p {shown}" if shown.startswith("<") else f"p = {shown}"


def format_value(x: float | None, unit: str, decimals: int, lang: str = DEFAULT_LANGUAGE) -> str:
    """A value with its unit sign: "12,3 %", "4 512", "81,2 år"."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    return format_number(x, decimals, lang) + UNIT_SUFFIX.get(unit, {}).get(lang, "")


def format_change(x: float | None, unit: str, decimals: int, lang: str = DEFAULT_LANGUAGE) -> str:
    """A signed change: "+1,2 %-poeng" for percentages, "−3" for counts."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    sign = "+" if x > 0 else ""
    body = sign + format_number(x, decimals, lang)
    if unit == "percent":
        return body + (f"{NBSP}%-poeng" if lang == "nb" else f"{NBSP}pp")
    return body + UNIT_SUFFIX.get(unit, {}).get(lang, "")


def format_date(day: dt.date, lang: str = DEFAULT_LANGUAGE) -> str:
    """Norwegian "13. desember 2022"; English "13 December 2022"."""
    if lang == "en":
        return f"{day.day} {day.strftime('%B')} {day.year}"
    return f"{day.day}. {MONTHS_NB[day.month - 1]} {day.year}"


def format_share(share: float, lang: str = DEFAULT_LANGUAGE) -> str:
    """A 0..1 share as a whole percentage: "47 %"."""
    return format_number(share * 100, 0, lang) + (f"{NBSP}%" if lang == "nb" else "%")


def status_text(status: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """What a table says about a figure's status (never why a figure is hidden: see ``disclosure``)."""
    if status == "suppressed":
        return t("suppressed", lang)
    if status == "missing":
        return t("no_data", lang)
    return t("status_provisional", lang) if status == "provisional" else ""


def period_text(indicator, lang: str) -> Callable[[int], str]:
    """How a stored period of this indicator is written for readers (the year as before, '4. kv. 2023')."""
    if indicator.annual:
        return lambda period: str(int(period))
    return lambda period: period_label(period, indicator.period_type, lang, indicator.period_span)


def timestamp_text(when) -> str:
    """A point in time as Norwegians and the English UI both read it: 01.12.2026 04:44; '–' when none."""
    return "–" if pd.isna(when) else f"{pd.Timestamp(when):%d.%m.%Y %H:%M}"
