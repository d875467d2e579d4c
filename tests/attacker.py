"""The determined reader, written apart from the implementation it attacks.

It takes only what an anonymous viewer sees (the published figures of every indicator), the area
hierarchy, the registry (which counts are shared, which are shares), and it is granted more than a
real reader has: which sums truly add up in the data. For every hidden count it asks a linear
program for the smallest and largest value consistent with all of that (and with counts being
≥ 0 and a share's numerator at most its denominator).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.optimize import linprog

from omrademonitor.disclosure import effective_rule
from omrademonitor.indicator_registry import Registry, Unit


def cells_of(frame: pd.DataFrame, registry: Registry, shown_only: bool) -> pd.DataFrame:
    """Counts carried by observation rows: name, period, area, count, and the row's indicator."""
    rows = []
    for r in frame.itertuples(index=False):
        if shown_only and r.status in ("suppressed", "missing"):
            continue
        indicator = registry[r.indicator_id]
        numerator_id, denominator_id = indicator.count_ids()
        numerator = r.numerator
        if (numerator is None or numerator != numerator) and indicator.unit == Unit.COUNT:
            numerator = r.value
        for name, count, side in ((numerator_id, numerator, "n"), (denominator_id, r.denominator, "d")):
            if name is not None and count is not None and count == count:
                rows.append((name, int(r.period), r.area_code, float(count), side, r.indicator_id))
    return pd.DataFrame(rows, columns=["name", "period", "area_code", "count", "side", "indicator_id"])


def primary(raw: pd.DataFrame, registry: Registry, policy) -> dict[tuple, float]:
    """The counts the primary rule hides, with the width each needs: recomputed here, from the rule."""
    need: dict[tuple, float] = {}
    for r in raw.itertuples(index=False):
        indicator = registry[r.indicator_id]
        if r.status == "suppressed":
            continue
        rule = effective_rule(indicator, policy)
        numerator_id, denominator_id = indicator.count_ids()
        n = r.numerator if r.numerator == r.numerator else (r.value if indicator.unit == Unit.COUNT else np.nan)
        d = r.denominator
        small_base = d == d and d < rule.min_denominator
        if indicator.has_counts and n == n and n > 0 and (n < rule.min_count or small_base):
            key = (numerator_id, int(r.period), r.area_code)
            need[key] = max(need.get(key, 0), rule.min_count)
        if denominator_id and small_base and d > 0:
            key = (denominator_id, int(r.period), r.area_code)
            need[key] = max(need.get(key, 0), rule.min_denominator)
    return need


class Reader:
    """Bounds on any count, from what is published."""

    def __init__(self, published: pd.DataFrame, raw: pd.DataFrame, registry: Registry, parents: dict) -> None:
        self.registry = registry
        self.codes = sorted(parents)
        self.children: dict[str, list[str]] = {}
        for code, parent in parents.items():
            if parent:
                self.children.setdefault(parent, []).append(code)
        self.known = {
            (c.name, c.period, c.area_code): c.count for c in cells_of(published, registry, True).itertuples()
        }
        truth = cells_of(raw, registry, False).drop_duplicates(["name", "period", "area_code"])
        self.truth = {(c.name, c.period, c.area_code): c.count for c in truth.itertuples()}
        self.share_pairs = {}  # (numerator name, period, area) -> denominator cell
        for r in raw.itertuples(index=False):
            indicator = registry[r.indicator_id]
            numerator_id, denominator_id = indicator.count_ids()
            if indicator.unit == Unit.PERCENT and numerator_id and denominator_id:
                self.share_pairs[(numerator_id, int(r.period), r.area_code)] = (
                    denominator_id,
                    int(r.period),
                    r.area_code,
                )
        self._systems: dict[tuple, tuple] = {}
        self._bounds: dict[tuple, tuple[float, float]] = {}

    def holds(self, name: str, period: int, parent: str) -> bool:
        """Whether the sum truly holds (the reader is granted this)."""
        members = [parent, *self.children[parent]]
        values = [self.truth.get((name, period, m)) for m in members]
        if any(v is None for v in values):
            return True
        return abs(values[0] - sum(values[1:])) <= 1e-6 * max(1.0, abs(values[0]))

    def bounds(self, name: str, period: int, area: str) -> tuple[float, float]:
        """The smallest and largest value of one count consistent with everything published (each
        cell's linear programs are solved once: ``attack`` asks for many cells more than once)."""
        cell = (name, period, area)
        if cell not in self._bounds:
            self._bounds[cell] = self._solve(name, period, area)
        return self._bounds[cell]

    def _system(self, name: str, period: int) -> tuple:
        """The sums that hold and each area's bounds, for one count in one period (the same for
        every cell of it)."""
        if (name, period) in self._systems:
            return self._systems[(name, period)]
        index = {code: i for i, code in enumerate(self.codes)}
        rows, rhs = [], []
        for parent, kids in self.children.items():
            if not self.holds(name, period, parent):
                continue
            row = np.zeros(len(self.codes))
            row[index[parent]] = 1.0
            for kid in kids:
                row[index[kid]] = -1.0
            rows.append(row)
            rhs.append(0.0)
        bounds = []
        for code in self.codes:
            cell = (name, period, code)
            if cell in self.known:
                bounds.append((self.known[cell], self.known[cell]))
                continue
            upper = None
            pair = self.share_pairs.get(cell)
            if pair in self.known:
                upper = self.known[pair]
            bounds.append((0.0, upper))
        self._systems[(name, period)] = (index, rows, rhs, bounds)
        return self._systems[(name, period)]

    def _solve(self, name: str, period: int, area: str) -> tuple[float, float]:
        index, rows, rhs, bounds = self._system(name, period)
        cost = np.zeros(len(self.codes))
        cost[index[area]] = 1.0
        matrix = np.array(rows) if rows else None
        low = linprog(cost, A_eq=matrix, b_eq=rhs or None, bounds=bounds, method="highs")
        high = linprog(-cost, A_eq=matrix, b_eq=rhs or None, bounds=bounds, method="highs")
        assert low.status == 0 and high.status in (0, 3), (low.message, high.message)
        return low.fun, (np.inf if high.status == 3 else -high.fun)


def attack(published: pd.DataFrame, raw: pd.DataFrame, registry: Registry, parents: dict, policy) -> list[str]:
    """Everything the reader can undo: hidden counts pinned, or narrowed below their threshold."""
    reader = Reader(published, raw, registry, parents)
    failures = []
    for (name, period, area), width in primary(raw, registry, policy).items():
        if (name, period, area) in reader.known:
            failures.append(f"{name} {period} {area}: a count the rule hides is published")
            continue
        low, high = reader.bounds(name, period, area)
        if high - low < width - 1e-6:
            failures.append(f"{name} {period} {area}: narrowed to [{low:g}, {high:g}], needs width {width:g}")
    hidden = published.merge(raw, on=["indicator_id", "area_code", "period"], suffixes=("", "_raw"))
    hidden = hidden[(hidden["status"] == "suppressed") & ~hidden["status_raw"].isin(["suppressed", "missing"])]
    for row in hidden.itertuples(index=False):
        numerator_id, denominator_id = registry[row.indicator_id].count_ids()
        widths = []
        for name in (numerator_id, denominator_id):
            cell = (name, int(row.period), row.area_code)
            if name is None or cell not in reader.truth:
                continue
            low, high = reader.bounds(*cell)
            widths.append(high - low)
        if widths and max(widths) < 1e-6:
            failures.append(f"{row.indicator_id} {row.period} {row.area_code}: hidden figure recovered exactly")
    return failures
