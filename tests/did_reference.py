"""TEST-ONLY COPY of the functions of omrademonitor/did.py that changed when the placebo draws came to be
computed at once (as they were at commit fd7542c), kept unchanged so that tests/test_did_equivalence.py can show
the faster code gives the same numbers. What did not change (the fit, the checks, the result types, the
constants) is imported from omrademonitor/did.py, and the functions whose bodies did not change (``did``,
``event_study``) run the current body with the old functions they call patched in.
"""

from __future__ import annotations

import itertools
import math
from unittest import mock

import numpy as np
import pandas as pd

from omrademonitor import did as did_module
from omrademonitor.did import (  # noqa: F401 (DidWarning and PanelError are read through this module by the tests)
    DEFAULT_SEED,
    PANEL_COLUMNS,
    DidWarning,
    Estimate,
    EventStudy,
    PanelError,
    Placebo,
    _both_sides,
)


def clean(panel: pd.DataFrame) -> pd.DataFrame:
    """The panel's rows with an outcome, checked: the columns exist and treatment is per unit."""
    missing = [c for c in PANEL_COLUMNS if c not in panel.columns]
    if missing:
        raise PanelError(f"the panel lacks the columns {', '.join(missing)}")
    rows = panel.loc[panel["outcome"].notna(), list(PANEL_COLUMNS)].copy()
    rows["outcome"] = rows["outcome"].astype(float)
    rows["treated"] = rows["treated"].astype(bool)
    rows["post"] = rows["post"].astype(bool)
    if (rows.groupby("unit")["treated"].nunique() > 1).any():
        raise PanelError("'treated' must be the same in every period of a unit")
    if (rows.groupby("period")["post"].nunique() > 1).any():
        raise PanelError("'post' must be the same for every unit in a period")
    return rows.reset_index(drop=True)


def _residual_maker(units: np.ndarray, periods: np.ndarray) -> np.ndarray:
    """M = I − F F⁺ for F the unit and period dummies: M·v is v with both fixed effects removed."""
    unit_dummies = pd.get_dummies(units).to_numpy(float)
    period_dummies = pd.get_dummies(periods).to_numpy(float)[:, 1:]
    fixed = np.hstack([unit_dummies, period_dummies])
    return np.eye(len(units)) - fixed @ np.linalg.pinv(fixed)


def did(*args, **kwargs) -> Estimate:
    """``omrademonitor.did.did`` as it was: its body did not change, only what it calls."""
    with _with_old_helpers():
        return did_module.did(*args, **kwargs)


def placebo_draws(control_units: list, n_treated: int, max_draws: int, seed: int = DEFAULT_SEED):
    """Sets of control units to treat as if treated: every combination when there are at most
    ``max_draws``, else a seeded random sample of distinct combinations."""
    total = math.comb(len(control_units), n_treated)
    if total <= max_draws:
        return [list(c) for c in itertools.combinations(control_units, n_treated)], True
    rng = np.random.default_rng(seed)
    chosen: set[tuple] = set()
    while len(chosen) < max_draws:
        chosen.add(tuple(sorted(rng.choice(len(control_units), n_treated, replace=False))))
    return [[control_units[i] for i in combo] for combo in sorted(chosen)], False


def placebo_in_space(
    panel: pd.DataFrame, estimate: Estimate, max_draws: int = 2000, level: float = 0.95, seed: int = DEFAULT_SEED
) -> Placebo:
    """Re-estimate on the comparison units alone, each draw treating as many of them as there are
    treated units. The p-value is the share of all estimates (the real one included) at least as
    far from zero as the real one; the interval is [β̂ − q(1−α/2), β̂ − q(α/2)] of the placebos."""
    rows = clean(panel)
    controls = rows[~rows["treated"]].reset_index(drop=True)
    units = controls["unit"].to_numpy()
    draws, exhaustive = placebo_draws(_both_sides(controls), estimate.n_treated, max_draws, seed)
    if len(draws) < 2:
        raise PanelError("too few comparison units for placebo estimates")
    maker = _residual_maker(units, controls["period"].to_numpy())
    y_tilde = maker @ controls["outcome"].to_numpy()
    post = controls["post"].to_numpy()
    assignment = np.column_stack([np.isin(units, draw) & post for draw in draws]).astype(float)
    d_tilde = maker @ assignment
    with np.errstate(divide="ignore", invalid="ignore"):
        effects = (d_tilde * y_tilde[:, None]).sum(axis=0) / (d_tilde * d_tilde).sum(axis=0)
    effects = effects[np.isfinite(effects)]
    alpha = 1 - level
    extreme = np.sum(np.abs(effects) >= abs(estimate.effect) - 1e-12)
    return Placebo(
        effects=effects,
        p_value=float((1 + extreme) / (1 + len(effects))),
        ci_low=float(estimate.effect - np.quantile(effects, 1 - alpha / 2)),
        ci_high=float(estimate.effect - np.quantile(effects, alpha / 2)),
        sd=float(np.std(effects, ddof=1)),
        n_draws=len(effects),
        exhaustive=exhaustive,
    )


