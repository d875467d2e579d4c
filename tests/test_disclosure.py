"""Disclosure control: small counts and small denominators are hidden, and say why."""

import numpy as np
import pandas as pd

from omrademonitor.disclosure import apply_disclosure


def frame(rows):
    return pd.DataFrame(
        rows, columns=["area_code", "value", "numerator", "denominator", "ci_lower", "ci_upper", "status"]
    )


def test_small_counts_are_hidden_but_zero_and_five_are_shown(registry):
    indicator = registry["persistent_low_income"]  # min_count 5, min_denominator 10
    out = apply_disclosure(
        frame(
            [
                ("a", 4 / 120 * 100, 4, 120, 1.0, 8.0, "final"),
                ("b", 0.0, 0, 120, np.nan, np.nan, "final"),
                ("c", 5 / 120 * 100, 5, 120, np.nan, np.nan, "final"),
                ("d", 6 / 9 * 100, 6, 9, np.nan, np.nan, "final"),
                ("e", np.nan, np.nan, np.nan, np.nan, np.nan, "suppressed"),
            ]
        ),
        indicator,
    ).set_index("area_code")
    assert out.loc["a", "suppression_reason"] == "small_count"
    assert out.loc["a", ["value", "numerator", "denominator", "ci_lower", "ci_upper"]].isna().all()
    assert out.loc["a", "status"] == "suppressed"
    assert out.loc["b", "value"] == 0.0 and out.loc["b", "suppression_reason"] is None
    assert out.loc["c", "value"] == 5 / 120 * 100
    assert out.loc["d", "suppression_reason"] == "small_denominator"
    assert out.loc["e", "suppression_reason"] == "source"


def test_indicators_without_counts_are_only_tested_on_denominator(registry):
    indicator = registry["school_wellbeing"]  # a mean score: no numerator
    assert not indicator.has_counts
    out = apply_disclosure(
        frame(
            [
                ("a", 3.9, np.nan, 3, np.nan, np.nan, "final"),
                ("b", 4.1, np.nan, 300, np.nan, np.nan, "final"),
            ]
        ),
        indicator,
    ).set_index("area_code")
    assert np.isnan(out.loc["a", "value"]) and out.loc["a", "suppression_reason"] == "small_denominator"
    assert out.loc["b", "value"] == 4.1


def test_input_is_not_modified(registry):
    original = frame([("a", 3.0, 3, 100, np.nan, np.nan, "final")])
    apply_disclosure(original, registry["persistent_low_income"])
    assert original.loc[0, "value"] == 3.0 and original.loc[0, "status"] == "final"
