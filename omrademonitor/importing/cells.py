"""Reading single cells: numbers in Norwegian and English notation, and SSB's special symbols."""

from __future__ import annotations

import math
import re

# SSB's symbols for figures that are not given. ':' is hidden for confidentiality; the others are
# missing for other reasons. SSB's '-' means "nil", but a dash is also a common placeholder in
# municipal spreadsheets, so it is stored as missing, never as zero.
SSB_SUPPRESSED = {":"}
SSB_MISSING = {".", "..", "...", "-", "—", "–", "x"}
SPACES = re.compile(r"[\s\u00a0\u202f\u2009]")
# ASCII digits only: look-alike digits (fullwidth '１', Arabic-Indic '١') are not read as numbers
NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?", re.ASCII)
DECIMAL = re.compile(r"\d+[.,]\d+", re.ASCII)
YEAR = re.compile(r"(?<!\d)(19\d\d|20\d\d)(?!\d)", re.ASCII)


class NotANumber(ValueError):
    """The cell does not hold a number."""


def symbol_status(text: str | None) -> str | None:
    """'suppressed' or 'missing' for SSB symbols and empty cells, None for anything else."""
    stripped = "" if text is None else str(text).strip()
    if stripped in SSB_SUPPRESSED:
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
    a number that is not whole ('2023.7', 2023.5) is not a year."""
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
    found = YEAR.findall(str(text))
    if len(found) != 1:
        raise NotANumber(text)
    return int(found[0])
