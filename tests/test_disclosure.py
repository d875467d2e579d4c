"""The primary rule as ``publish`` applies it: small counts and small denominators are hidden, zeros
and counts at the threshold are shown, counts delivered as plain values are their own numerator,
and nothing says why a figure is hidden."""

import numpy as np
import pandas as pd

from omrademonitor.disclosure import PUBLISHED_COLUMNS, Policy, effective_rule, publish

KEY = "test-key"


def published(registry, indicator_id, rows, policy=None, parents=None):
    """Publish rows of one indicator for areas without a hierarchy (no complementary hiding)."""
    frame = pd.DataFrame(rows, columns=["area_code", "value", "numerator", "denominator", "status"])
    frame = frame.assign(indicator_id=indicator_id, period=2024, ci_lower=np.nan, ci_upper=np.nan, batch_id=1)
    parents = parents or dict.fromkeys(frame["area_code"])
    ranks = dict.fromkeys(parents, 0)
    out = publish(frame[PUBLISHED_COLUMNS], parents, ranks, registry, policy or Policy(), KEY).observations
    return out.set_index("area_code")


def test_small_counts_are_hidden_but_zero_and_five_are_shown(registry):
    out = published(
        registry,
        "persistent_low_income",  # min_count 5, min_denominator 10
        [
            ("a", 4 / 120 * 100, 4, 120, "final"),
            ("b", 0.0, 0, 120, "final"),
            ("c", 5 / 120 * 100, 5, 120, "final"),
            ("d", 6 / 9 * 100, 6, 9, "final"),
            ("e", np.nan, np.nan, np.nan, "suppressed"),
            ("f", np.nan, np.nan, np.nan, "missing"),
        ],
    )
    assert out.loc["a", ["value", "numerator", "denominator", "ci_lower", "ci_upper"]].isna().all()
    assert out.loc["a", "status"] == "suppressed"
    assert out.loc["b", "value"] == 0.0 and out.loc["b", "status"] == "final"
    assert out.loc["c", "value"] == 5 / 120 * 100 and out.loc["c", "numerator"] == 5
    assert out.loc["d", "status"] == "suppressed" and np.isnan(out.loc["d", "denominator"])
    assert out.loc["e", "status"] == "suppressed"
    assert out.loc["f", "status"] == "missing"
    assert "suppression_reason" not in out.columns  # why a figure is hidden is not published


def test_a_count_delivered_as_a_plain_value_is_its_own_numerator(registry):
    """Issue 20 item 1: ``Område;År;Antall`` without a numerator column must not publish 2 households."""
    indicator = registry["municipal_housing_waiting_list"]
    assert indicator.value_is_count
    out = published(
        registry,
        indicator.id,
        [("a", 2.0, np.nan, np.nan, "final"), ("b", 0.0, np.nan, np.nan, "final"), ("c", 7.0, np.nan, np.nan, "final")],
    )
    assert out.loc["a", "status"] == "suppressed" and np.isnan(out.loc["a", "value"])
    assert out.loc["b", "value"] == 0.0 and out.loc["c", "value"] == 7.0


def test_indicators_without_counts_are_only_tested_on_denominator(registry):
    indicator = registry["school_wellbeing"]  # a mean score: no numerator
    assert not indicator.has_counts
    out = published(
        registry,
        indicator.id,
        [("a", 3.9, np.nan, 3, "final"), ("b", 4.1, np.nan, 300, "final")],
    )
    assert np.isnan(out.loc["a", "value"]) and out.loc["a", "status"] == "suppressed"
    assert out.loc["b", "value"] == 4.1


def test_a_higher_deployment_floor_hides_more(registry):
    rows = [("a", 6 / 120 * 100, 6, 120, "final")]
    assert published(registry, "persistent_low_income", rows).loc["a", "status"] == "final"
    stricter = published(registry, "persistent_low_income", rows, Policy(min_count=10, min_denominator=10))
    assert stricter.loc["a", "status"] == "suppressed"


def test_a_lone_hidden_part_of_a_sum_gets_a_partner(registry):
    parents = {"C": None, "z1": "C", "z2": "C", "z3": "C"}
    out = published(
        registry,
        "municipal_housing_waiting_list",
        [
            ("C", 40.0, np.nan, np.nan, "final"),
            ("z1", 3.0, np.nan, np.nan, "final"),
            ("z2", 17.0, np.nan, np.nan, "final"),
            ("z3", 20.0, np.nan, np.nan, "final"),
        ],
        parents=parents,
    )
    hidden = out.index[out["status"] == "suppressed"].tolist()
    assert "z1" in hidden and len(hidden) >= 2  # 3 = 40 − 17 − 20 otherwise


def test_input_is_not_modified(registry):
    frame = pd.DataFrame(
        [("persistent_low_income", "a", 2024, 3.0, 3, 100, np.nan, np.nan, "final", 1)], columns=PUBLISHED_COLUMNS
    )
    before = frame.copy()
    publish(frame, {"a": None}, {"a": 0}, registry, Policy(), KEY)
    pd.testing.assert_frame_equal(frame, before)


def test_deployment_policy_only_tightens(registry):
    indicator = registry["social_assistance_recipients"]  # min_count 10 in its file
    assert effective_rule(indicator, Policy(min_count=3, min_denominator=5)).min_count == 10
    assert effective_rule(indicator, Policy(min_count=20, min_denominator=50)).min_denominator == 50
