"""Disclosure control of the figures by breakdown (by sex, age group, immigrant background).

The totals are published as before (``publishing``). Each breakdown category is then its own
table: its counts go through the same primary and complementary rules over the area hierarchy,
under names of their own (the residents who are women are another count than all residents), so a
count hidden for women in one indicator is hidden for women in every indicator sharing it.

A total is also the sum of its categories where the counts add up (``aggregation: sum`` or
``ratio``; the categories of every breakdown are exhaustive, ``breakdowns``). So for each count,
period, area and breakdown, the equation *total = Σ categories* is checked against what is hidden:

- one hidden member alone (a category, or the total) could be recovered by subtraction;
- hidden categories whose published total leaves them a range narrower than a hidden one's need
  (their sum) pin it down.

Either way one more category is hidden (the smallest shown one, ties by code) with the need of the
hidden members, and the categories are protected again over the hierarchy; this repeats until
every equation holds (at most ``MAX_ROUNDS`` rounds; what is still open is counted as
unprotectable). The totals are never changed by this: a total is never hidden to protect a category.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from omrademonitor.disclosure import PUBLISHED_COLUMNS, Policy, Publication, count_links, effective_rule
from omrademonitor.indicator_registry import Aggregation, Indicator, Registry
from omrademonitor.schema import BREAKDOWN_COLUMNS

SEPARATOR = "~"
MAX_ROUNDS = 10


def part_id(indicator_id: str, breakdown: str, category: str) -> str:
    """The id a category of an indicator goes by in disclosure control: a table of its own."""
    return f"{indicator_id}{SEPARATOR}{breakdown}{SEPARATOR}{category}"


@dataclass(frozen=True)
class _Part:
    """An indicator restricted to one breakdown category: the same rules, counts of its own."""

    base: Indicator
    breakdown: str
    category: str

    def __getattr__(self, name):
        return getattr(self.base, name)

    def count_ids(self) -> tuple[str | None, str | None]:
        suffix = f"{SEPARATOR}{self.breakdown}{SEPARATOR}{self.category}"
        return tuple(None if name is None else name + suffix for name in self.base.count_ids())


class _Parts:
    """The registry of category tables (only what disclosure control asks of a registry)."""

    def __init__(self, registry: Registry, keys: list[tuple[str, str, str]]) -> None:
        self._items = {part_id(*k): _Part(registry[k[0]], k[1], k[2]) for k in keys if k[0] in registry}

    def __contains__(self, item) -> bool:
        return item in self._items

    def __getitem__(self, item) -> _Part:
        return self._items[item]


def publish_breakdowns(
    raw: pd.DataFrame, totals: pd.DataFrame, registry: Registry, policy: Policy, publish_with
) -> tuple[pd.DataFrame, dict[tuple[str, int], int]]:
    """The published figures by breakdown (``PUBLISHED_COLUMNS`` + breakdown, category) and the
    equations that stayed open, counted per count (its name for the totals) and period. ``raw`` are
    the current figures by category, ``totals`` the current totals of the same indicators with
    ``shown_status``, their status once published; ``publish_with(raw, registry, extra_needs)`` runs
    ``disclosure.publish``.

    Everything here happens within one period and one count's indicators (its systems, its equations),
    so publishing some periods of some indicators gives their rows exactly as publishing everything
    does, provided every indicator carrying one of their counts is in ``raw`` (``publishing``)."""
    if raw.empty:
        return pd.DataFrame(columns=[*PUBLISHED_COLUMNS, *BREAKDOWN_COLUMNS]), {}
    raw = raw.reset_index(drop=True)
    keys = sorted(set(zip(raw["indicator_id"], raw["breakdown"], raw["category"], strict=True)))
    parts = _Parts(registry, keys)
    as_parts = raw.assign(
        indicator_id=[part_id(*k) for k in zip(raw["indicator_id"], raw["breakdown"], raw["category"], strict=True)]
    )
    equations = _Equations.of(as_parts, parts, registry, policy, _total_cells(totals, registry, policy))
    extra = pd.DataFrame(columns=["name", "period", "area_code", "need"])
    open_equations: dict[tuple[str, int], int] = {}
    for _ in range(MAX_ROUNDS):
        result: Publication = publish_with(as_parts, parts, extra)
        more, open_equations = _open_equations(equations, result)
        if more.empty:
            break
        extra = pd.concat([extra, more], ignore_index=True)
    published = result.observations.copy()
    published["indicator_id"] = raw["indicator_id"].to_numpy()
    published["breakdown"] = raw["breakdown"].to_numpy()
    published["category"] = raw["category"].to_numpy()
    return published, open_equations


def _additive(indicator: Indicator) -> bool:
    return indicator.aggregation in (Aggregation.SUM, Aggregation.RATIO)


def _total_cells(totals: pd.DataFrame, registry, policy) -> pd.DataFrame:
    """Each count of the totals (name, period, area): its size, whether it is shown, and its need."""
    columns = ["name", "period", "area_code", "count", "hidden", "need"]
    if totals.empty:
        return pd.DataFrame(columns=columns)
    chosen = totals.reset_index(drop=True)
    links = count_links(chosen, registry)
    if links.empty:
        return pd.DataFrame(columns=columns)
    hidden = chosen["shown_status"].eq("suppressed").to_numpy()
    links["hidden"] = hidden[links["row"].to_numpy(dtype=np.int64)]
    links["need"] = _needs(links, chosen, registry, policy)
    cells = links.groupby(["name", "period", "area_code"], sort=False).agg(
        count=("count", "first"), hidden=("hidden", "max"), need=("need", "max")
    )
    return cells.reset_index()[columns]


def _needs(links: pd.DataFrame, raw: pd.DataFrame, registry, policy) -> np.ndarray:
    """The width a hidden count needs: the rule's threshold for its kind of count."""
    ids = raw["indicator_id"].to_numpy()[links["row"].to_numpy(dtype=np.int64)]
    rules = {i: effective_rule(registry[i], policy) for i in set(ids)}
    return np.array(
        [
            rules[i].min_count if numerator else rules[i].min_denominator
            for i, numerator in zip(ids, links["is_numerator"].to_numpy(dtype=bool), strict=True)
        ],
        dtype=float,
    )


