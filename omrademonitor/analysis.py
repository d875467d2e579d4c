"""Direction-aware comparisons: against the city, and against the baseline year."""

from __future__ import annotations

import math
from enum import StrEnum

import pandas as pd

from omrademonitor.registry import Aggregation, Direction, Indicator

SIMILAR_TOLERANCE = 0.05  # relative: within ±5 % of the reference counts as similar


class Assessment(StrEnum):
    """How a value stands against a reference, taking the indicator's direction into account."""

    BETTER = "better"
    SIMILAR = "similar"
    WORSE = "worse"
    NO_DIRECTION = "no_direction"
    NOT_ASSESSED = "not_assessed"  # a value is missing or hidden
    NOT_COMPARABLE = "not_comparable"  # counts of a small area cannot be set against the city's


def assess(
    value: float | None,
    reference: float | None,
    direction: Direction,
    ci: tuple[float, float] | None = None,
    tolerance: float = SIMILAR_TOLERANCE,
) -> Assessment:
    """Better, similar or worse than ``reference``.

    With a known interval ``ci`` around ``value``, the value is similar when the interval covers
    the reference. Otherwise it is similar when within ``tolerance`` (relative) of the reference.
    """
    if _missing(value) or _missing(reference):
        return Assessment.NOT_ASSESSED
    if direction == Direction.NONE:
        return Assessment.NO_DIRECTION
    if ci is not None and not (_missing(ci[0]) or _missing(ci[1])):
        if ci[0] <= reference <= ci[1]:
            return Assessment.SIMILAR
    elif abs(value - reference) <= tolerance * abs(reference) or value == reference:
        return Assessment.SIMILAR
    higher = value > reference
    return Assessment.BETTER if higher == (direction == Direction.HIGHER) else Assessment.WORSE


def _missing(x) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x)) or x is pd.NA


def latest_shown(series: pd.DataFrame) -> pd.Series | None:
    """The latest row of one area's series that has a shown value (after disclosure)."""
    shown = series[series["value"].notna()]
    return None if shown.empty else shown.sort_values("period").iloc[-1]


def value_in(series: pd.DataFrame, period: int | None) -> float | None:
    """The shown value of one area's series in ``period``, None if absent or hidden."""
    if period is None:
        return None
    row = series[(series["period"] == period) & series["value"].notna()]
    return None if row.empty else float(row["value"].iloc[0])


NOT_COMPARABLE_UNITS = ("count", "nok", "square_metres")


def comparable_with_city(indicator: Indicator) -> bool:
    """Whether an area's figure can be set against the city's: not for counts, sums and amounts."""
    return indicator.aggregation != Aggregation.SUM and indicator.unit.value not in NOT_COMPARABLE_UNITS


def interval(row: pd.Series | None) -> tuple[float, float] | None:
    """The uncertainty interval of one published figure, None when it has none."""
    if row is None:
        return None
    low, high = row.get("ci_lower"), row.get("ci_upper")
    return None if _missing(low) or _missing(high) else (float(low), float(high))


def against_city(latest: pd.Series | None, city: pd.DataFrame, indicator: Indicator) -> Assessment:
    """The one judgement of an area against the city, used by every page, download and report.

    ``latest`` is the area's latest shown figure (a published row, with its interval where it has
    one); ``city`` is the city's published series. The city's figure is taken from the same year.
    """
    if not comparable_with_city(indicator):
        return Assessment.NOT_COMPARABLE
    if latest is None:
        return Assessment.NOT_ASSESSED
    reference = value_in(city, int(latest["period"]))
    return assess(float(latest["value"]), reference, indicator.direction, interval(latest))


HEADLINE_COLUMNS = [
    "indicator_id",
    "area_code",
    "latest_state",
    "latest_period",
    "latest_value",
    "baseline_year",
    "baseline_value",
    "change",
    "change_assessment",
    "reference_value",
    "vs_reference",
]


def headline_rows(
    observations: pd.DataFrame, indicator: Indicator, area_codes: list[str], reference_code: str
) -> pd.DataFrame:
    """Per area: latest value and year, baseline value, change since baseline and its assessment,
    and the latest value against the reference area (the city) in the same year.

    ``observations`` must already have passed disclosure control.
    """
    obs = observations[observations["indicator_id"] == indicator.id]
    reference = obs[obs["area_code"] == reference_code]
    rows = []
    for code in [*area_codes, reference_code]:
        series = obs[obs["area_code"] == code]
        latest = latest_shown(series)
        latest_value = None if latest is None else float(latest["value"])
        latest_period = None if latest is None else int(latest["period"])
        baseline = value_in(series, indicator.baseline_year)
        last = series.sort_values("period").iloc[-1] if len(series) else None
        if latest is not None:
            state = "shown"
        else:
            state = "suppressed" if last is not None and last["status"] == "suppressed" else "no_data"
        rows.append(
            {
                "indicator_id": indicator.id,
                "area_code": code,
                "latest_state": state,
                "latest_period": latest_period,
                "latest_value": latest_value,
                "baseline_year": indicator.baseline_year,
                "baseline_value": baseline,
                "change": None if latest_value is None or baseline is None else latest_value - baseline,
                "change_assessment": assess(latest_value, baseline, indicator.direction),
                "reference_value": value_in(reference, latest_period),
                "vs_reference": Assessment.NOT_ASSESSED
                if code == reference_code
                else against_city(latest, reference, indicator),
            }
        )
    return pd.DataFrame(rows, columns=HEADLINE_COLUMNS)
