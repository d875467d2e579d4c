"""Numbers joined with words take the form the number calls for, in both languages ("1 sekund", not
"1 sekunder"; "1 problem", not "1 problem(s)")."""

from __future__ import annotations

import re
import string

import numpy as np
import pytest

from omrademonitor.i18n import LANGUAGES, STRINGS, t
from omrademonitor.plurals import PluralError, fill, is_one

# Counted nouns in their plural form: written right after a bare placeholder, they read "1 rader".
PLURAL_NOUNS = (
    "sekunder|seconds|rader|rows|radene|problemer|problems|problem\\(s\\)|sider|pages|filer|files|områder|areas|"
    "tilfeller|cases|kolonner|columns|grenser|boundaries|flater|features|formelceller|oppføringer|entries|"
    "kategorier|categories|spørringer|queries|ganger|times|programområde\\(r\\)|area\\(s\\)|kind\\(s\\)"
)
BARE_COUNT = re.compile(r"\{[a-z_]+\} (" + PLURAL_NOUNS + r")\b")


@pytest.mark.parametrize(
    ("key", "values", "nb", "en"),
    [
        ("sql_stopped_time", {"limit": 1}, "tidsgrensen på 1 sekund.", "time limit of 1 second."),
        ("sql_stopped_time", {"limit": 30}, "tidsgrensen på 30 sekunder.", "time limit of 30 seconds."),
        ("sql_rows", {"rows": 1, "seconds": "0,4"}, "1 rad på 0,4 s.", "1 row in 0,4 s."),
        ("sql_rows", {"rows": "1\u00a0234", "seconds": "2"}, "1\u00a0234 rader på 2 s.", "1\u00a0234 rows in 2 s."),
        ("problems_listed", {"problems": 1}, "1 problem funnet.", "1 problem found."),
        ("problems_listed", {"problems": 2}, "2 problemer funnet.", "2 problems found."),
        ("report_made", {"id": 7, "pages": 1}, "Rapport 7 laget: 1 side.", "Report 7 made: 1 page."),
        ("import_zip_too_many_members", {"count": 0, "limit": 9}, "arkivet har 0 filer;", "the archive holds 0 files;"),
        ("few_treated_note", {"treated": 1, "draws": 59}, "Med bare 1 programområde er", "With only 1 programme area,"),
    ],
)
def test_counts_take_the_number_they_need(key, values, nb, en):
    assert nb in t(key, "nb", **values)
    assert en in t(key, "en", **values)


def test_no_catalogue_text_joins_a_bare_count_to_a_plural_noun():
    # Before: "stoppes etter {seconds} sekunder" (→ "1 sekunder"), "{count} problem(s) found", and others.
    found = [(key, lang) for key, text in STRINGS.items() for lang in LANGUAGES if BARE_COUNT.search(text[lang])]
    assert found == []


def test_every_plural_text_reads_in_both_numbers_and_languages():
    for key, text in STRINGS.items():
        for lang in LANGUAGES:
            fields = {name: spec for _, name, spec, _ in string.Formatter().parse(text[lang]) if name}
            if not any("|" in (spec or "") for spec in fields.values()):
                continue
            for number in (1, 3):
                filled = t(key, lang, **dict.fromkeys(fields, number))
                assert "|" not in filled and "#" not in filled, (key, lang, filled)


@pytest.mark.parametrize(
    ("value", "one"),
    [
        *[(1, True), (1.0, True), (np.int64(1), True), ("1", True), ("1,0", True), ("1.00", True)],
        *[(0, False), (2, False), (1.5, False), ("1,5", False), ("1\u00a0234", False), ("1,000", False)],
        *[(np.int64(11), False), (-1, False)],
    ],
)
def test_one_is_exactly_one(value, one):
    assert is_one(value) is one


@pytest.mark.parametrize("value", ["–", "", "many", None, True, float("nan")])
def test_anything_but_a_number_takes_the_other_form(value):
    assert fill("{n:# rad|# rader}", n=value) == f"{value} rader"


def test_ordinary_format_specs_still_work():
    assert fill("{x:.1f} {y}", x=1.25, y="a") == "1.2 a"
    with pytest.raises(PluralError):
        fill("{n:rad|rader}", n=2)  # the other form must show the number
