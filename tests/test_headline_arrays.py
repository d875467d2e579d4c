"""The headline table and the progress status judged on arrays (``analysis.split_points``,
``progress.progress_of``) give exactly what the per-area pandas code gave before (issue 14).

The old implementation is kept here, unchanged, as the reference: ``old_headline_rows``,
``old_progress_status``, ``old_headline_table`` and ``old_indicator_progress``; ``old_progress_status``
picks the base and current figures the old way and grades them with the current ``progress._graded``,
whose body did not change (split out of ``progress_of`` afterwards). They are compared with
the new functions on the demo store and on random panels with hidden, suppressed and missing figures,
intervals, negative values, zeros and targets.
"""

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from omrademonitor import figures, tracking
from omrademonitor.analysis import (
    HEADLINE_COLUMNS,
    Assessment,
    against_city,
    assess,
    headline_rows,
    latest_shown,
    value_in,
)
from omrademonitor.indicator_registry import Direction, Target, TargetSource
from omrademonitor.progress import (
    DEFAULT_BASE_YEAR,
    Progress,
    ProgressOptions,
    ProgressStatus,
    _graded,
    natural_limit,
    progress_status,
)
from omrademonitor.setup_db import PROGRAMMES_DIR

# --- the old implementation (as of 1e00f8a), the reference ----------------------------------------


def old_headline_rows(observations, indicator, area_codes, reference_code):
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
                "baseline_period": None if baseline is None else indicator.baseline_year,  # added with period types
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


def old_progress_status(
    series, indicator, baseline_year=None, target_value=None, target_year=None, options=None, limit=None
):
    options = options or ProgressOptions()
    if indicator.direction == Direction.NONE:
        return Progress(ProgressStatus.NOT_APPLICABLE, reason="no direction (Områdemonitor's addition)")
    baseline_year = baseline_year if baseline_year is not None else indicator.baseline_year
    base_year = DEFAULT_BASE_YEAR if baseline_year is None else baseline_year
    if target_value is None and indicator.target is not None and indicator.target.adopted:
        target_value, target_year = indicator.target.value, indicator.target.year
    limit = natural_limit(indicator) if limit is None else limit
    d = 1 if indicator.direction == Direction.HIGHER else -1
    rows = series[series["value"].notna()]
    if "status" in rows:
        rows = rows[rows["status"] != "suppressed"]
    rows = rows.sort_values("period")
    if rows.empty:
        return Progress(ProgressStatus.NOT_AVAILABLE, reason="no shown figures")
    current = rows.iloc[-1]
    ti, yi = int(current["period"]), float(current["value"])
    later = rows[rows["period"] >= base_year]
    if later.empty:
        reason = "no figure at or after the base year"
        return Progress(ProgressStatus.NOT_AVAILABLE, latest_period=ti, latest_value=yi, reason=reason)
    base = later.iloc[0]
    t0, y0 = int(base["period"]), float(base["value"])
    known = dict(base_period=t0, base_value=y0, latest_period=ti, latest_value=yi, limit=limit)
    horizon = None if target_year is None else target_year - t0  # years: ti - t0 and target_year - t0
    interval = current.get("ci_lower"), current.get("ci_upper")
    return _graded(y0, yi, ti - t0, horizon, d, target_value, limit, interval, options, known)  # unchanged


def _old_progress(series, ind, target):
    if target is None:
        return old_progress_status(series, ind)
    return old_progress_status(series, ind, target_value=target.value, target_year=target.year)


