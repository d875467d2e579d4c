"""Progress status of an indicator towards its target: Statistics Canada's method (built on
Eurostat's) as published in Open SDG's "Progress Measurement Methodology" and implemented in
sdg-build's ``ProgressMeasure.SeriesProgress``, rule for rule, plus two labelled additions of ours.

The published rules, in the order sdg-build applies them:

1. Hidden and missing figures are dropped; the *current year* is the latest year with a shown figure.
2. The *base year* is the indicator's baseline year (2015 when it has none); when that year has no
   figure, the first year after it that has one. Nothing at or after it, or the base year equal to
   the current year: "not available" ("unable to assess").
3. A target of 0 is replaced by 0.001, and so is a base value of 0.
4. ``sign`` = −1 when the base value is negative (so all-negative series work); a base and current
   value of opposite signs: "not available".
5. Without a target: ``P = sign · d · CAGR``, with ``CAGR = (y_current / y_base)^(1/(t_current − t_base)) − 1``
   and ``d`` = +1 when higher is better, −1 when lower is better; thresholds 1.5 %, 0.5 % and 0, each
   multiplied by the limit coefficient ``C`` when the indicator has a natural limit in its desired
   direction (``C = 1 − (y0/lim)^4.44`` for y0 ≤ lim, ``1 − ((2·lim − y0)/lim)^4.44`` for
   lim < y0 < 2·lim, else 1).
6. With a target: ``P = sign · d · CAGR / |CAGR_required|``, ``CAGR_required`` the growth from the base
   value to the target by the target year; thresholds 0.95, 0.60 and 0; a limit is ignored.
7. A current value at or beyond the target (in the desired direction) is "target achieved", whatever P.
8. P ≥ high: substantial progress ("on track"); med ≤ P < high: moderate progress ("progress made but
   acceleration needed"); low ≤ P < med: limited progress; P < low: deterioration.

Periods other than years (``periods.py``: quarters, half-years, months, multi-year periods) follow the
same rules in time units of years, as the method counts time: the *current year* becomes the latest
period with a shown figure, the *base year* the first shown period ending in or after the baseline
year (``periods.first_in_year``: 2022K1 for 2022, the span 2020-2022 for a three-year indicator), and
``t_current − t_base`` the years between the two periods' middles (``periods.years_between``: 2022K1 →
2024K1 is 2.0, 2022K1 → 2022K4 is 0.75). The target keeps its year, set against the base period's
place on the same axis (a year Y sits at Y, its quarters at Y − 0.375 … Y + 0.375). A series needs
two different periods with figures, as an annual one needs two years. For an annual indicator
nothing changes: a year's place is the year.

Områdemonitor's additions, labelled as such wherever they are shown:

- "no direction" for indicators without a desired direction (the method needs one);
- "no clear change" (switchable, ``ProgressOptions.no_clear_change``): when the current figure's
  uncertainty interval covers the base value, the published status is kept in ``published_status``
  but the status shown is "no clear change";
- a base value already equal to the target that then slips has a required growth of 0, where
  sdg-build divides by zero; we call it deterioration.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import numpy as np
import pandas as pd

from omrademonitor.analysis import Points, points_of
from omrademonitor.indicator_registry import Direction, Indicator, Unit
from omrademonitor.periods import first_in_year, position, years_between
from omrademonitor.vocabulary import is_missing

METHOD_SOURCE = (
    "Statistics Canada / Eurostat, as published in Open SDG's Progress Measurement Methodology and "
    "sdg-build's ProgressMeasure"
)
DEFAULT_BASE_YEAR = 2015  # sdg-build's default when no base year is configured
ZERO_REPLACEMENT = 0.001  # a base value or target of 0 is replaced by this (exponential model)
LIMIT_EXPONENT = 4.44
NO_TARGET_THRESHOLDS = {"high": 0.015, "med": 0.005, "low": 0.0}
TARGET_THRESHOLDS = {"high": 0.95, "med": 0.60, "low": 0.0}


class ProgressStatus(StrEnum):
    """The published method's categories (sdg-build's codes), then Områdemonitor's additions."""

    TARGET_ACHIEVED = "target_achieved"
    SUBSTANTIAL_PROGRESS = "substantial_progress"  # "On track"
    MODERATE_PROGRESS = "moderate_progress"  # "Progress made but acceleration needed"
    LIMITED_PROGRESS = "limited_progress"
    DETERIORATION = "deterioration"
    NOT_AVAILABLE = "not_available"  # "Unable to assess": the data do not meet the minimum requirements
    NO_CLEAR_CHANGE = "no_clear_change"  # Områdemonitor's addition: the interval covers the base value
    NOT_APPLICABLE = "not_applicable"  # Områdemonitor's addition: the indicator has no direction


