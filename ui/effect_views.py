"""The effect page's result blocks: the estimate with its inference, the event study and the balance table
(the tables themselves are made in ``presentation.effect_tables``)."""

from __future__ import annotations

import streamlit as st

from omrademonitor import did, labels
from omrademonitor.effects import Comparison, EffectResult
from omrademonitor.i18n import t
from omrademonitor.indicator_registry import Indicator, Registry
from omrademonitor.presentation.effect_tables import balance_in_words, event_table
from omrademonitor.presentation.formatting import (
    format_change,
    format_number,
    format_p_value,
    interval_text,
    p_value_text,
    period_text,
)
from ui.chrome import lazy_expander


def estimate_view(result: EffectResult, indicator: Indicator, lang: str) -> None:
    """Effect, placebo interval, permutation p-value and MDE; sizes, the clustered interval, and notes."""
    estimate, placebo = result.estimate, result.placebo
    unit, decimals = indicator.unit.value, indicator.decimals + 1

    def change(x: float) -> str:
        return format_change(x, unit, decimals, lang)

    columns = st.columns(4)
    columns[0].metric(t("estimated_effect", lang), change(estimate.effect))
    interval = interval_text(placebo.ci_low, placebo.ci_high, decimals, lang)
    columns[1].metric(t("interval_95", lang), interval, help=t("interval_help", lang))
    columns[2].metric(t("permutation_p", lang), format_p_value(placebo.p_value, lang))
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
    if "few_clusters" in result.notes:
        st.warning(t("few_clusters_note", lang, clusters=estimate.n_units, minimum=did.MIN_CLUSTERS))
    if "degenerate_variance" in result.notes:
        st.warning(t("degenerate_variance_note", lang, clusters=estimate.n_units))


def event_study_view(result: EffectResult, indicator: Indicator, first_post: int, lang: str) -> None:
    """The reference year, both pre-period tests, which one the verdict rests on, and the table by year."""
    events = result.event_study
    written = period_text(indicator, lang)
    panel = result.panel
    treated = panel[panel["treated"] & panel["outcome"].notna()]
    before = panel.loc[~panel["post"], "period"].unique()  # the periods before the start (effects.py)
    pre_years = sorted(int(p) for p in before if p > events.reference_period)
    wanted = len(result.design.treated)
    skipped = [y for y in pre_years if treated.loc[treated["period"] == y, "unit"].nunique() < wanted]
    skipped_text = t("event_reference_skipped", lang, years=", ".join(map(written, skipped))) if skipped else ""
    note = "event_reference_note" if indicator.annual else "event_reference_note_period"
    st.caption(t(note, lang, year=written(events.reference_period), skipped=skipped_text))
    st.markdown(f"**{t('pretrend_tests', lang)}**")
    lines = []
    if events.pre_trend_p is None:
        lines.append(t("pretrend_not_possible", lang, test=t("pretrend_name_permutation", lang)))
    else:
        lines.append(t("pretrend_permutation", lang, p=p_value_text(events.pre_trend_p, lang), draws=events.n_draws))
    if events.wald_p is None:
        lines.append(t("pretrend_not_possible", lang, test=t("pretrend_name_wald", lang)))
    else:
        q, df = events.wald_df
        lines.append(
            t(
                "pretrend_wald",
                lang,
                q=q,
                df=df,
                f=format_number(events.wald_f, 2, lang),
                p=p_value_text(events.wald_p, lang),
            )
        )
    st.markdown("  \n".join(f"- {line}" for line in lines))
    st.caption(t(labels.PRETREND_RESTS_ON_LABEL_KEYS[events.primary], lang, few=did.FEW_TREATED))
    verdict = events.verdict
    primary_p = events.primary_p if events.primary_p is not None else events.secondary_p
    if verdict == "unknown":
        st.info(t("pretrend_unknown", lang))
    elif verdict == "broken":
        hint = "" if result.design.comparison == Comparison.SIMILAR else " " + t("pretrend_broken_try_similar", lang)
        st.error(t("pretrend_broken", lang, p=p_value_text(primary_p, lang)) + hint)
    else:
        st.success(t("pretrend_ok", lang, p=p_value_text(primary_p, lang)))
    if events.disagreement:
        other = "wald" if events.primary == "permutation" else "permutation"
        st.warning(
            t(
                "pretrend_disagree",
                lang,
                other=t(labels.PRETREND_TEST_LABEL_KEYS[other], lang).lower(),
                primary=t(labels.PRETREND_TEST_LABEL_KEYS[events.primary], lang).lower(),
                p=p_value_text(events.secondary_p, lang),
            )
        )
    heading = t("event_table" if indicator.annual else "event_table_period", lang)
    with lazy_expander(heading, "effect_event_table") as table_box:
        if table_box.open:
            st.dataframe(event_table(events.table, indicator, lang), hide_index=True, width="stretch")


def balance_view(balance, registry: Registry, lang: str) -> None:
    """Pre-programme means and standardised differences of the matching indicators."""
    st.subheader(t("balance", lang))
    st.caption(t("balance_help", lang))
    st.dataframe(balance_in_words(balance, registry, lang), hide_index=True, width="stretch")