def old_headline_table(store, registry, programme):
    areas = programme.programme_area_codes
    city = programme.municipality_code
    headline = [ind for ind in programme.indicators(registry) if ind.headline]
    found = figures.area_figures(store, [ind.id for ind in headline], [*areas, city])
    frames = []
    for ind in headline:
        obs = found[found["indicator_id"] == ind.id]
        rows = old_headline_rows(obs, ind, areas, city).assign(focus_area=programme.focus_of(ind.id, registry))
        rows["progress"] = [
            _old_progress(obs[obs["area_code"] == code], ind, programme.target_for(ind.id, code)).status
            for code in rows["area_code"]
        ]
        frames.append(rows)
    if not frames:
        return pd.DataFrame(columns=[*HEADLINE_COLUMNS, "focus_area", "progress"])
    return pd.concat(frames, ignore_index=True)


def old_indicator_progress(store, registry, programme, goals, measures, options=None):
    effect = goals.effect_indicators()
    carried = {}
    for measure in measures:
        for output in measure.outputs:
            for code in measure.area_codes:
                carried.setdefault((output.indicator_id, code), []).append(measure)
    wanted = list(dict.fromkeys([*effect, *(indicator_id for indicator_id, _ in carried)]))
    found = figures.area_figures(store, wanted, programme.programme_area_codes)
    rows = []
    for indicator_id in wanted:
        indicator = registry[indicator_id]
        obs = found[found["indicator_id"] == indicator_id]
        for code in programme.programme_area_codes:
            carriers = carried.get((indicator_id, code), [])
            if indicator_id not in effect and not carriers:
                continue
            target_value, target_year, kind = tracking._target(
                indicator, indicator_id, carriers, programme.target_for(indicator_id, code)
            )
            used = kind in tracking.USED_TARGETS
            result = old_progress_status(
                obs[obs["area_code"] == code],
                indicator,
                None,
                target_value if used else None,
                target_year if used else None,
                options,
            )
            rows.append(
                {
                    "indicator_id": indicator_id,
                    "focus_area": tracking._focus_of(programme, registry, goals, indicator_id),
                    "role": "effect" if indicator_id in effect else "output",
                    "goals": [g.id for g in goals.goals_evidenced_by(indicator_id)],
                    "measures": [m.measure_id for m in carriers],
                    "area_code": code,
                    "status": result.status.value,
                    "group": tracking.GROUP_OF[result.status].value,
                    "base_period": result.base_period,
                    "base_value": result.base_value,
                    "latest_period": result.latest_period,
                    "latest_value": result.latest_value,
                    "target_value": target_value,
                    "target_year": target_year,
                    "target_kind": None if kind is None else kind.value,
                    "published_status": None if result.published_status is None else result.published_status.value,
                    "ratio": result.ratio,
                }
            )
    return pd.DataFrame(rows)


# --- the demo store --------------------------------------------------------------------------------


def test_headline_table_is_identical_on_the_demo_store(store, registry, programme):
    new = figures.headline_table(store, registry, programme)
    old = old_headline_table(store, registry, programme)
    assert len(new) > 0
    pd.testing.assert_frame_equal(new, old)


@pytest.mark.parametrize("no_clear_change", [True, False])
def test_indicator_progress_is_identical_on_the_demo_store(store, registry, programme, no_clear_change):
    goals = tracking.stored_goals(store, programme, registry, PROGRAMMES_DIR)
    measures = tracking.stored_measures(store, programme.id)
    options = ProgressOptions(no_clear_change=no_clear_change)
    new = tracking.indicator_progress(store, registry, programme, goals, measures, options)
    old = old_indicator_progress(store, registry, programme, goals, measures, options)
    assert len(new) > 0
    pd.testing.assert_frame_equal(new, old)


# --- random panels ---------------------------------------------------------------------------------

AREAS = ["a1", "a2", "a3"]
CITY = "city"
SOURCE = TargetSource(document={"nb": "Test", "en": "Test"}, date=dt.date(2024, 1, 1))
VALUES = st.one_of(
    st.none(),  # hidden or missing
    st.sampled_from([0.0, -3.0, 50.0, 100.0]),
    st.floats(min_value=-500, max_value=500, allow_nan=False).map(lambda v: round(v, 2)),
)


