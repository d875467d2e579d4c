"""The difference-in-differences code gives the same numbers as before its placebo draws were computed at once
(tests/did_reference.py, the earlier code kept as it was).

The estimates, their standard errors, intervals and Wald tests come from the same arithmetic and are equal to
the bit. The placebo estimates are now sums over a Gram matrix of the units' residualised regressors rather
than one product with the n × n residual maker per draw: the same quantity, rounded differently. They agree
within 1e-12 of the largest placebo estimate (the differences are at most about 1e-13: the rounding error either way),
and the counts built on them (p-values, numbers of draws) are equal.
"""

import dataclasses
import warnings

import numpy as np
import pandas as pd
import pytest

from omrademonitor import did
from tests import did_reference as reference

TOLERANCE = 1e-12


def panel(seed: int, units: int, treated: int, gaps: float, periods=range(2013, 2026), start: int = 2023):
    rng = np.random.default_rng(seed)
    rows = []
    for u in range(units):
        level, slope = rng.normal(), rng.normal(scale=0.1)
        for year in periods:
            if rng.random() < gaps and not (u < treated and year == start - 1):
                continue
            effect = 1.5 if u < treated and year >= start else 0.0
            outcome = level + slope * (year - start) + rng.normal() + effect
            rows.append({"unit": f"z{u:02d}", "period": year, "outcome": outcome, "treated": u < treated})
    frame = pd.DataFrame(rows)
    frame["post"] = frame["period"] >= start
    return frame


def close(new, old) -> None:
    new, old = np.asarray(new, float), np.asarray(old, float)
    assert new.shape == old.shape
    assert (np.isnan(new) == np.isnan(old)).all()
    finite = ~np.isnan(old)
    scale = max(float(np.abs(old[finite]).max(initial=0.0)), np.finfo(float).tiny)
    assert np.abs(new[finite] - old[finite]).max(initial=0.0) <= TOLERANCE * scale


def same_results(frame: pd.DataFrame, max_draws: int = 2000, event_draws: int = 400) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", did.DidWarning)
        warnings.simplefilter("ignore", reference.DidWarning)
        estimate, old_estimate = did.did(frame), reference.did(frame)
        assert dataclasses.astuple(estimate) == dataclasses.astuple(old_estimate)
        placebo = did.placebo_in_space(frame, estimate, max_draws)
        old_placebo = reference.placebo_in_space(frame, old_estimate, max_draws)
        events = did.event_study(frame, 2023, max_draws=event_draws)
        old_events = reference.event_study(frame, 2023, max_draws=event_draws)
    close(placebo.effects, old_placebo.effects)
    for name in ("ci_low", "ci_high", "sd"):
        close(getattr(placebo, name), getattr(old_placebo, name))
    assert (placebo.p_value, placebo.n_draws, placebo.exhaustive) == (
        old_placebo.p_value,
        old_placebo.n_draws,
        old_placebo.exhaustive,
    )
    exact = ["relative", "period", "effect", "se", "ci_low", "ci_high", "reference"]
    pd.testing.assert_frame_equal(events.table[exact], old_events.table[exact], check_exact=True)
    for name in ("placebo_low", "placebo_high"):
        close(events.table[name], old_events.table[name])
    for name in ("pre_trend_p", "n_draws", "reference_period", "wald_p", "wald_f", "wald_df", "primary", "warnings"):
        assert getattr(events, name) == getattr(old_events, name), name


@pytest.mark.parametrize(
    ("seed", "units", "treated", "gaps"),
    [
        (1, 30, 2, 0.0),  # balanced: every combination of controls for the estimate, a sample for the event study
        (2, 40, 2, 0.15),  # gaps: some draws lack a year, whose placebo coefficient is missing
        (3, 25, 1, 0.3),  # one treated unit, many gaps
        (4, 45, 3, 0.05),  # more draws than max_draws: a seeded sample
    ],
)
def test_the_same_numbers_as_before(seed, units, treated, gaps):
    same_results(panel(seed, units, treated, gaps))


def test_few_units_and_draws_give_the_same_numbers():
    frame = panel(5, 12, 2, 0.1)
    same_results(frame, max_draws=30, event_draws=20)


def test_draws_solved_by_least_squares_are_equal_to_the_bit(monkeypatch):
    """With the conditioning limit at zero every draw is solved as before, draw by draw, and so is a panel
    with two rows for one unit and period."""
    frame = panel(6, 20, 2, 0.1)
    monkeypatch.setattr(did, "NORMAL_EQUATIONS_CONDITION", 0.0)
    for data in (frame, pd.concat([frame, frame[frame["unit"] == "z05"].head(1)], ignore_index=True)):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            new, old = did.event_study(data, 2023), reference.event_study(data, 2023)
        pd.testing.assert_frame_equal(new.table, old.table, check_exact=True)
        assert new.pre_trend_p == old.pre_trend_p


def test_the_residual_maker_is_shared_and_read_only(monkeypatch):
    monkeypatch.setattr(did, "_MAKERS", {})
    units, periods = np.array(["a", "a", "b", "b"], dtype=object), np.array([1, 2, 1, 2])
    maker = did._residual_maker(units, periods)
    assert did._residual_maker(units.copy(), periods.copy()) is maker
    assert np.array_equal(maker, reference._residual_maker(units, periods))
    assert not maker.flags.writeable
    assert did._residual_maker(units, np.array([1, 2, 2, 1])) is not maker


def test_draws_split_between_the_two_ways_give_the_same_numbers(monkeypatch):
    """A limit that sends about a quarter of the draws to least squares (as an ill-conditioned draw would be)."""
    monkeypatch.setattr(did, "NORMAL_EQUATIONS_CONDITION", 10.0)
    same_results(panel(6, 20, 2, 0.1))


def test_large_residual_makers_are_not_kept(monkeypatch):
    units, periods = np.array(["a", "a", "b", "b", "c", "c"], dtype=object), np.array([1, 2, 1, 2, 1, 2])
    monkeypatch.setattr(did, "_MAKERS", {})  # as in a new process: no other test's panel kept
    monkeypatch.setattr(did, "_MAKERS_BYTES", 6 * 6 * 8 - 1)
    assert did._residual_maker(units, periods) is not did._residual_maker(units, periods)


def test_the_reference_period_is_the_same_as_before():
    def outcome(module, frame):
        try:
            return module.reference_period(frame, 2023)
        except (did.PanelError, reference.PanelError) as exc:
            return str(exc)

    for seed in range(40):
        frame = panel(seed, 8, 3, 0.6, periods=range(2018, 2026), start=2030)  # many gaps; none are kept
        frame["post"] = frame["period"] >= 2023
        assert outcome(did, frame) == outcome(reference, frame)
    none_before = panel(1, 6, 2, 0.0)
    none_before = none_before[~(none_before["treated"] & ~none_before["post"])]
    assert outcome(did, none_before) == outcome(reference, none_before)


@pytest.mark.parametrize(
    ("n", "treated", "max_draws"), [(6, 2, 100), (58, 2, 2000), (58, 2, 400), (20, 3, 50), (30, 1, 10)]
)
def test_the_draws_are_the_same_as_before(n, treated, max_draws):
    units = [f"u{i:02d}" for i in range(n)]
    for seed in (did.DEFAULT_SEED, 7):
        assert did.placebo_draws(units, treated, max_draws, seed) == reference.placebo_draws(
            units, treated, max_draws, seed
        )