@dataclass(frozen=True)
class _Equations:
    """The total = Σ categories equations of the figures by breakdown, as far as they do not depend on
    what is hidden (the same in every round of ``publish_breakdowns``): one row per cell (count by
    category, period and area) in the order of the equations, and per equation its total's cell."""

    cells: pd.DataFrame  # name, base, breakdown, category, period, area_code, count, need
    links_rows: np.ndarray  # the observation row of each link (count carried by a row) of a cell
    links_cell: np.ndarray  # the cell (position in ``cells``) of each link
    equation: np.ndarray  # the equation of each cell
    equations: pd.DataFrame  # base, breakdown, period, area_code
    total_hidden: np.ndarray  # per equation: its total is hidden (False where it has no total)
    total_need: np.ndarray  # per equation: the need of its total (0 where it has none)

    @classmethod
    def of(cls, as_parts, parts: _Parts, registry, policy, total_cells) -> _Equations | None:
        links = count_links(as_parts, parts)
        if links.empty:
            return None
        base_ids = [i.split(SEPARATOR)[0] for i in as_parts["indicator_id"]]
        links["additive"] = [_additive(registry[base_ids[r]]) for r in links["row"].to_numpy(dtype=np.int64)]
        links = links[links["additive"] & links["count"].notna()]
        if links.empty:  # no equation
            return None
        split = links["name"].str.rsplit(SEPARATOR, n=2, expand=True)
        links = links.assign(base=split[0], breakdown=split[1], category=split[2])
        base_raw = as_parts.assign(indicator_id=base_ids)
        links["need"] = _needs(links, base_raw, registry, policy)
        grouped = links.groupby(["name", "base", "breakdown", "category", "period", "area_code"], sort=True)
        cells = grouped.agg(count=("count", "first"), need=("need", "max")).reset_index()
        links_cell = grouped.ngroup().to_numpy(dtype=np.int64)  # numbered in the order of ``cells``
        # one equation per (count, breakdown, period, area): its categories' cells are consecutive rows,
        # in the order of the equations (the rows are sorted by name, and a name is base~breakdown~category)
        keys = ["base", "breakdown", "period", "area_code"]
        order = np.argsort(
            cells.groupby(keys, sort=True).ngroup().to_numpy(dtype=np.int64), kind="stable"
        )  # the cells sorted by equation, each equation's cells in their order
        cells = cells.iloc[order].reset_index(drop=True)
        links_cell = np.argsort(order)[links_cell]
        equation = cells.groupby(keys, sort=False).ngroup().to_numpy()
        equations = cells.drop_duplicates(keys)[keys].reset_index(drop=True)
        total_hidden, total_need = np.zeros(len(equations), dtype=bool), np.zeros(len(equations))
        if len(total_cells):
            total = equations[["base", "period", "area_code"]].merge(
                total_cells.rename(columns={"name": "base"})[["base", "period", "area_code", "hidden", "need"]],
                on=["base", "period", "area_code"],
                how="left",
            )
            found = total["hidden"].notna().to_numpy()
            total_hidden[found] = total.loc[found, "hidden"].astype(bool).to_numpy()
            total_need[found] = total.loc[found, "need"].to_numpy(dtype=float)
        rows = links["row"].to_numpy(dtype=np.int64)
        return cls(cells, rows, links_cell, equation, equations, total_hidden, total_need)