@st.composite
def series_rows(draw, code):
    periods = draw(st.lists(st.integers(2008, 2026), unique=True, max_size=8))
    rows = []
    for period in periods:
        value = draw(VALUES)
        status = draw(st.sampled_from(["final", "provisional", "suppressed"]))
        ci = draw(st.one_of(st.none(), st.tuples(VALUES, VALUES)))
        low, high = (None, None) if ci is None else (min_none(ci), max_none(ci))
        rows.append(
            {"area_code": code, "period": period, "value": value, "status": status, "ci_lower": low, "ci_upper": high}
        )
    return rows


def min_none(pair):
    if None in pair:
        return pair[0]
    return min(pair)


def max_none(pair):
    if None in pair:
        return pair[1]
    return max(pair)


@st.composite
def panels(draw):
    rows = [row for code in [*AREAS, CITY] for row in draw(series_rows(code))]
    order = draw(st.permutations(range(len(rows))))  # any row order: the new code sorts by period itself
    frame = pd.DataFrame(
        [rows[i] for i in order], columns=["area_code", "period", "value", "status", "ci_lower", "ci_upper"]
    )
    frame["indicator_id"] = "x"
    frame["period"] = frame["period"].astype("int64")
    for column in ("value", "ci_lower", "ci_upper"):
        frame[column] = frame[column].astype(float)
    return frame


@st.composite
def indicators(draw, registry):
    indicator = draw(st.sampled_from(list(registry)))
    update = {
        "id": "x",
        "direction": draw(st.sampled_from(list(Direction))),
        "baseline_year": draw(st.one_of(st.none(), st.integers(2010, 2024))),
    }
    target = draw(st.one_of(st.none(), st.tuples(st.sampled_from([0.0, 10.0, -2.0, 80.0]), st.integers(2012, 2032))))
    status = draw(st.sampled_from(["adopted", "proposed"]))
    if target is None:
        update["target"] = None
    else:
        source = SOURCE if status == "adopted" else None
        update["target"] = Target(value=target[0], year=target[1], status=status, source=source, entered_by="test")
    return indicator.model_copy(update=update)


# 150 random panels per property (before: 300, twice the time for the old/new comparison's long tail)
PROPERTY_SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _same(new, old):
    """Equal, counting NaN as equal to NaN (a Progress's floats)."""
    assert new.__class__ is old.__class__
    for field in new.__dataclass_fields__:
        a, b = getattr(new, field), getattr(old, field)
        if isinstance(a, float) and isinstance(b, float) and np.isnan(a) and np.isnan(b):
            continue
        assert a == b and type(a) is type(b), (field, a, b)


@PROPERTY_SETTINGS
@given(data=st.data())
def test_headline_rows_are_identical_on_random_panels(registry, data):
    frame = data.draw(panels())
    indicator = data.draw(indicators(registry))
    new = headline_rows(frame, indicator, AREAS, CITY)
    old = old_headline_rows(frame, indicator, AREAS, CITY)
    pd.testing.assert_frame_equal(new, old)


@PROPERTY_SETTINGS
@given(data=st.data())
def test_progress_is_identical_on_random_panels(registry, data):
    frame = data.draw(panels())
    indicator = data.draw(indicators(registry))
    target = data.draw(
        st.one_of(st.none(), st.tuples(st.sampled_from([0.0, 5.0, -1.0, 95.0]), st.integers(2010, 2032)))
    )
    no_clear_change = data.draw(st.booleans())
    options = ProgressOptions(no_clear_change=no_clear_change)
    value, year = (None, None) if target is None else target
    for code in [*AREAS, CITY]:
        series = frame[frame["area_code"] == code]
        try:
            old = old_progress_status(series, indicator, None, value, year, options)
        except (OverflowError, ZeroDivisionError) as error:
            with pytest.raises(type(error)):
                progress_status(series, indicator, None, value, year, options)
            continue
        _same(progress_status(series, indicator, None, value, year, options), old)
