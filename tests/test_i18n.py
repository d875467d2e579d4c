"""Norwegian and English text and number formats."""

import datetime as dt
import re

import pytest

from omrademonitor import PROJECT_ROOT
from omrademonitor.i18n import NBSP, STRINGS, t
from omrademonitor.presentation.formatting import (
    format_change,
    format_date,
    format_number,
    format_p_value,
    format_value,
    interval_text,
    p_value_text,
)


@pytest.mark.parametrize(
    ("x", "decimals", "lang", "expected"),
    [
        (12345.678, 1, "nb", f"12{NBSP}345,7"),
        (12345.678, 1, "en", "12,345.7"),
        (-0.25, 2, "nb", "-0,25"),
        (1234567, 0, "nb", f"1{NBSP}234{NBSP}567"),
        (None, 1, "nb", "–"),
        (float("nan"), 1, "en", "–"),
    ],
)
def test_format_number(x, decimals, lang, expected):
    assert format_number(x, decimals, lang) == expected


@pytest.mark.parametrize(
    ("p", "lang", "expected"),
    [
        (0.0340, "nb", "p = 0,034"),
        (0.0485, "en", "p = 0.049"),  # three decimals
        (0.001, "en", "p = 0.001"),
        (0.00049, "en", "p < 0.001"),  # not "p = 0.000": a p-value is never 0
        (0.0, "nb", "p < 0,001"),
        (None, "nb", "p = –"),
    ],
)
def test_p_values_are_never_written_as_zero(p, lang, expected):
    assert p_value_text(p, lang) == expected
    assert format_p_value(p, lang) == expected.removeprefix("p = ").removeprefix("p ")


def test_units_and_changes():
    assert format_value(12.34, "percent", 1, "nb") == f"12,3{NBSP}%"
    assert format_value(81.0, "years", 1, "nb") == f"81,0{NBSP}år"
    assert format_change(1.25, "percent", 1, "nb") == f"+1,2{NBSP}%-poeng"  # round half to even
    assert format_change(-3, "count", 0, "en") == "-3"


def test_an_interval_is_written_in_one_place():
    assert interval_text(-1.234, 0.5, 2, "nb") == "-1,23 – 0,50"
    assert interval_text(-1.234, 0.5, 2, "en") == "-1.23 – 0.50"
    assert interval_text(float("nan"), 0.5, 2, "nb") == interval_text(1.0, None, 2, "en") == "–"
    built = re.compile(r"format_number\([^\n]*\)\} – \{format_number\(")  # "a – b" written by hand
    elsewhere = [
        str(path.relative_to(PROJECT_ROOT))
        for folder in ("omrademonitor", "ui", "pages")
        for path in sorted((PROJECT_ROOT / folder).rglob("*.py"))
        if path.name != "formatting.py" and built.search(path.read_text(encoding="utf-8"))
    ]
    assert elsewhere == [], "use formatting.interval_text"


def test_dates():
    assert format_date(dt.date(2022, 12, 13), "nb") == "13. desember 2022"
    assert format_date(dt.date(2022, 12, 13), "en") == "13 December 2022"


def test_every_text_exists_in_both_languages():
    for key, texts in STRINGS.items():
        assert set(texts) == {"nb", "en"}, key
        assert all(texts.values()), key
    assert t("nav_map", "en") == "Map" and t("nav_map") == "Kart"
