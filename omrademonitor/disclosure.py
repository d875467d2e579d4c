"""Disclosure control: the one place that decides which figures may be published.

It runs when data, definitions or the deployment's policy change (``Writer`` publishes in the same
transaction), never when a page is viewed: every page, download, report and the SQL console read
the published layer this module produces.

**Primary rule** (as Statistics Norway and the Norwegian Institute of Public Health publish small
areas: a figure resting on fewer than 5 cases, or on a population under 10, is not shown; the
thresholds are per indicator, and the deployment can only raise them):
- a count of cases of 1 to ``min_count - 1`` is hidden (zero is shown: it is not an identifiable
  person, and both SSB and FHI publish zeros);
- a figure whose denominator is under ``min_denominator`` is hidden, and so are its counts.
A count that is the indicator's value (``unit: count``) is its own numerator, whatever columns the
file had. Figures the source already hid (SSB ":") stay hidden.

**Complementary rule** (``protection``): hidden counts are protected against subtraction in every
sum of the area hierarchy, across missing levels, and across indicators that carry the same count
(``counts:`` in the registry): a count hidden in one indicator is hidden in all. A reader who does
the sums with everything published cannot place a hidden count in a range narrower than its
threshold, nor recover any hidden count exactly. This follows the interval protection that SSB's
``GaussSuppression`` package offers (``rangeMin``) on top of its Gaussian-elimination secondary
suppression.

**Why a figure is hidden is not published.** Telling "few cases" apart from "hidden to protect
another" tells the reader which hidden figures are 1–4 and which are not, and with a sum that pins
them to a range of width 0–2 (found on the demonstration data). Every hidden figure is "skjermet".

No multi-year totals are published, so there are no sums across periods to protect.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from omrademonitor.indicator_registry import Disclosure, Indicator, Registry, Unit
from omrademonitor.protection import Hierarchy, System, keyed_order
from omrademonitor.schema import NUMBER_COLUMNS, PUBLISHED_COLUMNS
from omrademonitor.settings import DISCLOSURE_MIN_COUNT, DISCLOSURE_MIN_DENOMINATOR, Settings

HIDDEN_COLUMNS = NUMBER_COLUMNS  # a hidden figure shows none of its numbers


@dataclass(frozen=True)
class Policy:
    """The deployment's floor under every indicator's thresholds: it may tighten, never loosen them."""

    min_count: int = DISCLOSURE_MIN_COUNT
    min_denominator: int = DISCLOSURE_MIN_DENOMINATOR


DEFAULT_POLICY = Policy()


def policy_of(settings: Settings) -> Policy:
    """The disclosure floor a deployment's settings ask for."""
    return Policy(settings.disclosure_min_count, settings.disclosure_min_denominator)


def effective_rule(indicator: Indicator, policy: Policy = DEFAULT_POLICY) -> Disclosure:
    """The thresholds that apply to ``indicator`` in this deployment."""
    rule = indicator.disclosure
    return Disclosure(
        min_count=max(rule.min_count, policy.min_count),
        min_denominator=max(rule.min_denominator, policy.min_denominator),
    )


@dataclass(frozen=True)
class Publication:
    """What may be shown, and a summary of what was hidden and why (for administrators)."""

    observations: pd.DataFrame
    hidden_by_source: int
    hidden_by_rule: int
    hidden_to_protect: int
    unprotectable: int
    # per row of ``observations``: hidden by the source, by the primary rule, hidden at all
    flags: pd.DataFrame | None = None
    # counts that could not be protected, by system (count name, period); only non-zero ones
    unprotectable_by_system: dict = field(default_factory=dict)


def _numbers(frame: pd.DataFrame, column: str) -> np.ndarray:
    return pd.to_numeric(frame[column], errors="coerce").to_numpy(dtype=float)


