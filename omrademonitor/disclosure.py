"""Disclosure control: the one place that decides which figures may be shown.

Rule (FHI/SSB practice, thresholds per indicator in the registry): a figure is hidden when it
rests on fewer than ``min_count`` cases (but more than none) or on a denominator below
``min_denominator``. Figures the source already hid (SSB ":") stay hidden. Hidden figures lose
value, counts and interval, keep their row, and say why.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from omrademonitor.registry import Indicator

HIDDEN_COLUMNS = ["value", "numerator", "denominator", "ci_lower", "ci_upper"]
REASON_SOURCE = "source"
REASON_SMALL_COUNT = "small_count"
REASON_SMALL_DENOMINATOR = "small_denominator"


def apply_disclosure(frame: pd.DataFrame, indicator: Indicator) -> pd.DataFrame:
    """A copy of ``frame`` (observation rows of one indicator) with small-count figures hidden.

    Adds ``suppression_reason`` (None where shown); hidden rows get status ``suppressed``.
    """
    out = frame.copy()
    rule = indicator.disclosure
    numerator = (
        pd.to_numeric(out.get("numerator"), errors="coerce")
        if "numerator" in out
        else pd.Series(np.nan, index=out.index)
    )
    denominator = (
        pd.to_numeric(out.get("denominator"), errors="coerce")
        if "denominator" in out
        else pd.Series(np.nan, index=out.index)
    )
    small_count = pd.Series(False, index=out.index)
    if indicator.has_counts:
        small_count = (numerator > 0) & (numerator < rule.min_count)
    small_denominator = denominator.notna() & (denominator < rule.min_denominator)
    at_source = out["status"].eq("suppressed")
    reason = pd.Series([None] * len(out), index=out.index, dtype=object)
    reason[small_denominator] = REASON_SMALL_DENOMINATOR
    reason[small_count] = REASON_SMALL_COUNT
    reason[at_source] = REASON_SOURCE
    hidden = reason.notna()
    for column in HIDDEN_COLUMNS:
        if column in out:
            out[column] = out[column].astype(float).where(~hidden, np.nan)
    out.loc[hidden, "status"] = "suppressed"
    out["suppression_reason"] = reason
    return out
