"""Direction-aware comparisons: against the city, and against the baseline year."""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum

import numpy as np
import pandas as pd

from omrademonitor.indicator_registry import Aggregation, Direction, Indicator
from omrademonitor.periods import first_in_year
from omrademonitor.vocabulary import is_missing

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
    if is_missing(value) or is_missing(reference):
        return Assessment.NOT_ASSESSED
    if direction == Direction.NONE:
        return Assessment.NO_DIRECTION
    if ci is not None and not (is_missing(ci[0]) or is_missing(ci[1])):
        if ci[0] <= reference <= ci[1]:
            return Assessment.SIMILAR
    elif abs(value - reference) <= tolerance * abs(reference) or value == reference:
        return Assessment.SIMILAR
    higher = value > reference
    return Assessment.BETTER if higher == (direction == Direction.HIGHER) else Assessment.WORSE


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
    return None if is_missing(low) or is_missing(high) else (float(low), float(high))


def against_city(latest: pd.Series | None, city: pd.DataFrame, indicator: Indicator) -> Assessment:
    """``against_city_value`` with the city's figure taken from its published series ``city`` in the year of
    ``latest`` (the area's latest shown figure: a published row, with its interval where it has one)."""
    reference = None if latest is None else value_in(city, int(latest["period"]))
    return against_city_value(latest, reference, indicator)


def against_city_value(latest, city_value: float | None, indicator: Indicator) -> Assessment:
    """The one judgement of an area against the city, used by every page, download and report (the
    profile's query finds the city's figure of the latest figure's year, ``city_value``). ``latest``: a
    published row, or a mapping with its ``value``, ``ci_lower`` and ``ci_upper``; None when there is none."""
    if not comparable_with_city(indicator):
        return Assessment.NOT_COMPARABLE
    if latest is None:
        return Assessment.NOT_ASSESSED
    return assess(float(latest["value"]), city_value, indicator.direction, interval(latest))


HEADLINE_COLUMNS = [
    "indicator_id",
    "area_code",
    "latest_state",
    "latest_period",
    "latest_value",
    "baseline_year",
    "baseline_period",
    "baseline_value",
    "change",
    "change_assessment",
    "reference_value",
    "vs_reference",
]


@dataclass(frozen=True)
class Points:
    """One area's published series of one indicator as plain arrays, in period order: what the
    headline table and the progress status judge, without a pandas selection per area.

    ``value``, ``ci_lower`` and ``ci_upper`` are floats with NaN for a missing or hidden figure;
    ``status`` holds the publication status (None where the frame had none)."""

    period: np.ndarray
    value: np.ndarray
    status: np.ndarray
    ci_lower: np.ndarray
    ci_upper: np.ndarray

    def __len__(self) -> int:
        return len(self.period)


def _floats(frame: pd.DataFrame, column: str) -> np.ndarray:
    if column not in frame:
        return np.full(len(frame), np.nan)
    return pd.to_numeric(frame[column], errors="raise").to_numpy(dtype=float, na_value=np.nan)


def _column_arrays(frame: pd.DataFrame) -> tuple[np.ndarray, ...]:
    period = frame["period"].to_numpy(dtype=np.int64)
    if "status" in frame:
        status = frame["status"].astype(object).where(frame["status"].notna(), None).to_numpy(dtype=object)
    else:
        status = np.full(len(frame), None, dtype=object)
    return period, _floats(frame, "value"), status, _floats(frame, "ci_lower"), _floats(frame, "ci_upper")


EMPTY_POINTS = Points(*(np.empty(0, dtype=t) for t in (np.int64, float, object, float, float)))


def points_of(series: pd.DataFrame) -> Points:
    """One area's series (columns period, value, and optionally status, ci_lower, ci_upper) as ``Points``."""
    if series.empty:
        return EMPTY_POINTS
    arrays = _column_arrays(series)
    order = np.argsort(arrays[0], kind="stable")
    return Points(*(a[order] for a in arrays))


def split_points(frame: pd.DataFrame, keys: tuple[str, ...] = ("indicator_id", "area_code")) -> dict[tuple, Points]:
    """Every series in ``frame`` as ``Points``, keyed by the values of ``keys``: one sort, then slices."""
    if frame.empty:
        return {}
    codes = [pd.factorize(frame[k], sort=False) for k in keys]
    arrays = _column_arrays(frame)
    order = np.lexsort((arrays[0], *(c[0] for c in reversed(codes))))  # by keys, then period; stable
    arrays = tuple(a[order] for a in arrays)
    key_codes = np.column_stack([c[0][order] for c in codes])
    starts = np.flatnonzero(np.r_[True, (key_codes[1:] != key_codes[:-1]).any(axis=1)])
    ends = np.r_[starts[1:], len(order)]
    out = {}
    for start, end in zip(starts, ends, strict=True):
        key = tuple(codes[i][1][key_codes[start, i]] for i in range(len(keys)))
        out[key] = Points(*(a[start:end] for a in arrays))
    return out