def count_links(raw: pd.DataFrame, registry: Registry) -> pd.DataFrame:
    """One row per count an observation carries: its row, the count's name, area, period and size,
    whether it is a numerator, and the rule's thresholds for it."""
    columns = ["row", "name", "area_code", "period", "count", "is_numerator", "sensitive", "share"]
    # the rows of each indicator in turn (in the order each first appears), each in the order of ``raw``
    codes, indicator_ids = pd.factorize(raw["indicator_id"])
    order = np.argsort(codes, kind="stable")
    starts = np.searchsorted(codes[order], np.arange(len(indicator_ids) + 1))
    labels, areas, periods = raw.index.to_numpy(), raw["area_code"].to_numpy(), raw["period"].to_numpy()
    numbers: dict[str, np.ndarray] = {}  # each column read as numbers once, when first needed

    def column(name: str, rows: np.ndarray) -> np.ndarray:
        if name not in numbers:
            numbers[name] = _numbers(raw, name)
        return numbers[name][rows]

    parts: dict[str, list] = {c: [] for c in columns}
    for code, indicator_id in enumerate(indicator_ids):
        if indicator_id not in registry:
            continue
        rows = order[starts[code] : starts[code + 1]]
        indicator = registry[indicator_id]
        numerator_id, denominator_id = indicator.count_ids()
        numerator = column("numerator", rows)
        if indicator.value_is_count:
            numerator = np.where(np.isnan(numerator), column("value", rows), numerator)
        for name, counts, is_numerator in ((numerator_id, numerator, True), (denominator_id, None, False)):
            if name is None:
                continue
            parts["row"].append(labels[rows])
            parts["name"].append(np.full(len(rows), name, dtype=object))
            parts["area_code"].append(areas[rows])
            parts["period"].append(periods[rows])
            parts["count"].append(counts if is_numerator else column("denominator", rows))
            for flag_column, flag in (
                ("is_numerator", is_numerator),
                ("sensitive", indicator.has_counts),
                ("share", indicator.unit == Unit.PERCENT),
            ):
                parts[flag_column].append(np.full(len(rows), flag, dtype=bool))
    if not parts["row"]:
        return pd.DataFrame(columns=columns)
    return pd.DataFrame({name: np.concatenate(arrays) for name, arrays in parts.items()})


def primary_needs(raw: pd.DataFrame, links: pd.DataFrame, registry: Registry, policy: Policy) -> tuple:
    """The primary rule: the width each count it hides needs, and the rows hidden whatever their counts."""
    rules = {i: effective_rule(registry[i], policy) for i in raw["indicator_id"].unique() if i in registry}
    ids = raw["indicator_id"]
    min_count = ids.map({i: r.min_count for i, r in rules.items()}).fillna(0).to_numpy(dtype=float)
    min_denominator = ids.map({i: r.min_denominator for i, r in rules.items()}).fillna(0).to_numpy(dtype=float)
    position = pd.Series(np.arange(len(raw)), index=raw.index)
    denominator = _numbers(raw, "denominator")
    small_base = ~np.isnan(denominator) & (denominator < min_denominator)
    row = position[links["row"]].to_numpy(dtype=np.int64)
    count = links["count"].to_numpy(dtype=float)
    is_numerator = links["is_numerator"].to_numpy(dtype=bool)
    numerator = is_numerator & links["sensitive"].to_numpy(dtype=bool)
    need = np.zeros(len(links))
    cases = numerator & (count > 0)
    hidden_cases = cases & ((count < min_count[row]) | small_base[row])
    need[hidden_cases] = min_count[row][hidden_cases]
    base = ~is_numerator & small_base[row] & (count > 0)
    need[base] = np.maximum(need[base], min_denominator[row][base])
    return need, small_base


def publish(
    raw: pd.DataFrame,
    parents: dict[str, str | None],
    ranks: dict[str, int],
    registry: Registry,
    policy: Policy,
    key: str,
    extra_needs: pd.DataFrame | None = None,
) -> Publication:
    """The published layer for the current observations ``raw`` (columns as ``PUBLISHED_COLUMNS``).

    ``parents`` maps every area code to its parent's code, ``ranks`` gives each area's level rank
    (smallest areas 0), ``key`` is the deployment's secret that orders the choice of partners.
    ``extra_needs`` (name, period, area_code, need) hides more cells to protect sums outside the
    area hierarchy (a total and its breakdown categories, ``breakdown_publishing``).
    """
    raw = raw.reset_index(drop=True)
    links = count_links(raw, registry)
    need, small_base = primary_needs(raw, links, registry, policy)
    links = links.assign(need=need)
    cells = (
        links[links["count"].notna()]
        .groupby(["name", "period", "area_code"], sort=True)
        .agg(count=("count", "first"), need=("need", "max"))
        .reset_index()
    )
    if extra_needs is not None and len(extra_needs):
        extra = extra_needs.groupby(["name", "period", "area_code"])["need"].max()
        wanted = extra.reindex(pd.MultiIndex.from_frame(cells[["name", "period", "area_code"]])).fillna(0)
        cells["need"] = np.maximum(cells["need"].to_numpy(dtype=float), wanted.to_numpy(dtype=float))
    hidden_cells = _protect(cells, links, parents, ranks, key)
    cell_keys = ["name", "period", "area_code"]
    hidden_frame = pd.DataFrame(list(hidden_cells), columns=cell_keys).astype(links.dtypes[cell_keys].to_dict())
    hidden_rows = links[[*cell_keys, "row"]].merge(hidden_frame, on=cell_keys)["row"].to_numpy(dtype=np.int64)
    by_source = raw["status"].eq("suppressed").to_numpy()
    by_rule = np.zeros(len(raw), dtype=bool)
    # a row is hidden by the rule where a count it carries is: the largest need among the figures
    # of that count (links without a figure need nothing, so a cell's need is its links' largest)
    primary = links.groupby(cell_keys, sort=False)["need"].transform("max").to_numpy() > 0
    by_rule[links["row"].to_numpy(dtype=np.int64)[primary]] = True
    by_rule |= small_base
    hidden = by_source | by_rule
    hidden[hidden_rows] = True
    published = raw[PUBLISHED_COLUMNS].copy()
    for column in HIDDEN_COLUMNS:
        published[column] = published[column].astype(float).where(~hidden, np.nan)
    published.loc[hidden & published["status"].ne("missing").to_numpy(), "status"] = "suppressed"
    return Publication(
        observations=published,
        hidden_by_source=int(by_source.sum()),
        hidden_by_rule=int((by_rule & ~by_source).sum()),
        hidden_to_protect=int((hidden & ~by_rule & ~by_source).sum()),
        unprotectable=hidden_cells.unprotectable,
        flags=pd.DataFrame({"by_source": by_source, "by_rule": by_rule & ~by_source, "hidden": hidden}),
        unprotectable_by_system=dict(hidden_cells.by_system),
    )


