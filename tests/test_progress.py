"""Progress status (Statistics Canada / Eurostat method, as in Open SDG), on worked examples.

Each expected ratio or growth below was worked out by hand from the formulas in
omrademonitor/progress.py, e.g. for persistent low income (lower is better, 20 % in 2021, target
15 % in 2026): required growth = (15/20)^(1/5) - 1 = -0.05591; a latest 16.9 % in 2024 gives
growth (16.9/20)^(1/3) - 1 = -0.05459 and R = -1 * -0.05459 / 0.05591 = 0.976: on track.
"""

import numpy as np
import pandas as pd
import pytest

from omrademonitor.progress import ProgressStatus, progress_status

S = ProgressStatus


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
        (16.9, S.ON_TRACK, 0.976),
        (17.8, S.ACCELERATION_NEEDED, 0.681),
        (19.5, S.LIMITED_PROGRESS, 0.150),
        (21.0, S.MOVING_AWAY, -0.293),
        (14.8, S.TARGET_ACHIEVED, None),
    ],
)
def test_lower_is_better_with_target(registry, latest, status, ratio):
    indicator = registry["persistent_low_income"]  # baseline 2021, target 15 in 2026
    result = progress_status(series((2019, 22.0), (2021, 20.0), (2024, latest)), indicator)
    assert result.status == status
    assert (result.base_period, result.base_value, result.latest_period) == (2021, 20.0, 2024)
    if ratio is not None:
        assert result.required_growth == pytest.approx(-0.05591, abs=1e-5)
        assert result.ratio == pytest.approx(ratio, abs=1e-3)


@pytest.mark.parametrize(
    ("latest", "status", "ratio"),
    [
        (76.0, S.ON_TRACK, 1.027),
        (74.0, S.ACCELERATION_NEEDED, 0.691),
        (71.0, S.LIMITED_PROGRESS, 0.175),
        (68.0, S.MOVING_AWAY, -0.355),
        (81.0, S.TARGET_ACHIEVED, None),
    ],
)
def test_higher_is_better_with_target(registry, latest, status, ratio):
    indicator = registry["upper_secondary_completion"]  # baseline 2021, target 80 in 2026
    result = progress_status(series((2021, 70.0), (2024, latest)), indicator)
    assert result.status == status
    if ratio is not None:
        assert result.required_growth == pytest.approx(0.02707, abs=1e-5)
        assert result.ratio == pytest.approx(ratio, abs=1e-3)


@pytest.mark.parametrize(
    ("latest", "status", "growth"),
    [
        (47.0, S.ON_TRACK, -0.02041),
        (49.0, S.ACCELERATION_NEEDED, -0.00671),
        (49.8, S.LIMITED_PROGRESS, -0.00134),
        (52.0, S.MOVING_AWAY, 0.01316),
    ],
)
def test_lower_is_better_without_target(registry, latest, status, growth):
    indicator = registry["reported_crime_per_1000"]
    assert indicator.target is None
    result = progress_status(series((2021, 50.0), (2024, latest)), indicator)
    assert result.status == status and result.ratio is None
    assert result.growth == pytest.approx(growth, abs=1e-5)


@pytest.mark.parametrize(
    ("latest", "status"),
    [(42.0, S.ON_TRACK), (41.0, S.ACCELERATION_NEEDED), (40.3, S.LIMITED_PROGRESS), (39.0, S.MOVING_AWAY)],
)
def test_higher_is_better_without_target(registry, latest, status):
    indicator = registry["higher_education_share"]  # 40 → 42 in 3 years: +1.64 % a year
    assert indicator.target is None
    assert progress_status(series((2021, 40.0), (2024, latest)), indicator).status == status


def test_no_clear_change_when_the_interval_covers_the_baseline(registry):
    indicator = registry["residents_feel_safe"].model_copy(update={"target": None})  # baseline 2022
    covered = progress_status(series((2022, 80.0), (2024, 83.0), ci=(78.0, 88.0)), indicator)
    assert covered.status == S.NO_CLEAR_CHANGE
    clear = progress_status(series((2022, 80.0), (2024, 83.0), ci=(81.0, 85.0)), indicator)
    assert clear.status == S.ON_TRACK  # (83/80)^(1/2) - 1 = +1.86 % a year


@pytest.mark.parametrize(
    ("points", "last_status", "reason"),
    [
        ([(2024, 18.0)], "final", "fewer than two"),
        ([(2019, 22.0), (2024, 18.0)], "final", "fewer than two"),  # nothing at or after the baseline but one
        ([(2021, 20.0), (2024, np.nan)], "suppressed", "hidden"),
        ([(2021, 0.0), (2024, 18.0)], "final", "positive"),
    ],
)
def test_insufficient_data(registry, points, last_status, reason):
    result = progress_status(series(*points, last_status=last_status), registry["persistent_low_income"])
    assert result.status == S.INSUFFICIENT_DATA and reason in result.reason


def test_indicators_without_direction_have_no_status(registry):
    result = progress_status(series((2021, 10.0), (2024, 12.0)), registry["immigrant_share"])
    assert result.status == S.NOT_APPLICABLE


def test_target_achieved_is_checked_in_the_desired_direction(registry):
    indicator = registry["persistent_low_income"]  # lower is better: 15.0 meets a target of 15
    assert progress_status(series((2021, 20.0), (2025, 15.0)), indicator).status == S.TARGET_ACHIEVED
    assert progress_status(series((2021, 20.0), (2025, 15.1)), indicator).status != S.TARGET_ACHIEVED


def test_a_baseline_already_at_the_target_that_slips_is_moving_away(registry):
    # Found by the disclosure property test: the required growth is 0, so R = growth / 0 is undefined.
    indicator = registry["persistent_low_income"]  # lower is better
    result = progress_status(series((2021, 15.0), (2024, 16.0)), indicator, 2021, 15.0, 2026)
    assert result.status == S.MOVING_AWAY and result.required_growth == 0.0
