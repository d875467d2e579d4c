"""Progress status against the published method (Open SDG's Progress Measurement Methodology, as
implemented in sdg-build's ``ProgressMeasure.SeriesProgress``), case by case.

Every expected value was worked out by hand from sdg-build's code: ``growth_calculation``,
``methodology_1`` (P = sign·d·CAGR), ``methodology_2`` (P = sign·d·CAGR/|CAGR_required|),
``get_progress_thresholds`` (limit coefficient, a = 4.44), ``is_target_achieved`` and
``get_progress_status``. For example, persistent low income (lower is better, 20 % in 2021, target
15 % in 2026): required growth = (15/20)^(1/5) − 1 = −0.05591; a current 16.9 % in 2024 gives growth
(16.9/20)^(1/3) − 1 = −0.05459 and R = −1 · −0.05459 / 0.05591 = 0.976 ≥ 0.95: substantial progress.

The comment on each case says what sdg-build returns; where the old implementation differed, it
says what it gave.
"""

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from omrademonitor.indicator_registry import Target, TargetSource
from omrademonitor.progress import (
    PUBLISHED_ONLY,
    ProgressStatus,
    limit_coefficient,
    natural_limit,
    progress_status,
)

S = ProgressStatus
SOURCE = TargetSource(
    document={"nb": "Programbeskrivelse (test)", "en": "Programme description (test)"},
    date=dt.date(2024, 1, 1),
)


def adopted(value, year=2026):
    return Target(value=value, year=year, status="adopted", source=SOURCE, entered_by="test")


def with_target(indicator, value, year=2026):
    return indicator.model_copy(update={"target": adopted(value, year)})


def series(*points, ci=None, last_status="final"):
    frame = pd.DataFrame(points, columns=["period", "value"])
    frame["status"] = "final"
    frame.loc[frame.index[-1], "status"] = last_status
    frame["ci_lower"] = np.nan
    frame["ci_upper"] = np.nan
    if ci:
        frame.loc[frame.index[-1], ["ci_lower", "ci_upper"]] = ci
    return frame


@pytest.mark.parametrize(
    ("latest", "status", "ratio"),
    [
        (16.9, S.SUBSTANTIAL_PROGRESS, 0.976),
        (17.8, S.MODERATE_PROGRESS, 0.681),
        (19.5, S.LIMITED_PROGRESS, 0.150),
        (21.0, S.DETERIORATION, -0.293),
        (14.8, S.TARGET_ACHIEVED, None),
    ],
)
def test_lower_is_better_with_target(registry, latest, status, ratio):
    indicator = with_target(registry["persistent_low_income"], 15.0)  # baseline 2021
    result = progress_status(series((2019, 22.0), (2021, 20.0), (2024, latest)), indicator)
    assert result.status == status
    assert (result.base_period, result.base_value, result.latest_period) == (2021, 20.0, 2024)
    if ratio is not None:
        assert result.required_growth == pytest.approx(-0.05591, abs=1e-5)
        assert result.ratio == pytest.approx(ratio, abs=1e-3)
        assert result.thresholds == (0.95, 0.60, 0.0)  # a limit is ignored when there is a target


@pytest.mark.parametrize(
    ("latest", "status", "ratio"),
    [
        (76.0, S.SUBSTANTIAL_PROGRESS, 1.027),
        (74.0, S.MODERATE_PROGRESS, 0.691),
        (71.0, S.LIMITED_PROGRESS, 0.175),
        (68.0, S.DETERIORATION, -0.355),
        (81.0, S.TARGET_ACHIEVED, None),
    ],
)
def test_higher_is_better_with_target(registry, latest, status, ratio):
    indicator = with_target(registry["upper_secondary_completion"], 80.0)  # baseline 2021
    result = progress_status(series((2021, 70.0), (2024, latest)), indicator)
    assert result.status == status
    if ratio is not None:
        assert result.required_growth == pytest.approx(0.02707, abs=1e-5)
        assert result.ratio == pytest.approx(ratio, abs=1e-3)


@pytest.mark.parametrize(
    ("latest", "status", "growth"),
    [
        (47.0, S.SUBSTANTIAL_PROGRESS, -0.02041),
        (49.0, S.MODERATE_PROGRESS, -0.00671),
        (49.8, S.LIMITED_PROGRESS, -0.00134),
        (52.0, S.DETERIORATION, 0.01316),
    ],
)
def test_lower_is_better_without_target(registry, latest, status, growth):
    indicator = registry["reported_crime_per_1000"]
    assert indicator.target is None and natural_limit(indicator) is None
    result = progress_status(series((2021, 50.0), (2024, latest)), indicator)
    assert result.status == status and result.ratio is None
    assert result.growth == pytest.approx(growth, abs=1e-5)
    assert result.thresholds == (0.015, 0.005, 0.0)