def _shown_at(points: Points, period: int | None) -> float | None:
    """``value_in`` on ``Points``: the shown value in ``period``, None if absent or hidden."""
    if period is None:
        return None
    hit = np.flatnonzero((points.period == period) & ~np.isnan(points.value))
    return None if len(hit) == 0 else float(points.value[hit[0]])


def baseline_index(points: Points, indicator: Indicator) -> int | None:
    """Where the baseline figure is: the shown figure of the baseline year, and for an indicator with
    shorter periods the first shown one ending in that year (2022K1, or 2022K2 when 2022K1 is hidden);
    for a multi-year indicator the period ending in it. None without a baseline year or such a figure."""
    year = indicator.baseline_year
    if year is None:
        return None
    kind = indicator.period_type
    inside = (points.period >= first_in_year(year, kind)) & (points.period < first_in_year(year + 1, kind))
    hit = np.flatnonzero(inside & ~np.isnan(points.value))
    return None if len(hit) == 0 else int(hit[0])


def _latest_index(points: Points) -> int | None:
    shown = np.flatnonzero(~np.isnan(points.value))
    return None if len(shown) == 0 else int(shown[-1])


def _interval_at(points: Points, i: int) -> tuple[float, float] | None:
    low, high = points.ci_lower[i], points.ci_upper[i]
    return None if math.isnan(low) or math.isnan(high) else (float(low), float(high))


def headline_row(points: Points, reference: Points, indicator: Indicator, code: str, is_reference: bool) -> dict:
    """One area's row of ``headline_rows`` from its ``Points`` and the reference area's."""
    i = _latest_index(points)
    latest_value = None if i is None else float(points.value[i])
    latest_period = None if i is None else int(points.period[i])
    b = baseline_index(points, indicator)
    baseline = None if b is None else float(points.value[b])
    if i is not None:
        state = "shown"
    else:
        state = "suppressed" if len(points) and points.status[-1] == "suppressed" else "no_data"
    reference_value = _shown_at(reference, latest_period)
    if is_reference:
        vs_reference = Assessment.NOT_ASSESSED
    elif not comparable_with_city(indicator):
        vs_reference = Assessment.NOT_COMPARABLE
    elif i is None:
        vs_reference = Assessment.NOT_ASSESSED
    else:
        vs_reference = assess(latest_value, reference_value, indicator.direction, _interval_at(points, i))
    return {
        "indicator_id": indicator.id,
        "area_code": code,
        "latest_state": state,
        "latest_period": latest_period,
        "latest_value": latest_value,
        "baseline_year": indicator.baseline_year,
        "baseline_period": None if b is None else int(points.period[b]),
        "baseline_value": baseline,
        "change": None if latest_value is None or baseline is None else latest_value - baseline,
        "change_assessment": assess(latest_value, baseline, indicator.direction),
        "reference_value": reference_value,
        "vs_reference": vs_reference,
    }


def headline_rows_of(
    points: dict[str, Points], indicator: Indicator, area_codes: list[str], reference_code: str
) -> pd.DataFrame:
    """``headline_rows`` from each area's ``Points`` of the indicator (keyed by area code)."""
    reference = points.get(reference_code, EMPTY_POINTS)
    rows = [
        headline_row(points.get(code, EMPTY_POINTS), reference, indicator, code, code == reference_code)
        for code in [*area_codes, reference_code]
    ]
    return pd.DataFrame(rows, columns=HEADLINE_COLUMNS)


def headline_rows(
    observations: pd.DataFrame, indicator: Indicator, area_codes: list[str], reference_code: str
) -> pd.DataFrame:
    """Per area: latest value and year, baseline value, change since baseline and its assessment,
    and the latest value against the reference area (the city) in the same year.

    ``observations`` must already have passed disclosure control. The series are split by area once
    (``split_points``) and judged on arrays, not selected per area in pandas.
    """
    obs = observations[observations["indicator_id"] == indicator.id]
    points = {code: p for (code,), p in split_points(obs, ("area_code",)).items()}
    return headline_rows_of(points, indicator, area_codes, reference_code)
