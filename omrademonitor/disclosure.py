"""Disclosure control: the one place that decides which figures may be shown.

Primary rule (FHI/SSB practice, thresholds per indicator, with a deployment-wide floor that can
only tighten them): a figure is hidden when it rests on 1–4 cases or on a denominator under 10.
Figures the source already hid (SSB ":") stay hidden.

Complementary rule: where counts add up the area hierarchy (a district is the sum of its zones,
the city the sum of its districts), a lone hidden figure in a group could be recovered by
subtracting the others from the total. So in every group of a parent and its children, hidden
figures come at least two at a time: the smallest further child (or the parent) is hidden too,
repeated until no group has exactly one.

Hidden figures lose value, counts and interval, keep their row, and say why.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from omrademonitor.registry import Aggregation, Disclosure, Indicator

HIDDEN_COLUMNS = ["value", "numerator", "denominator", "ci_lower", "ci_upper"]
REASON_SOURCE = "source"
REASON_SMALL_COUNT = "small_count"
REASON_SMALL_DENOMINATOR = "small_denominator"
REASON_COMPLEMENTARY = "complementary"


@dataclass(frozen=True)
class Policy:
    """The deployment's floor under every indicator's thresholds: it may tighten, never loosen them."""

    min_count: int = 5
    min_denominator: int = 10


DEFAULT_POLICY = Policy()


def effective_rule(indicator: Indicator, policy: Policy = DEFAULT_POLICY) -> Disclosure:
    """The thresholds that apply to ``indicator`` in this deployment."""
    rule = indicator.disclosure
    return Disclosure(
        min_count=max(rule.min_count, policy.min_count),
        min_denominator=max(rule.min_denominator, policy.min_denominator),
    )


def is_additive(indicator: Indicator) -> bool:
    """Whether the indicator's counts add up the area hierarchy (so totals can reveal parts)."""
    return indicator.has_counts and indicator.aggregation in (Aggregation.RATIO, Aggregation.SUM)


def _numbers(frame: pd.DataFrame, column: str) -> pd.Series:
    if column not in frame:
        return pd.Series(np.nan, index=frame.index)
    return pd.to_numeric(frame[column], errors="coerce").astype(float)


def _hide(frame: pd.DataFrame, mask: pd.Series) -> None:
    for column in HIDDEN_COLUMNS:
        if column in frame:
            frame[column] = frame[column].astype(float).where(~mask, np.nan)
    frame.loc[mask, "status"] = "suppressed"


def apply_disclosure(frame: pd.DataFrame, indicator: Indicator, policy: Policy = DEFAULT_POLICY) -> pd.DataFrame:
    """A copy of ``frame`` (observation rows of one indicator) with the primary rule applied.

    Adds ``suppression_reason`` (None where shown); hidden rows get status ``suppressed``.
    Use ``disclose_panel`` for anything published: it adds the complementary rule.
    """
    out = frame.copy()
    rule = effective_rule(indicator, policy)
    numerator = _numbers(out, "numerator")
    denominator = _numbers(out, "denominator")
    small_count = (numerator > 0) & (numerator < rule.min_count)
    if not indicator.has_counts:
        small_count[:] = False
    small_denominator = denominator.notna() & (denominator < rule.min_denominator)
    reason = pd.Series([None] * len(out), index=out.index, dtype=object)
    reason[small_denominator] = REASON_SMALL_DENOMINATOR
    reason[small_count] = REASON_SMALL_COUNT
    reason[out["status"].eq("suppressed")] = REASON_SOURCE
    _hide(out, reason.notna())
    out["suppression_reason"] = reason
    return out


def disclose_panel(
    frame: pd.DataFrame, indicator: Indicator, parents: dict[str, str | None], policy: Policy = DEFAULT_POLICY
) -> pd.DataFrame:
    """Primary and complementary suppression over all areas and periods of one indicator.

    ``frame`` holds the indicator's observations at every level; ``parents`` maps each area code to
    its parent's. Every published figure of the indicator must come from this function's result.
    """
    out = apply_disclosure(frame, indicator, policy)
    if not is_additive(indicator) or out.empty:
        return out
    counts = _numbers(frame, "numerator").fillna(_numbers(frame, "value"))
    for _, rows in out.groupby("period"):
        codes = dict(zip(rows["area_code"], rows.index, strict=True))
        groups: dict[str, list[str]] = {}
        for code in codes:
            parent = parents.get(code)
            if parent in codes:
                groups.setdefault(parent, []).append(code)
        hidden = {code for code, idx in codes.items() if out.at[idx, "suppression_reason"] is not None}
        changed = True
        while changed:
            changed = False
            for parent, children in groups.items():
                members = [parent, *children]
                if sum(m in hidden for m in members) != 1:
                    continue
                shown_children = sorted((c for c in children if c not in hidden), key=lambda c: (counts[codes[c]], c))
                extra = shown_children[0] if shown_children else parent
                hidden.add(extra)
                out.at[codes[extra], "suppression_reason"] = REASON_COMPLEMENTARY
                changed = True
    _hide(out, out["suppression_reason"].notna())  # the complementary ones, once for every period
    return out