@pytest.mark.parametrize(
    ("latest", "status"),
    [(42.0, S.SUBSTANTIAL_PROGRESS), (41.0, S.MODERATE_PROGRESS), (40.3, S.LIMITED_PROGRESS), (39.0, S.DETERIORATION)],
)
def test_higher_is_better_without_target(registry, latest, status):
    # A share that should rise has the natural limit 100: C = 1 − 0.4^4.44 = 0.98289, thresholds 1.474 % and
    # 0.491 %; 40 → 42 in 3 years is +1.64 % a year, 41 is +0.83 %, 40.3 is +0.25 %.
    indicator = registry["higher_education_share"]
    result = progress_status(series((2021, 40.0), (2024, latest)), indicator)
    assert result.status == status
    assert result.coefficient == pytest.approx(0.98289, abs=1e-5)


# --- each published rule where the old implementation departed from it --------------------------------


def test_a_hidden_latest_year_uses_the_last_shown_year(registry):
    # sdg-build drops missing values: current year 2023, CAGR (18/20)^(1/2) − 1 = −5.13 %, P = +5.13 %:
    # substantial progress. The old implementation said "insufficient data".
    points = series((2021, 20.0), (2023, 18.0), (2024, np.nan), last_status="suppressed")
    result = progress_status(points, registry["persistent_low_income"])
    assert result.status == S.SUBSTANTIAL_PROGRESS and result.latest_period == 2023
    assert result.progress_value == pytest.approx(0.05132, abs=1e-5)


def test_a_base_value_of_zero_is_replaced_by_0_001(registry):
    # Tempe-Sorgenfri's meeting places, 0 in 2022 and 3 in 2024: (3/0.001)^(1/2) − 1 = 53.77, substantial
    # progress. The old implementation called this "insufficient data" for ever.
    result = progress_status(series((2022, 0.0), (2023, 1.0), (2024, 3.0)), registry["meeting_places_count"])
    assert result.status == S.SUBSTANTIAL_PROGRESS and result.replaced == ("base",)
    assert result.growth == pytest.approx(53.772, abs=1e-3) and result.base_value == 0.0


def test_a_target_of_zero_is_replaced_by_0_001(registry):
    # Lower is better, 4 (2021) → 3 (2024), target 0 → 0.001 in 2026: CAGR_o = 0.75^(1/3) − 1 = −0.09144,
    # CAGR_r = (0.001/4)^(1/5) − 1 = −0.80967, R = 0.1129: limited progress. Old: "insufficient data".
    indicator = with_target(registry["persistent_low_income"], 0.0)
    result = progress_status(series((2021, 4.0), (2024, 3.0)), indicator)
    assert result.status == S.LIMITED_PROGRESS and result.replaced == ("target",)
    assert result.ratio == pytest.approx(0.11293, abs=1e-4)


def test_negative_values_flip_the_sign(registry):
    # All negative, higher is better (a score): −10 → −8 over 3 years; sign = −1, CAGR = 0.8^(1/3) − 1 =
    # −0.07168, P = −1 · 1 · −0.07168 = +0.0717: substantial progress. Old: "insufficient data".
    indicator = registry["school_wellbeing"]
    assert natural_limit(indicator) is None
    result = progress_status(series((2021, -10.0), (2024, -8.0)), indicator)
    assert result.status == S.SUBSTANTIAL_PROGRESS
    assert result.progress_value == pytest.approx(0.07168, abs=1e-5)


def test_values_of_opposite_signs_cannot_be_assessed(registry):
    result = progress_status(series((2021, -2.0), (2024, 3.0)), registry["school_wellbeing"])
    assert result.status == S.NOT_AVAILABLE and "opposite signs" in result.reason


def test_thresholds_are_scaled_near_the_limit_of_100_percent(registry):
    # Higher is better, 98 % (2021) → 98.5 % (2024), no target: C = 1 − 0.98^4.44 = 0.085795, thresholds
    # 0.1287 % and 0.0429 %; growth (98.5/98)^(1/3) − 1 = 0.1698 %: substantial progress. Old: limited progress.
    result = progress_status(series((2021, 98.0), (2024, 98.5)), registry["kindergarten_attendance_1_5"])
    assert result.limit == 100.0 and result.coefficient == pytest.approx(0.085795, abs=1e-6)
    assert result.thresholds[0] == pytest.approx(0.0012869, abs=1e-7)
    assert result.growth == pytest.approx(0.0016978, abs=1e-7)
    assert result.status == S.SUBSTANTIAL_PROGRESS


