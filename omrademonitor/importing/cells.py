"""Reading single cells: numbers in Norwegian and English notation, and SSB's special symbols."""

from __future__ import annotations

import math
import re

# SSB's symbols for figures that are not given. ':' is hidden for confidentiality; the others are
# missing for other reasons. SSB's '-' means "nil", but a dash is also a common placeholder in
# municipal spreadsheets, so it is stored as missing, never as zero.
SSB_SUPPRESSED = {":"}
SSB_MISSING = {".", "..", "...", "-", "—", "–", "x"}
# Municipal sheets mark hidden small figures in words, with a star, or as "fewer than n" ('<5').
MUNICIPAL_SUPPRESSED = {"*", "**", "skjermet", "prikket", "anonymisert", "skjult", "unntatt", "suppressed"}
FEWER_THAN = re.compile(r"<\s*\d+", re.ASCII)
SPACES = re.compile(r"[\s\u00a0\u202f\u2009]")
# ASCII digits only: look-alike digits (fullwidth '１', Arabic-Indic '١') are not read as numbers
NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?", re.ASCII)
DECIMAL = re.compile(r"\d+[.,]\d+", re.ASCII)
YEAR = re.compile(r"(?<!\d)(19\d\d|20\d\d)(?!\d)", re.ASCII)


# SSB's period codes other than the year: quarter 2023K4, month 2023M12, half-year 2023H1, week
# 2023U05, and periods of several years 2019-2021. The monitor stores years only (a schema change
# would be needed for the others), so these are refused by name, never read as the year in them.
PERIOD_TYPES = (
    ("quarter", re.compile(r"(?<!\d)(19|20)\d\dK[1-4](?![0-9])", re.ASCII)),
    ("month", re.compile(r"(?<!\d)(19|20)\d\dM(0?[1-9]|1[0-2])(?![0-9])", re.ASCII)),
    ("half_year", re.compile(r"(?<!\d)(19|20)\d\dH[12](?![0-9])", re.ASCII)),
    ("week", re.compile(r"(?<!\d)(19|20)\d\dU\d\d(?![0-9])", re.ASCII)),
    ("multi_year", re.compile(r"(?<!\d)(19|20)\d\d\s*[-–—/]\s*(19|20)\d\d(?!\d)")),
)


class NotANumber(ValueError):
    """The cell does not hold a number."""


class NotAYear(NotANumber):
    """The cell holds a period of another type than a year (``kind``: quarter, month, …)."""

    def __init__(self, text, kind: str) -> None:
        super().__init__(text)
        self.kind = kind


def symbol_status(text: str | None) -> str | None:
    """'suppressed' for SSB's ':' and municipal marks ('Skjermet', '*', '<5'); 'missing' for SSB's
    other symbols and empty cells; None for anything else."""
    stripped = "" if text is None else str(text).strip()
    if stripped in SSB_SUPPRESSED or stripped.lower() in MUNICIPAL_SUPPRESSED or FEWER_THAN.fullmatch(stripped):
        return "suppressed"
    if stripped == "" or stripped in SSB_MISSING:
        return "missing"
    return None


def parse_number(text) -> float:
    """A number from '1 234,5', '1234.5', '1.234.567', '12,5 %', '-3'; NotANumber otherwise."""
    if isinstance(text, bool):
        raise NotANumber(str(text))
    if isinstance(text, int | float):
        if isinstance(text, float) and math.isnan(text):
            raise NotANumber("NaN")
        return float(text)
    cleaned = SPACES.sub("", str(text)).removesuffix("%").replace("−", "-")
    if not cleaned:
        raise NotANumber(text)
    if "," in cleaned and "." in cleaned:
        decimal = "," if cleaned.rfind(",") > cleaned.rfind(".") else "."
        thousands = "." if decimal == "," else ","
        cleaned = cleaned.replace(thousands, "").replace(decimal, ".")
    elif "," in cleaned:
        if cleaned.count(",") > 1:
            raise NotANumber(text)
        cleaned = cleaned.replace(",", ".")
    elif cleaned.count(".") > 1:
        cleaned = cleaned.replace(".", "")
    if not NUMBER.fullmatch(cleaned):
        raise NotANumber(text)
    return float(cleaned)


def parse_period(text) -> int:
    """A year from '2023', 2023, '2023.0' or a label with one year in it ('Persons 2023');
    a number that is not whole ('2023.7', 2023.5) is not a year, nor is a quarter, month or
    period of several years ('2023K4', '2023M12', '2019-2021': NotAYear)."""
    if isinstance(text, bool):
        raise NotANumber(str(text))
    if isinstance(text, int | float):
        if not float(text).is_integer():
            raise NotANumber(text)
        return int(text)
    stripped = str(text).strip()
    if len(stripped) == 4 and stripped.isascii() and stripped.isdigit() and stripped[:2] in ("19", "20"):
        return int(stripped)
    stripped = SPACES.sub("", stripped)
    if DECIMAL.fullmatch(stripped):
        number = float(stripped.replace(",", "."))
        if not number.is_integer():
            raise NotANumber(text)
        return int(number)
    kind = period_type(str(text))
    if kind is not None:
        raise NotAYear(text, kind)
    found = YEAR.findall(str(text))
    if len(found) != 1:
        raise NotANumber(text)
    return int(found[0])


def period_type(text: str) -> str | None:
    """The kind of an SSB period code other than a year ('quarter', 'month', …), or None."""
    return next((kind for kind, pattern in PERIOD_TYPES if pattern.search(text)), None)
