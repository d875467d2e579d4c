"""The effect page's result blocks: the estimate with its inference, and the balance table."""

from __future__ import annotations

import streamlit as st

from omrademonitor.effects import EffectResult
from omrademonitor.i18n import format_change, format_number, t
from omrademonitor.registry import Indicator, Registry


def estimate_view(result: EffectResult, indicator: Indicator, lang: str) -> None:
    """Effect, placebo interval, permutation p-value and MDE; sizes, the clustered interval, and notes."""
    estimate, placebo = result.estimate, result.placebo
    unit, decimals = indicator.unit.value, indicator.decimals + 1

    def change(x: float) -> str:
        return format_change(x, unit, decimals, lang)

    columns = st.columns(4)
    columns[0].metric(t("estimated_effect", lang), change(estimate.effect))
    interval = f"{format_number(placebo.ci_low, decimals, lang)} – {format_number(placebo.ci_high, decimals, lang)}"
    columns[1].metric(t("interval_95", lang), interval, help=t("interval_help", lang))
    columns[2].metric(t("permutation_p", lang), format_number(placebo.p_value, 3, lang))
    columns[3].metric(t("mde", lang), change(result.mde).lstrip("+"), help=t("mde_help", lang))
    st.caption(
        t(
            "effect_sizes",
            lang,
            units=estimate.n_units,
            treated=estimate.n_treated,
            periods=estimate.n_periods,
            obs=estimate.n_obs,
            low=change(estimate.ci_low),
            high=change(estimate.ci_high),
        )
    )
    if placebo.ci_low > 0 or placebo.ci_high < 0:
        st.markdown(t("verdict_effect", lang))
    else:
        st.markdown(t("verdict_none", lang, mde=change(result.mde).lstrip("+")))
    if "few_treated" in result.notes:
        st.info(t("few_treated_note", lang, treated=estimate.n_treated, draws=placebo.n_draws))
    if "few_draws" in result.notes:
        st.warning(t("few_draws_note", lang, floor=format_number(1 / (1 + placebo.n_draws), 3, lang)))


def balance_view(balance, registry: Registry, lang: str) -> None:
    """Pre-programme means and standardised differences of the matching indicators."""
    st.subheader(t("balance", lang))
    st.caption(t("balance_help", lang))
    table = balance.assign(indicator_id=[registry[i].name.get(lang) for i in balance["indicator_id"]]).rename(
        columns={
            "indicator_id": t("indicator", lang),
            "programme_areas": t("programme_areas_column", lang),
            "matched": t("matched_column", lang),
            "all_candidates": t("all_candidates_column", lang),
            "std_diff_matched": t("std_diff_matched", lang),
            "std_diff_all": t("std_diff_all", lang),
        }
    )
    st.dataframe(table.round(3), hide_index=True, width="stretch")