def test_at_the_limit_any_growth_at_or_above_zero_is_substantial(registry):
    # C = 0 when the base value equals the limit: every threshold is 0 (the methodology's special case).
    indicator = registry["kindergarten_attendance_1_5"]
    assert limit_coefficient(100.0, 100.0) == 0.0 and limit_coefficient(250.0, 100.0) == 1.0
    assert progress_status(series((2021, 100.0), (2024, 100.0)), indicator).status == S.SUBSTANTIAL_PROGRESS
    assert progress_status(series((2021, 100.0), (2024, 99.0)), indicator).status == S.DETERIORATION


def test_a_missing_base_year_moves_to_the_next_year_with_a_figure(registry):
    result = progress_status(series((2019, 30.0), (2022, 20.0), (2024, 18.0)), registry["persistent_low_income"])
    assert result.base_period == 2022 and result.base_value == 20.0


def test_no_clear_change_is_our_switchable_addition(registry):
    # Published: (83/80)^(1/2) − 1 = +1.86 % a year, limit 100: C = 1 − 0.8^4.44 = 0.628, thresholds
    # 0.94 % / 0.31 %: substantial. With our addition, the interval (78, 88) covers 80: no clear change.
    indicator = registry["residents_feel_safe"]  # baseline 2022
    covered = series((2022, 80.0), (2024, 83.0), ci=(78.0, 88.0))
    ours = progress_status(covered, indicator)
    assert ours.status == S.NO_CLEAR_CHANGE and ours.published_status == S.SUBSTANTIAL_PROGRESS
    assert "addition" in ours.reason
    assert progress_status(covered, indicator, options=PUBLISHED_ONLY).status == S.SUBSTANTIAL_PROGRESS
    clear = progress_status(series((2022, 80.0), (2024, 83.0), ci=(81.0, 85.0)), indicator)
    assert clear.status == S.SUBSTANTIAL_PROGRESS


@pytest.mark.parametrize(
    ("points", "reason"),
    [
        ([(2024, 18.0)], "two periods"),  # one figure: current year − base year < 1
        ([(2019, 22.0), (2020, 18.0)], "base year"),  # nothing at or after the base year 2021
        ([(2021, 20.0), (2024, np.nan)], "two periods"),  # the only later figure is hidden
    ],
)
def test_not_available(registry, points, reason):
    last = "suppressed" if np.isnan(points[-1][1]) else "final"
    result = progress_status(series(*points, last_status=last), registry["persistent_low_income"])
    assert result.status == S.NOT_AVAILABLE and reason in result.reason


def test_target_achieved_is_checked_in_the_desired_direction_even_with_one_year(registry):
    indicator = with_target(registry["persistent_low_income"], 15.0)  # lower is better
    assert progress_status(series((2021, 20.0), (2025, 15.0)), indicator).status == S.TARGET_ACHIEVED
    assert progress_status(series((2021, 20.0), (2025, 15.1)), indicator).status != S.TARGET_ACHIEVED
    # sdg-build checks the target before the data requirements: one figure at the target is "achieved"
    assert progress_status(series((2021, 14.0)), indicator).status == S.TARGET_ACHIEVED


def test_a_baseline_already_at_the_target_that_slips_is_deterioration(registry):
    # Found by the disclosure property test: the required growth is 0, where sdg-build divides by zero.
    indicator = registry["persistent_low_income"]  # lower is better
    result = progress_status(series((2021, 15.0), (2024, 16.0)), indicator, 2021, 15.0, 2026)
    assert result.status == S.DETERIORATION and result.required_growth == 0.0


def test_indicators_without_direction_have_no_status(registry):
    result = progress_status(series((2021, 10.0), (2024, 12.0)), registry["immigrant_share"])
    assert result.status == S.NOT_APPLICABLE


def test_a_proposed_target_never_drives_the_status(registry):
    indicator = registry["persistent_low_income"].model_copy(
        update={"target": Target(value=15.0, year=2026, status="proposed", entered_by="test")}
    )
    result = progress_status(series((2021, 20.0), (2024, 16.9)), indicator)
    assert result.ratio is None and result.required_growth is None  # judged without a target
    assert result.status == S.SUBSTANTIAL_PROGRESS  # (16.9/20)^(1/3) − 1 = −5.46 % a year


def test_the_status_groups_are_the_methods_categories():
    from omrademonitor.tracking import GROUP_OF, StatusGroup

    assert GROUP_OF[S.MODERATE_PROGRESS] == StatusGroup.MODERATE_PROGRESS  # not filed under "off track"
    assert [g.value for g in StatusGroup][:5] == [
        "target_achieved",
        "substantial_progress",
        "moderate_progress",
        "limited_progress",
        "deterioration",
    ]
    assert {GROUP_OF[s] for s in S} == set(StatusGroup)