def _open_equations(equations: _Equations | None, result: Publication):
    """Cells to hide so that no total = Σ categories equation gives a hidden count away, and how
    many equations are open (still unsafe, with nothing left to hide) per count and period."""
    if equations is None:
        return pd.DataFrame(columns=["name", "period", "area_code", "need"]), {}
    cells, equation, size = equations.cells, equations.equation, len(equations.equations)
    # a cell is hidden where a row carrying it is
    row_hidden = result.flags["hidden"].to_numpy(dtype=bool)[equations.links_rows]
    hidden = np.bincount(equations.links_cell, weights=row_hidden, minlength=len(cells)) > 0
    count = cells["count"].to_numpy(dtype=float)
    need = cells["need"].to_numpy(dtype=float)
    hidden_members = np.bincount(equation, weights=hidden, minlength=size).astype(np.int64)
    hidden_sum = np.bincount(equation[hidden], weights=count[hidden], minlength=size)
    hidden_need = np.full(size, -np.inf)
    np.maximum.at(hidden_need, equation[hidden], need[hidden])
    hidden_need[hidden_members == 0] = 0.0
    total_hidden = equations.total_hidden
    members_hidden = hidden_members + total_hidden
    equation_need = np.maximum(hidden_need, np.where(total_hidden, equations.total_need, 0.0))
    safe = (members_hidden >= 2) & (total_hidden | (hidden_sum >= equation_need))
    unsafe = (members_hidden > 0) & ~safe
    # the smallest shown category of each unsafe equation (ties by category) is hidden next
    candidates = cells[unsafe[equation] & ~hidden].assign(equation=equation[unsafe[equation] & ~hidden])
    picks = candidates.sort_values(["equation", "count", "category"], kind="stable").drop_duplicates("equation")
    picked = np.zeros(size, dtype=bool)
    picked[picks["equation"].to_numpy()] = True
    still_open: dict[tuple[str, int], int] = {}
    left = unsafe & ~picked
    for base, period in zip(equations.equations["base"][left], equations.equations["period"][left], strict=True):
        key = (str(base), int(period))
        still_open[key] = still_open.get(key, 0) + 1
    wanted = list(
        zip(
            picks["name"].tolist(),
            picks["period"].to_numpy(),  # its own integer type, as a row of the frame gives it
            picks["area_code"].tolist(),
            equation_need[picks["equation"].to_numpy()].tolist(),
            strict=True,
        )
    )
    return pd.DataFrame(wanted, columns=["name", "period", "area_code", "need"]), still_open