class _HiddenCells(set):
    unprotectable = 0

    def __init__(self) -> None:
        super().__init__()
        self.by_system: dict[tuple[str, int], int] = {}


def _protect(cells: pd.DataFrame, links: pd.DataFrame, parents, ranks, key: str) -> _HiddenCells:
    """Run the complementary rule on every count and period that has a hidden count."""
    hidden = _HiddenCells()
    hierarchy = Hierarchy.build(parents, ranks)
    cells = cells.assign(position=cells["area_code"].map(hierarchy.index))
    cells = cells[cells["position"].notna() & (cells.groupby(["name", "period"])["need"].transform("max") > 0)]
    if cells.empty:
        return hidden
    bounds = _share_bounds(links)
    keys = zip(cells["name"], cells["period"], cells["area_code"], strict=True)
    cells = cells.assign(upper=np.array([bounds.get(k, np.inf) for k in keys], dtype=float))
    size = len(hierarchy.codes)
    # one system per (name, period), in their order; each one's cells are consecutive rows, in order
    cells = cells.sort_values(["name", "period"], kind="stable")
    names, periods = cells["name"].to_numpy(), cells["period"].to_numpy()
    all_positions = cells["position"].to_numpy(dtype=np.int64)
    counts, uppers, needs = (cells[c].to_numpy() for c in ("count", "upper", "need"))
    starts = np.flatnonzero(np.r_[True, (names[1:] != names[:-1]) | (periods[1:] != periods[:-1])])
    for start, end in zip(starts, [*starts[1:], len(cells)], strict=True):
        name, period = names[start], periods[start]
        positions = all_positions[start:end]
        values, upper = np.full(size, np.nan), np.full(size, np.inf)
        values[positions] = counts[start:end]
        upper[positions] = uppers[start:end]
        system = System(hierarchy, values, upper, keyed_order(key, name, period))
        for position, needed in zip(positions, needs[start:end], strict=True):
            if needed > 0:
                system.hide(position, needed)
        unprotectable = system.protect()
        hidden.unprotectable += unprotectable
        if unprotectable:
            hidden.by_system[(name, int(period))] = unprotectable
        hidden.update((name, period, hierarchy.codes[i]) for i in np.flatnonzero(system.hidden))
    return hidden


def _share_bounds(links: pd.DataFrame) -> dict[tuple, float]:
    """For shares, a numerator is at most its denominator: where the denominator is not hidden by
    the primary rule, the reader may know that bound. By (numerator name, period, area)."""
    share = links["share"].to_numpy(dtype=bool)
    is_numerator = links["is_numerator"].to_numpy(dtype=bool)
    numerators, denominators = share & is_numerator, share & ~is_numerator
    if not numerators.any() or not denominators.any():
        return {}
    rows = links["row"].to_numpy(dtype=np.int64)
    count, need = links["count"].to_numpy(dtype=float), links["need"].to_numpy(dtype=float)
    # a row carries one denominator at most: its count and need, by row
    denominator, denominator_need = np.full(rows.max() + 1, np.nan), np.full(rows.max() + 1, np.nan)
    denominator[rows[denominators]] = count[denominators]
    denominator_need[rows[denominators]] = need[denominators]
    upper, upper_need = denominator[rows[numerators]], denominator_need[rows[numerators]]
    known = ~np.isnan(upper) & (upper_need == 0)
    bounds: dict[tuple, float] = {}
    chosen = links[numerators][known]
    for cell, value in zip(
        zip(chosen["name"], chosen["period"], chosen["area_code"], strict=True), upper[known], strict=True
    ):
        bounds[cell] = min(bounds.get(cell, np.inf), value)
    return bounds
