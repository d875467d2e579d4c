"""Effect evaluation from the store: the comparison design, the panel behind an estimate, the
estimates themselves (``did.py``), their power, and everything needed to reproduce them.

Units are living-condition zones (levekårssoner), the level at which the programme areas are
defined. Figures come through ``figures.observations``, so hidden figures are missing, never zeros.

Before and after. ``Design.first_post_period`` is a *year*: the first year the programme can have
changed anything. A period belongs to "after" when it **ends** in or after that year
(``periods.first_in_year``): for years, quarters, half-years and months this is the same as starting
in or after it (2023K1 is the first quarter after when the first year is 2023); a multi-year period
counts as after as soon as its last year is (2021-2023 is after when the first year is 2023, 2020-2022
before). So every period called "before", and the event study's reference period, lies wholly before
the programme could act; a multi-year period that straddles the start is "after" with part of its
years before, which dilutes the estimated effect towards zero rather than letting the programme's
effect show up as a pre-trend. The event study counts its periods in the indicator's own steps
(quarters for a quarterly indicator: k = −1 is the last quarter before the start).
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import warnings
from dataclasses import asdict, dataclass, field
from enum import StrEnum

import numpy as np
import pandas as pd
from threadpoolctl import threadpool_limits

from omrademonitor import did
from omrademonitor.disclosure import Policy
from omrademonitor.figures import observations as published_figures
from omrademonitor.indicator_registry import Indicator, Kind, Registry
from omrademonitor.periods import DEFAULT_SPAN, PeriodType, first_in_year, ordinal
from omrademonitor.periods import code as period_code
from omrademonitor.programme import Programme
from omrademonitor.scope import build_scope

LEVEL = "levekarssone"
MIN_COMPARISON_UNITS = 5
FEW_TREATED = did.FEW_TREATED  # below this many treated units, cluster-robust intervals are not to be trusted


class Comparison(StrEnum):
    """Which areas the programme areas are compared with."""

    ALL = "all"  # every other zone
    DESIGNATED = "designated"  # the comparison areas listed in the programme file (see Programme.comparison_basis)
    SIMILAR = "similar"  # the zones most like each programme area before the programme


@dataclass(frozen=True)
class Design:
    """Everything that defines an estimate besides the data."""

    indicator_id: str
    treated: tuple[str, ...]
    first_post_period: int
    comparison: Comparison = Comparison.ALL
    matching_indicators: tuple[str, ...] = ()
    neighbours: int = 8
    max_draws: int = 2000
    seed: int = did.DEFAULT_SEED


def estimable(indicator: Indicator) -> bool:
    """Whether an effect can be estimated for an indicator: measured per zone, and not a measure's output."""
    return indicator.level == LEVEL and indicator.kind != Kind.OUTPUT


def default_first_post_period(programme: Programme) -> int:
    """The first year the programme can have changed anything: the year after the start year (the
    agreement was signed in December of the start year)."""
    return programme.start_year + 1


def first_post_reference(indicator: Indicator, first_post_year: int) -> int:
    """The stored reference of the indicator's first period "after" (see the module's docstring):
    ``first_post_year`` itself for years and multi-year periods, 2023K1 (20231) for quarters."""
    return first_in_year(first_post_year, indicator.period_type)


@dataclass
class EffectResult:
    """An estimate with its inference, or the reason there is none."""

    design: Design
    panel: pd.DataFrame
    comparison_units: list[str]
    balance: pd.DataFrame | None = None
    estimate: did.Estimate | None = None
    placebo: did.Placebo | None = None
    event_study: did.EventStudy | None = None
    mde: float | None = None
    insufficient: str | None = None  # why there is no estimate: a message code (``other``: see detail)
    detail: str = ""
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.insufficient is None


def zone_values(store, indicator: Indicator) -> pd.DataFrame:
    """Published zone-level figures of one indicator (area_code, area_name, period, value, status, batch_id)."""
    frame = published_figures(store, indicator, LEVEL)
    return frame[["area_code", "area_name", "period", "value", "status", "batch_id"]]


def pre_programme_means(store, registry: Registry, indicator_ids, first_post_period: int) -> pd.DataFrame:
    """Each zone's mean before the programme of each indicator (zones × indicators), over the periods
    that end before the year ``first_post_period``."""
    columns = {}
    for indicator_id in indicator_ids:
        indicator = registry[indicator_id]
        values = zone_values(store, indicator)
        start = first_post_reference(indicator, first_post_period)
        before = values[(values["period"] < start) & values["value"].notna()]
        columns[indicator_id] = before.groupby("area_code")["value"].mean()
    return pd.DataFrame(columns)