PUBLISHED_STATUSES = (
    ProgressStatus.TARGET_ACHIEVED,
    ProgressStatus.SUBSTANTIAL_PROGRESS,
    ProgressStatus.MODERATE_PROGRESS,
    ProgressStatus.LIMITED_PROGRESS,
    ProgressStatus.DETERIORATION,
    ProgressStatus.NOT_AVAILABLE,
)
ADDED_STATUSES = (ProgressStatus.NO_CLEAR_CHANGE, ProgressStatus.NOT_APPLICABLE)


@dataclass(frozen=True)
class ProgressOptions:
    """Switches for Områdemonitor's additions to the published method."""

    no_clear_change: bool = True  # show "no clear change" when the current interval covers the base value


PUBLISHED_ONLY = ProgressOptions(no_clear_change=False)


@dataclass(frozen=True)
class Progress:
    """A status and the numbers behind it, so it can be checked and explained."""

    status: ProgressStatus
    base_period: int | None = None
    base_value: float | None = None  # as observed (before any replacement of 0)
    latest_period: int | None = None
    latest_value: float | None = None
    growth: float | None = None  # observed CAGR
    required_growth: float | None = None
    ratio: float | None = None  # P with a target
    progress_value: float | None = None  # P, compared with the thresholds
    thresholds: tuple[float, float, float] | None = None  # high, med, low (after the limit coefficient)
    limit: float | None = None
    coefficient: float | None = None  # the limit coefficient C
    published_status: ProgressStatus | None = None  # the published method's status, before our additions
    replaced: tuple[str, ...] = ()  # "base", "target": values of 0 replaced by 0.001
    reason: str = ""


def cagr(first: float, last: float, years: float) -> float:
    """Compound annual growth rate from ``first`` to ``last`` over ``years``."""
    return (last / first) ** (1 / years) - 1


def natural_limit(indicator: Indicator) -> float | None:
    """The natural limit in the indicator's desired direction: 100 for a share that should rise, 1,000
    for a rate per 1,000 that should rise; none otherwise (a minimum of 0 never scales: y0 ≥ 2·0)."""
    if indicator.direction != Direction.HIGHER:
        return None
    return {Unit.PERCENT: 100.0, Unit.PER_1000: 1000.0}.get(indicator.unit)


def limit_coefficient(base_value: float, limit: float) -> float:
    """The published scaling factor C of the thresholds near a natural limit (sdg-build, a = 4.44)."""
    base, lim = abs(base_value), abs(limit)
    if base >= 2 * lim:
        return 1.0
    if base <= lim:
        return 1 - (base / lim) ** LIMIT_EXPONENT
    return 1 - ((2 * lim - base) / lim) ** LIMIT_EXPONENT


def grade(value: float | None, thresholds: tuple[float, float, float], target_achieved: bool) -> ProgressStatus:
    """sdg-build's ``get_progress_status``: the category of a progress value."""
    high, med, low = thresholds
    if target_achieved:
        return ProgressStatus.TARGET_ACHIEVED
    if value is None:
        return ProgressStatus.NOT_AVAILABLE
    if value >= high:
        return ProgressStatus.SUBSTANTIAL_PROGRESS
    if value >= med:
        return ProgressStatus.MODERATE_PROGRESS
    if value >= low:
        return ProgressStatus.LIMITED_PROGRESS
    return ProgressStatus.DETERIORATION


def progress_status(
    series: pd.DataFrame,
    indicator: Indicator,
    baseline_year: int | None = None,
    target_value: float | None = None,
    target_year: int | None = None,
    options: ProgressOptions | None = None,
    limit: float | None = None,
) -> Progress:
    """The progress status of one area's series (columns period, value, and optionally status,
    ci_lower, ci_upper), which must have passed disclosure control.

    Baseline and target default to the indicator's; only an adopted target (one with a source) is
    used by default, never a proposed one (``registry.Target.adopted``). ``limit`` defaults to
    ``natural_limit(indicator)``.
    """
    return progress_of(points_of(series), indicator, baseline_year, target_value, target_year, options, limit)