def reference_period(panel: pd.DataFrame, first_post_period: int) -> int:
    """The last period before ``first_post_period`` in which every treated unit has a figure.

    Measuring effects against a period some treated unit lacks leaves that unit's level unidentified
    (its year terms duplicate its area effect), so such a period is never the reference.
    """
    rows = clean(panel)
    treated = rows[rows["treated"] & (rows["period"] < first_post_period)]
    per_unit = [set(group["period"]) for _, group in treated.groupby("unit")]
    common = set.intersection(*per_unit) if per_unit else set()
    if not common or len(per_unit) < rows.loc[rows["treated"], "unit"].nunique():
        raise PanelError(
            "no period before the start has a figure for every treated unit, so there is no reference period "
            "to measure the year-by-year effects against"
        )
    return int(max(common))


def event_study(*args, **kwargs) -> EventStudy:
    """``omrademonitor.did.event_study`` as it was: its body did not change, only what it calls."""
    with _with_old_helpers():
        return did_module.event_study(*args, **kwargs)


def _with_old_helpers():
    """The current module with this module's old ``clean``, reference period, residual maker and event
    placebos in place of its own, for the functions whose bodies are unchanged."""
    return mock.patch.multiple(
        did_module,
        clean=clean,
        _reference_period=reference_period,
        _residual_maker=_residual_maker,
        _event_placebos=_event_placebos,
    )


def _event_placebos(rows, relative, treated_relative, reference, max_draws, seed) -> np.ndarray:
    """Event-study coefficients with control units as if treated (one row per draw). Only control units
    with a figure in the reference period are drawn, as only for them are the coefficients identified."""
    n_treated = rows.loc[rows["treated"], "unit"].nunique()
    controls = rows[~rows["treated"]].reset_index(drop=True)
    control_relative = relative[~rows["treated"].to_numpy()]
    units = controls["unit"].to_numpy()
    at_reference = set(units[control_relative == reference])
    candidates = [u for u in _both_sides(controls) if u in at_reference]
    if len(candidates) < max(n_treated, 2) or math.comb(len(candidates), n_treated) < 2:
        return np.empty((0, len(treated_relative)))
    draws, _ = placebo_draws(candidates, n_treated, max_draws, seed)
    maker = _residual_maker(units, controls["period"].to_numpy())
    y_tilde = maker @ controls["outcome"].to_numpy()
    # A draw's regressor k is 1 exactly in the drawn units' rows of relative period k, so M·x is the sum
    # of M's columns at those rows: a few dozen columns instead of a product with the whole n × n matrix.
    column = {k: j for j, k in enumerate(treated_relative)}
    row_column = np.array([column.get(k, -1) for k in control_relative], dtype=int)
    rows_of = {u: np.flatnonzero((units == u) & (row_column >= 0)) for u in candidates}
    results = []
    for draw in draws:
        rows_in = np.concatenate([rows_of[u] for u in draw])
        selector = np.zeros((len(rows_in), len(treated_relative)))
        selector[np.arange(len(rows_in)), row_column[rows_in]] = 1.0
        x_tilde = maker[:, rows_in] @ selector
        usable = selector.any(axis=0)
        coefficients = np.full(len(treated_relative), np.nan)
        if usable.any():
            coefficients[usable] = np.linalg.lstsq(x_tilde[:, usable], y_tilde, rcond=None)[0]
        results.append(coefficients)
    return np.array(results)