def similar_units(means: pd.DataFrame, treated: tuple[str, ...], candidates: list[str], k: int) -> dict[str, list[str]]:
    """For each treated zone, the ``k`` candidates nearest on the standardised pre-programme means
    (Euclidean distance; each indicator scaled by its spread among the candidates)."""
    usable = means.dropna()
    pool = usable.loc[[c for c in candidates if c in usable.index]]
    scale = pool.std(ddof=1).replace(0, 1.0)
    matches = {}
    for unit in treated:
        if unit not in usable.index:
            matches[unit] = []
            continue
        distance = np.sqrt((((pool - usable.loc[unit]) / scale) ** 2).sum(axis=1))
        matches[unit] = list(distance.sort_values(kind="stable").index[:k])
    return matches


def balance_table(
    means: pd.DataFrame, treated: tuple[str, ...], matched: list[str], candidates: list[str]
) -> pd.DataFrame:
    """Pre-programme means of the matching indicators: programme areas, matched and all candidates,
    with standardised differences (difference over the candidates' standard deviation)."""
    rows = []
    for indicator_id in means.columns:
        column = means[indicator_id]
        spread = column.reindex(candidates).std(ddof=1)
        treated_mean = column.reindex(list(treated)).mean()
        matched_mean = column.reindex(matched).mean()
        all_mean = column.reindex(candidates).mean()
        rows.append(
            {
                "indicator_id": indicator_id,
                "programme_areas": treated_mean,
                "matched": matched_mean,
                "all_candidates": all_mean,
                "std_diff_matched": (treated_mean - matched_mean) / spread if spread else np.nan,
                "std_diff_all": (treated_mean - all_mean) / spread if spread else np.nan,
            }
        )
    return pd.DataFrame(rows)


def matching_indicators(design: Design) -> tuple[str, ...]:
    """The indicators areas are matched on: those chosen, else the outcome itself; none unless matching."""
    if design.comparison != Comparison.SIMILAR:
        return ()
    return design.matching_indicators or (design.indicator_id,)


def comparison_design(
    store, registry: Registry, programme: Programme, design: Design, zones: list[str]
) -> tuple[list[str], pd.DataFrame | None]:
    """The comparison zones for a design, and the balance table when they were matched."""
    candidates = [z for z in zones if z not in programme.programme_area_codes]
    if design.comparison == Comparison.DESIGNATED:
        return [z for z in programme.comparison_areas if z in candidates], None
    if design.comparison == Comparison.ALL:
        return candidates, None
    means = pre_programme_means(store, registry, matching_indicators(design), design.first_post_period)
    matches = similar_units(means, design.treated, candidates, design.neighbours)
    chosen = sorted({z for found in matches.values() for z in found})
    return chosen, balance_table(means, design.treated, chosen, candidates)


def build_panel(
    values: pd.DataFrame,
    treated: tuple[str, ...],
    comparison: list[str],
    first_post_period: int,
    kind: PeriodType = PeriodType.YEAR,
    span: int = DEFAULT_SPAN,
) -> pd.DataFrame:
    """The long panel (unit, period, outcome, treated, post) plus each row's name, SSB's period code,
    status and batch. ``first_post_period`` is the stored reference of the first period after
    (``first_post_reference``); ``kind`` and ``span`` the indicator's period type, for the codes."""
    rows = values[values["area_code"].isin([*treated, *comparison])]
    return (
        pd.DataFrame(
            {
                "unit": rows["area_code"],
                "area_name": rows["area_name"],
                "period": rows["period"].astype(int),
                "period_code": [period_code(int(p), kind, span) for p in rows["period"]],
                "outcome": rows["value"].astype(float),
                "treated": rows["area_code"].isin(treated),
                "post": rows["period"] >= first_post_period,
                "status": rows["status"],
                "batch_id": rows["batch_id"],
            }
        )
        .sort_values(["unit", "period"])
        .reset_index(drop=True)
    )


def evaluate(store, registry: Registry, programme: Programme, design: Design) -> EffectResult:
    """Estimate the programme's effect on one indicator for the chosen programme areas."""
    indicator = registry[design.indicator_id]
    values = zone_values(store, indicator)
    # Only zones of the programme's own municipality: another programme's zones never enter the pool.
    zones = build_scope(store, programme).within(sorted(values["area_code"].unique()))
    values = values[values["area_code"].isin(zones)].reset_index(drop=True)
    comparison, balance = comparison_design(store, registry, programme, design, zones)
    start = first_post_reference(indicator, design.first_post_period)
    kind = indicator.period_type
    panel = build_panel(values, design.treated, comparison, start, kind, indicator.period_span)
    result = EffectResult(design, panel, comparison, balance)
    result.insufficient = _insufficiency(panel, design)
    if not result.ok:
        return result
    try:
        # Small matrices (a few hundred rows): BLAS threads only spin against each other and the app.
        with warnings.catch_warnings(), threadpool_limits(limits=1, user_api="blas"):
            warnings.simplefilter("ignore", did.DidWarning)  # kept as notes below, shown on the page
            result.estimate = did.did(panel)
            result.placebo = did.placebo_in_space(panel, result.estimate, design.max_draws, seed=design.seed)
            result.mde = did.minimum_detectable_effect(result.placebo.sd)
            result.event_study = did.event_study(panel, start, seed=design.seed, kind=kind)
    except did.PanelError as exc:
        result.insufficient, result.detail = "other", str(exc)
        return result
    if result.estimate.n_treated < FEW_TREATED:
        result.notes.append("few_treated")
    result.notes += [code for code in result.estimate.warnings if code not in result.notes]
    if result.placebo.n_draws < 19:
        result.notes.append("few_draws")
    return result


