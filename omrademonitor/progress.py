"""Progress status of an indicator towards its target: the method Statistics Canada built on
Eurostat's, as used by Open SDG ("Progress Measurement Methodology").

Growth is the compound annual growth rate (CAGR) from the baseline year to the latest year:
``CAGR = (y_latest / y_base) ** (1 / (t_latest - t_base)) - 1``. With ``d`` = +1 when higher is
better and -1 when lower is better:

- with a target: ``R = d * CAGR / |CAGR_required|``, where ``CAGR_required`` is the growth that
  reaches the target in the target year from the baseline; R ≥ 0.95 on track, 0.60 ≤ R < 0.95
  progress but acceleration needed, 0 ≤ R < 0.60 limited progress, R < 0 moving away; a latest
  value at or beyond the target is "target achieved";
- without a target: ``d * CAGR`` ≥ 1.5 % a year on track, 0.5–1.5 % acceleration needed,
  0–0.5 % limited progress, below 0 moving away (Statistics Canada's thresholds; its scaling near
  natural limits is not applied).

"Insufficient data" when fewer than two usable points, the latest figure is hidden, or a value is
not positive (growth rates need positive values); "no clear change" when the latest figure's known
uncertainty interval covers the baseline value.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum

import pandas as pd

from omrademonitor.registry import Direction, Indicator

ON_TRACK_RATIO, ACCELERATION_RATIO = 0.95, 0.60
ON_TRACK_GROWTH, ACCELERATION_GROWTH = 0.015, 0.005
METHOD_SOURCE = "Statistics Canada / Eurostat, as in Open SDG: Progress Measurement Methodology"


class ProgressStatus(StrEnum):
    """Where an indicator stands against its target (or its desired direction)."""

    TARGET_ACHIEVED = "target_achieved"
    ON_TRACK = "on_track"
    ACCELERATION_NEEDED = "acceleration_needed"
    LIMITED_PROGRESS = "limited_progress"
    MOVING_AWAY = "moving_away"
    NO_CLEAR_CHANGE = "no_clear_change"
    NOT_APPLICABLE = "not_applicable"  # the indicator has no direction
    INSUFFICIENT_DATA = "insufficient_data"


@dataclass(frozen=True)
class Progress:
    """A status and the numbers behind it, so it can be checked and explained."""

    status: ProgressStatus
    base_period: int | None = None
    base_value: float | None = None
    latest_period: int | None = None
    latest_value: float | None = None
    growth: float | None = None  # observed CAGR
    required_growth: float | None = None
    ratio: float | None = None
    reason: str = ""


def cagr(first: float, last: float, years: float) -> float:
    """Compound annual growth rate from ``first`` to ``last`` over ``years``."""
    return (last / first) ** (1 / years) - 1


def _missing(x) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x))


def progress_status(
    series: pd.DataFrame,
    indicator: Indicator,
    baseline_year: int | None = None,
    target_value: float | None = None,
    target_year: int | None = None,
) -> Progress:
    """The progress status of one area's series (columns period, value, status, ci_lower, ci_upper).

    Baseline and target default to the indicator's; the series must have passed disclosure control.
    """
    if indicator.direction == Direction.NONE:
        return Progress(ProgressStatus.NOT_APPLICABLE, reason="no direction")
    baseline_year = baseline_year if baseline_year is not None else indicator.baseline_year
    if target_value is None and indicator.target is not None:
        target_value, target_year = indicator.target.value, indicator.target.year
    rows = series.sort_values("period")
    if rows.empty:
        return Progress(ProgressStatus.INSUFFICIENT_DATA, reason="no figures")
    last_row = rows.iloc[-1]
    if last_row.get("status") == "suppressed" or _missing(last_row["value"]):
        return Progress(ProgressStatus.INSUFFICIENT_DATA, reason="the latest figure is hidden or missing")
    shown = rows[rows["value"].notna()]
    if baseline_year is not None:
        shown = shown[shown["period"] >= baseline_year]
    if len(shown) < 2:
        return Progress(ProgressStatus.INSUFFICIENT_DATA, reason="fewer than two usable figures")
    base, latest = shown.iloc[0], shown.iloc[-1]
    t0, y0, ti, yi = int(base["period"]), float(base["value"]), int(latest["period"]), float(latest["value"])
    known = dict(base_period=t0, base_value=y0, latest_period=ti, latest_value=yi)
    d = 1 if indicator.direction == Direction.HIGHER else -1
    if target_value is not None and (yi - target_value) * d >= 0:
        return Progress(ProgressStatus.TARGET_ACHIEVED, **known)
    lower, upper = latest.get("ci_lower"), latest.get("ci_upper")
    if not _missing(lower) and not _missing(upper) and lower <= y0 <= upper:
        return Progress(ProgressStatus.NO_CLEAR_CHANGE, reason="the interval covers the baseline", **known)
    if y0 <= 0 or yi <= 0 or (target_value is not None and target_value <= 0):
        return Progress(ProgressStatus.INSUFFICIENT_DATA, reason="growth rates need positive values", **known)
    growth = cagr(y0, yi, ti - t0)
    if target_value is not None and target_year is not None and target_year > t0:
        required = cagr(y0, target_value, target_year - t0)
        if required == 0:  # the baseline was at the target, and the latest value has fallen short of it
            return Progress(ProgressStatus.MOVING_AWAY, growth=growth, required_growth=0.0, **known)
        ratio = d * growth / abs(required)
        status = _grade(ratio, ON_TRACK_RATIO, ACCELERATION_RATIO)
        return Progress(status, growth=growth, required_growth=required, ratio=ratio, **known)
    return Progress(_grade(d * growth, ON_TRACK_GROWTH, ACCELERATION_GROWTH), growth=growth, **known)


def _grade(score: float, on_track: float, acceleration: float) -> ProgressStatus:
    """The status for a score (ratio, or growth in the desired direction) against the two thresholds."""
    if score >= on_track:
        return ProgressStatus.ON_TRACK
    if score >= acceleration:
        return ProgressStatus.ACCELERATION_NEEDED
    return ProgressStatus.LIMITED_PROGRESS if score >= 0 else ProgressStatus.MOVING_AWAY
