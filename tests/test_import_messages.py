"""Figures in import problems: the core records numbers (``issues.Figure``), the messages write them
for each language (whole numbers spaced in both, decimals with the language's mark)."""

from __future__ import annotations

from omrademonitor.importing.issues import Figure, Issue
from omrademonitor.presentation.import_messages import issue_reason, written_figure


def test_whole_numbers_are_spaced_in_both_languages_and_decimals_take_the_languages_mark():
    assert [written_figure(Figure(10_000_000), lang) for lang in ("nb", "en")] == ["10 000 000", "10 000 000"]
    assert written_figure(Figure(1_234.5), "nb") == "1 234,5"
    assert written_figure(Figure(-1_234.25), "en") == "-1 234.25"
    assert written_figure(Figure(2_000, at_least=True), "en") == "≥ 2 000"


def test_a_sum_that_differs_from_its_total_is_written_in_the_readers_language():
    params = {"sum": Figure(12.5), "total": Figure(12_000), "total_row": 7, "period": 2023, "area": "5001"}
    issue = Issue("a.csv", "sum_differs_from_total", row=9, column="antall", value="12,5", params=params)
    nb, en = issue_reason(issue, "nb"), issue_reason(issue, "en")
    assert "12,5" in nb and "12 000" in nb and "12.5" not in nb  # before: "12.5" in Norwegian too
    assert "12.5" in en and "12 000" in en


def test_a_file_wider_than_the_limit_says_at_least_how_wide():
    issue = Issue(
        "wide.csv", "too_many_columns", row=1, params={"found": Figure(2_000, at_least=True), "limit": Figure(1_000)}
    )
    assert "≥ 2 000" in issue_reason(issue, "en") and "1 000" in issue_reason(issue, "en")