def _insufficiency(panel: pd.DataFrame, design: Design) -> str | None:
    """Why the panel cannot carry an estimate (a message code), or None."""
    shown = panel[panel["outcome"].notna()]
    for unit in design.treated:
        mine = shown[shown["unit"] == unit]
        if not (~mine["post"]).any():
            return "no_treated_before"
        if not mine["post"].any():
            return "no_treated_after"
    controls = shown[~shown["treated"]]
    both = controls.groupby("unit")["post"].agg(lambda p: p.any() and not p.all())
    if int(both.sum()) < MIN_COMPARISON_UNITS:
        return "too_few_comparison"
    return None


def indicator_digest(indicator: Indicator) -> str:
    """A short hash of an indicator's definition, so a reproduction can check it uses the same one."""
    return hashlib.sha256(indicator.model_dump_json().encode()).hexdigest()[:16]


def specification(result: EffectResult, registry: Registry, policy: Policy, data_version: str) -> dict:
    """The exact inputs of an estimate: enough to reproduce it from the downloaded panel."""
    design = result.design
    indicator = registry[design.indicator_id]
    batches = sorted(int(b) for b in result.panel["batch_id"].dropna().unique())
    software = {name: importlib.metadata.version(name) for name in ("numpy", "scipy", "pandas", "duckdb")}
    return {
        "indicator_id": design.indicator_id,
        "indicator_definition_sha256_16": indicator_digest(registry[design.indicator_id]),
        "level": LEVEL,
        "treated_units": list(design.treated),
        "comparison": design.comparison.value,
        "comparison_units": result.comparison_units,
        "matching_indicators": list(
            design.matching_indicators or ((design.indicator_id,) if design.comparison == Comparison.SIMILAR else ())
        ),
        "neighbours": design.neighbours if design.comparison == Comparison.SIMILAR else None,
        "first_post_period": design.first_post_period,
        "period_type": indicator.period_type.value,
        "first_post_reference": first_post_reference(indicator, design.first_post_period),
        "post_rule": "a period is after when it ends in or after first_post_period (the first year)",
        "event_study_reference_period": result.event_study.reference_period if result.event_study else None,
        "periods": sorted(int(p) for p in result.panel["period"].unique()),
        "model": "outcome ~ treated×post + unit FE + period FE (OLS), SE clustered by unit (CR1)",
        "event_study_model": "outcome ~ Σ_k treated×(period = first_post_period + k), k ≠ reference, + unit FE + "
        "period FE; reference = the last period before the start with a figure for every treated unit",
        "pre_trend_tests": {
            "permutation": "Σ(β_k/s_k)² over pre-period coefficients against placebo draws",
            "wald": "clustered Wald F-test of all pre-period coefficients, df (q, G−1)",
            "verdict_rests_on": result.event_study.primary if result.event_study else None,
        },
        "placebo": {"max_draws": design.max_draws, "seed": design.seed},
        "disclosure_policy": asdict(policy),
        "data_version": data_version,
        "import_batches": batches,
        "software": software,
    }


def reproduction_script(spec: dict) -> str:
    """Python that re-estimates from the downloaded panel with the same functions."""
    return "\n".join(
        [
            "import pandas as pd",
            "from omrademonitor import did",
            "",
            'panel = pd.read_parquet("panel.parquet")  # or pd.read_csv("panel.csv")',
            "estimate = did.did(panel)",
            f"placebo = did.placebo_in_space(panel, estimate, max_draws={spec['placebo']['max_draws']}, "
            f"seed={spec['placebo']['seed']})",
            f"events = did.event_study(panel, first_post_period={_first_post(spec)}, "
            f"reference={_relative_reference(spec)}, kind={spec.get('period_type', 'year')!r})",
            "print(estimate, placebo.p_value, placebo.ci_low, placebo.ci_high)",
            "print(events.reference_period, events.pre_trend_p, events.wald_p, events.verdict)",
        ]
    )


def _first_post(spec: dict) -> int:
    return spec.get("first_post_reference", spec["first_post_period"])


def _relative_reference(spec: dict):
    """The event study's reference as periods before the start (−2: two periods before)."""
    reference = spec.get("event_study_reference_period")
    if reference is None:
        return None
    kind = PeriodType(spec.get("period_type", "year"))
    return int(ordinal(reference, kind) - ordinal(_first_post(spec), kind))
