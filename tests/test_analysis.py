"""Direction-aware assessment against the city and the baseline, with worked examples."""

import pandas as pd
import pytest

from omrademonitor.analysis import Assessment, assess, headline_rows
from omrademonitor.indicator_registry import Direction


@pytest.mark.parametrize(
    ("value", "reference", "direction", "ci", "expected"),
    [
        (20.0, 10.0, Direction.LOWER, None, Assessment.WORSE),
        (8.0, 10.0, Direction.LOWER, None, Assessment.BETTER),
        (20.0, 10.0, Direction.HIGHER, None, Assessment.BETTER),
        (8.0, 10.0, Direction.HIGHER, None, Assessment.WORSE),
        (10.4, 10.0, Direction.LOWER, None, Assessment.SIMILAR),  # within 5 %
        (10.6, 10.0, Direction.LOWER, None, Assessment.WORSE),  # beyond 5 %
        (13.0, 10.0, Direction.LOWER, (9.0, 17.0), Assessment.SIMILAR),  # interval covers the city
        (10.2, 10.0, Direction.LOWER, (10.1, 10.3), Assessment.WORSE),  # narrow interval above the city
        (13.0, 10.0, Direction.NONE, None, Assessment.NO_DIRECTION),
        (None, 10.0, Direction.LOWER, None, Assessment.NOT_ASSESSED),
        (float("nan"), 10.0, Direction.LOWER, None, Assessment.NOT_ASSESSED),
        (0.0, 0.0, Direction.LOWER, None, Assessment.SIMILAR),
    ],
)
def test_assess(value, reference, direction, ci, expected):
    assert assess(value, reference, direction, ci) == expected


def test_headline_rows_worked_example(registry):
    indicator = registry["persistent_low_income"]  # lower is better, baseline 2021
    obs = pd.DataFrame(
        {
            "indicator_id": indicator.id,
            "area_code": ["L", "L", "L", "C", "C", "C"],
            "period": [2021, 2024, 2025, 2021, 2024, 2025],
            "value": [30.0, 26.0, None, 10.0, 10.5, 10.4],  # L's 2025 figure is hidden
            "ci_lower": None,
            "ci_upper": None,
            "status": ["final", "final", "suppressed", "final", "final", "final"],
        }
    )
    rows = headline_rows(obs, indicator, ["L"], "C").set_index("area_code")
    lademoen = rows.loc["L"]
    assert (lademoen["latest_period"], lademoen["latest_value"], lademoen["baseline_value"]) == (2024, 26.0, 30.0)
    assert lademoen["change"] == pytest.approx(-4.0)
    assert lademoen["change_assessment"] == Assessment.BETTER
    assert lademoen["reference_value"] == 10.5  # the city in the same year, not the city's latest
    assert lademoen["vs_reference"] == Assessment.WORSE
    assert rows.loc["C", "vs_reference"] == Assessment.NOT_ASSESSED
    assert lademoen["latest_state"] == "shown"


def test_headline_rows_say_why_a_figure_is_absent(registry):
    indicator = registry["persistent_low_income"]
    obs = pd.DataFrame(
        {
            "indicator_id": indicator.id,
            "area_code": ["L", "C"],
            "period": [2025, 2025],
            "value": [None, 10.0],
            "ci_lower": None,
            "ci_upper": None,
            "status": ["suppressed", "final"],
        }
    )
    rows = headline_rows(obs, indicator, ["L", "T"], "C").set_index("area_code")
    assert rows.loc["L", "latest_state"] == "suppressed" and rows.loc["T", "latest_state"] == "no_data"
    assert rows.loc["L", "vs_reference"] == Assessment.NOT_ASSESSED


def test_counts_are_not_compared_with_the_city(registry):
    indicator = registry["start_loan_rent_to_own_households"]
    obs = pd.DataFrame(
        {
            "indicator_id": indicator.id,
            "area_code": ["L", "C"],
            "period": [2024, 2024],
            "value": [12.0, 300.0],
            "ci_lower": None,
            "ci_upper": None,
            "status": "final",
        }
    )
    rows = headline_rows(obs, indicator, ["L"], "C").set_index("area_code")
    assert rows.loc["L", "vs_reference"] == Assessment.NOT_COMPARABLE