def progress_of(
    points: Points,
    indicator: Indicator,
    baseline_year: int | None = None,
    target_value: float | None = None,
    target_year: int | None = None,
    options: ProgressOptions | None = None,
    limit: float | None = None,
) -> Progress:
    """``progress_status`` of one area's series already split into ``Points`` (``analysis.split_points``)."""
    options = options or ProgressOptions()
    if indicator.direction == Direction.NONE:
        return Progress(ProgressStatus.NOT_APPLICABLE, reason="no direction (Områdemonitor's addition)")
    baseline_year = baseline_year if baseline_year is not None else indicator.baseline_year
    base_year = DEFAULT_BASE_YEAR if baseline_year is None else baseline_year
    if target_value is None and indicator.target is not None and indicator.target.adopted:
        target_value, target_year = indicator.target.value, indicator.target.year
    limit = natural_limit(indicator) if limit is None else limit
    d = 1 if indicator.direction == Direction.HIGHER else -1

    # 1. Shown figures only (Points are in period order); the current year is the last year shown.
    shown = np.flatnonzero(~np.isnan(points.value) & (points.status != "suppressed"))
    if len(shown) == 0:
        return Progress(ProgressStatus.NOT_AVAILABLE, reason="no shown figures")
    current = shown[-1]
    ti, yi = int(points.period[current]), float(points.value[current])
    # 2. The base year, or the first year after it with a figure (for other period types: the first
    # shown period ending in or after the base year).
    kind, span = indicator.period_type, indicator.period_span
    later = shown[points.period[shown] >= first_in_year(base_year, kind)]
    if len(later) == 0:
        reason = "no figure at or after the base year"
        return Progress(ProgressStatus.NOT_AVAILABLE, latest_period=ti, latest_value=yi, reason=reason)
    t0, y0 = int(points.period[later[0]]), float(points.value[later[0]])
    known = dict(base_period=t0, base_value=y0, latest_period=ti, latest_value=yi, limit=limit)
    # Time in years between the periods' places on the year axis (for years: ti - t0), and from the
    # base period to the target year.
    elapsed = years_between(t0, ti, kind, span)
    horizon = None if target_year is None else target_year - position(t0, kind, span)
    interval = float(points.ci_lower[current]), float(points.ci_upper[current])
    return _graded(y0, yi, elapsed, horizon, d, target_value, limit, interval, options, known)


def _graded(y0, yi, elapsed, horizon, d, target_value, limit, interval, options, known) -> Progress:
    """The progress status from the base figure ``y0`` and the current ``yi``, ``elapsed`` years apart
    (``horizon``: years from the base period to the target year; ``d``: +1 when higher is better;
    ``interval``: the current figure's uncertainty interval; ``known``: the facts already found, kept in
    the result): sdg-build's steps from the zero target on, and Områdemonitor's "no clear change"."""
    replaced: list[str] = []
    # 3. Zero target → 0.001 (before anything else, as sdg-build's constructor does).
    if target_value is not None and target_value == 0:
        target_value = ZERO_REPLACEMENT
        replaced.append("target")
    sign = -1 if y0 < 0 else 1
    method = 1 if target_value is None else 2
    if method == 1:
        coefficient = limit_coefficient(y0, limit) if limit is not None else None
        scale = 1.0 if coefficient is None else coefficient
        thresholds = tuple(NO_TARGET_THRESHOLDS[k] * scale for k in ("high", "med", "low"))
    else:
        coefficient = None
        thresholds = tuple(TARGET_THRESHOLDS[k] for k in ("high", "med", "low"))
    achieved = target_value is not None and ((d == -1 and yi <= target_value) or (d == 1 and yi >= target_value))
    value, growth, required, ratio, reason = _progress_value(
        y0, yi, elapsed, d, sign, method, target_value, horizon, replaced
    )
    published = grade(value, thresholds, achieved)
    if published == ProgressStatus.NOT_AVAILABLE and not reason:
        reason = "not enough data"
    status = published
    lower, upper = interval
    if (
        options.no_clear_change
        and published not in (ProgressStatus.TARGET_ACHIEVED, ProgressStatus.NOT_AVAILABLE)
        and not is_missing(lower)
        and not is_missing(upper)
        and lower <= y0 <= upper
    ):
        status = ProgressStatus.NO_CLEAR_CHANGE
        reason = "the current figure's interval covers the base value (Områdemonitor's addition)"
    return Progress(
        status,
        growth=growth,
        required_growth=required,
        ratio=ratio,
        progress_value=value,
        thresholds=thresholds,
        coefficient=coefficient,
        published_status=published,
        replaced=tuple(replaced),
        reason=reason,
        **known,
    )


def _progress_value(y0, yi, elapsed, d, sign, method, target_value, horizon, replaced):
    """sdg-build's ``calculate_progress_value``: P, with the growths behind it, or None and why.

    ``elapsed`` is the time in years from the base to the current period, ``horizon`` from the base
    period to the target year (None without a target year)."""
    if y0 == 0:
        y0 = ZERO_REPLACEMENT
        replaced.append("base")
    if (y0 > 0 and yi < 0) or (y0 < 0 and yi > 0):
        return None, None, None, None, "the base and current values have opposite signs"
    if elapsed <= 0:  # the base period is the current one (for years: ti - t0 < 1)
        return None, None, None, None, "fewer than two periods with figures"
    growth = cagr(y0, yi, elapsed)
    if method == 1:
        return sign * d * growth, growth, None, None, ""
    if horizon is None or horizon <= 0:
        return None, growth, None, None, "the target year is not after the base year"
    if (target_value > 0) != (y0 > 0):
        return None, growth, None, None, "the base value and the target have opposite signs"
    required = cagr(y0, target_value, horizon)
    if required == 0:  # base already at the target and slipping: sdg-build divides by zero
        return (
            -1.0,
            growth,
            0.0,
            None,
            "the base value equals the target and the current value has slipped (Områdemonitor's handling)",
        )
    ratio = sign * d * growth / abs(required)
    return ratio, growth, required, ratio, ""
