"""Effect evaluation: difference-in-differences for one outcome, programme area and comparison
design, with placebo inference, the year-by-year view, balance, power, method, exact inputs and
(for researchers) the panel behind the estimate."""

import json

import streamlit as st

from omrademonitor import labels
from omrademonitor.access import Permission
from omrademonitor.effects import (
    Comparison,
    Design,
    default_first_post_period,
    estimable,
    reproduction_script,
)
from omrademonitor.exports import safe_file_name, to_parquet
from omrademonitor.i18n import t
from omrademonitor.presentation.effect_tables import comparison_basis_text
from omrademonitor.presentation.texts import effect_panel_codebook
from ui import cached
from ui.chrome import dashboard_page, demo_banner, lazy_expander, url_selectbox
from ui.downloads import csv_file, download_button
from ui.effect_views import balance_view, estimate_view, event_study_view

lang, principal, programme, registry, version, scope = dashboard_page()
st.title(t("nav_effects", lang))
demo_banner(lang)
st.caption(t("effects_intro", lang))

own = [i.id for i in programme.indicators(registry)]
candidates = [i for i in dict.fromkeys([*own, *registry.ids()]) if estimable(registry[i])]  # the programme's first
left, middle, right = st.columns(3)
indicator_id = url_selectbox(
    left,
    t("effect_indicator", lang),
    candidates,
    "indicator",
    lambda i: registry[i].name.get(lang),
    default="persistent_low_income",
)
indicator = registry[indicator_id]
areas = programme.programme_area_names
if len(areas) > 1:
    areas = {"both": t("both_areas", lang)} | areas
treated_key = url_selectbox(middle, t("programme_area_label", lang), list(areas), "treated", areas.get)
treated = tuple(programme.programme_area_codes) if treated_key == "both" else (treated_key,)
designs = [Comparison.ALL.value, Comparison.SIMILAR.value] + (
    [Comparison.DESIGNATED.value] if programme.comparison_areas else []
)
comparison = url_selectbox(
    right,
    t("comparison_design", lang),
    designs,
    "design",
    lambda d: t(
        labels.DESIGNATED_COMPARISON_LABEL_KEYS[programme.comparison_basis]
        if d == Comparison.DESIGNATED
        else labels.COMPARISON_LABEL_KEYS[d],
        lang,
    ),
)
if comparison == Comparison.DESIGNATED:
    right.caption(comparison_basis_text(programme, lang))
default_start = default_first_post_period(programme)
left, middle, right = st.columns(3)
first_post = int(
    left.number_input(
        t("first_post_year", lang),
        programme.start_year - 3,
        programme.end_year + 1,
        default_start,
        key="first_post",
        help=t("first_post_help", lang, start=programme.start_year, default=default_start),
    )
)
matching: tuple[str, ...] = ()
neighbours = 8
if comparison == Comparison.SIMILAR:
    matching = tuple(
        middle.multiselect(
            t("matching_indicators", lang),
            candidates,
            [indicator_id],
            format_func=lambda i: registry[i].name.get(lang),
            key="matching",
        )
    )
    neighbours = int(right.number_input(t("neighbours", lang), 3, 20, 8, key="neighbours"))
design = Design(indicator_id, treated, first_post, Comparison(comparison), matching, neighbours)

with st.spinner():
    result = cached.effect(version, programme.id, design)
if not result.ok:
    st.warning(t(labels.INSUFFICIENT_LABEL_KEYS[result.insufficient], lang, reason=result.detail))
    st.stop()

estimate_view(result, indicator, lang)
st.subheader(t("event_study", lang))
chart = cached.effect_chart(version, programme.id, design, lang)
st.plotly_chart(chart, width="stretch", config={"displaylogo": False})
event_study_view(result, indicator, first_post, lang)
if result.balance is not None:
    balance_view(result.balance, registry, lang)

spec = cached.effect_specification(version, programme.id, design)
with lazy_expander(t("method_and_inputs", lang), "effect_method") as method_box:
    if method_box.open:
        st.markdown(t("method_text", lang))
        st.json(spec, expanded=False)
        st.markdown(f"**{t('reproduce_heading', lang)}**")
        st.code(reproduction_script(spec), language="python")
if principal.can(Permission.DOWNLOAD):
    stem = f"{indicator_id}-{'-'.join(treated)}-{comparison}"
    # The files are made when a button is pressed (a callable), not on every run of the page.
    columns = st.columns(4)
    download_button(
        columns[0],
        t("download_panel_csv", lang),
        csv_file(result.panel),
        safe_file_name(stem, "csv"),
        "text/csv",
    )
    download_button(
        columns[1],
        t("download_panel_parquet", lang),
        lambda: to_parquet(result.panel),
        safe_file_name(stem, "parquet"),
    )
    download_button(
        columns[2],
        t("download_codebook", lang),
        lambda: effect_panel_codebook(indicator, spec, lang),
        safe_file_name(f"{stem}-codebook", "md"),
        "text/markdown",
    )
    download_button(
        columns[3],
        t("download_spec", lang),
        lambda: json.dumps(spec, indent=2, ensure_ascii=False),
        safe_file_name(f"{stem}-inputs", "json"),
        "application/json",
    )
