"""Complementary suppression over an area hierarchy that holds against a reader who does the sums.

One *system* is one count (a numerator or denominator, by its shared name) in one period over the
whole area hierarchy: every area whose figure is published is known; hidden and missing areas are
unknowns ≥ 0; every parent equals the sum of its children wherever the data really add up. A
reader who knows the published figures can bound a hidden count by linear programming over these
relations (and over ``numerator ≤ denominator`` for shares). ``protect`` hides further counts
(partners) until, for every hidden count, the range the reader can narrow it to is at least as wide
as its required width: the threshold for figures hidden by the primary rule, at least 1 (never
exact) for partners.

Partners are taken from the same sum as the figure they protect, smallest areas first, in an order
drawn from the deployment's secret key. The order does not depend on the figures, so a partner's
being hidden says nothing about its size (choosing the smallest sibling, as before, told the
reader the partner was no larger than any shown sibling), and without the key a reader cannot
replay the choice.

Missing levels take care of themselves: an area without a figure is an unknown, so zones summing
to a city whose district rows are absent still bind. Subtrees without any figure only add slack.
"""

from __future__ import annotations

import hashlib
import math
from collections import deque
from dataclasses import dataclass

import numpy as np
from scipy.optimize import linprog

TOLERANCE = 1e-6
MAX_SWEEPS = 200
MAX_TRIES = 40  # candidates tried per partner: far more than any sum of a real hierarchy binds


@dataclass
class Hierarchy:
    """Area codes as positions, each with its parent's position (-1 at the top) and its rank."""

    codes: list[str]
    parent: np.ndarray
    rank: np.ndarray

    @classmethod
    def build(cls, parents: dict[str, str | None], ranks: dict[str, int]) -> Hierarchy:
        codes = sorted(parents)
        index = {code: i for i, code in enumerate(codes)}
        parent = np.array([index.get(parents[c], -1) if parents[c] else -1 for c in codes], dtype=np.int64)
        rank = np.array([ranks.get(c, 0) for c in codes], dtype=np.int64)
        return cls(codes, parent, rank)

    def __post_init__(self) -> None:
        self.index = {code: i for i, code in enumerate(self.codes)}
        self.children: list[list[int]] = [[] for _ in self.codes]
        for child, parent in enumerate(self.parent):
            if parent >= 0:
                self.children[parent].append(child)
        depth = np.zeros(len(self.codes), dtype=np.int64)
        node = self.parent.copy()
        while (node >= 0).any():
            depth += node >= 0
            node = np.where(node >= 0, self.parent[np.maximum(node, 0)], -1)
        self.deepest_first = [np.flatnonzero(depth == d) for d in range(int(depth.max(initial=0)), 0, -1)]


class System:
    """One count in one period over the hierarchy: values, what is hidden, and the sums that hold."""

    def __init__(self, hierarchy: Hierarchy, values: np.ndarray, upper: np.ndarray, order_key: callable) -> None:
        self.h = hierarchy
        self.values = values  # true counts, NaN where the store has none
        self.upper = upper  # a known upper bound (the denominator of a share), inf where none
        self.hidden = np.zeros(len(values), dtype=bool)
        self.need = np.zeros(len(values))
        self.order_key = order_key
        self.has_data = ~np.isnan(values)  # a figure here or anywhere below
        for nodes in hierarchy.deepest_first:
            np.logical_or.at(self.has_data, hierarchy.parent[nodes], self.has_data[nodes])
        self._valid: dict[int, bool] = {}
        self._has_value = (~np.isnan(values)).tolist()  # plain Python: asked millions of times
        self._value = np.nan_to_num(values).tolist()
        self._has_data = self.has_data.tolist()
        self._children = [list(map(int, kids)) for kids in hierarchy.children]
        # ranges by hidden state: {state: {area: (low, high)}}, the last few states only
        self._ranges: dict[bytes, dict[int, tuple[float, float]]] = {}

    def valid(self, p: int) -> bool:
        """Whether the sum of group ``p`` holds in the data (checked once, where all members have figures)."""
        if p not in self._valid:
            members = [p, *self.h.children[p]]
            vals = self.values[members]
            if not self.h.children[p] or not self.has_data[p]:
                self._valid[p] = False
            elif np.isnan(vals).any():
                self._valid[p] = True  # an unknown member absorbs any difference: the relation holds
            else:
                self._valid[p] = abs(vals[0] - vals[1:].sum()) <= TOLERANCE * max(1.0, abs(vals[0]))
        return self._valid[p]

    def known(self, area: int) -> bool:
        return self._has_value[area] and not self.hidden[area]

    # --- the reader's equations ------------------------------------------------------------------

    def equation(self, p: int) -> tuple[list[int], list[float], float, bool]:
        """Unknown members of group ``p`` with coefficients, right-hand side, and whether a slack
        (children without any figure below them) stands on the children's side."""
        unknown, coef, rhs, slack = [], [], 0.0, False
        for sign, area in ((1.0, p), *((-1.0, c) for c in self._children[p])):
            if self.known(area):
                rhs -= sign * self._value[area]
            elif sign < 0 and not self._has_data[area]:
                slack = True
            else:
                unknown.append(area)
                coef.append(sign)
        return unknown, coef, rhs, slack

    def groups_of(self, area: int) -> list[int]:
        """The sums ``area`` stands in: as a child (upward) first, then as a parent."""
        out = []
        parent = self.h.parent[area]
        if parent >= 0 and self.valid(int(parent)):
            out.append(int(parent))
        if self.valid(area):
            out.append(area)
        return out

    def component(self, start: int) -> tuple[list[int], list[int]]:
        """Unknown areas linked to ``start`` through sums, and those sums (nearest sums first)."""
        seen, groups, queue = {start}, [], deque([start])
        while queue:
            area = queue.popleft()
            for g in self.groups_of(area):
                if g in groups:
                    continue
                groups.append(g)
                for other in self.equation(g)[0]:
                    if other not in seen:
                        seen.add(other)
                        queue.append(other)
        return sorted(seen), groups

    def ranges(self, areas: list[int], groups: list[int]) -> dict[int, tuple[float, float]]:
        """The narrowest range the reader can place each unknown of a component in.

        The sums of a hierarchy form a Berge-acyclic system (two sums share at most one area, and
        the sums form a tree), where tightening each sum's bounds in turn until nothing changes
        gives exactly the ranges linear programming gives. Should it not settle, linear
        programming answers instead.
        """
        low = dict.fromkeys(areas, 0.0)
        high = {a: float(self.upper[a]) for a in areas}
        equations = [self.equation(g) for g in groups]
        for _ in range(MAX_SWEEPS):
            changed = False
            for unknown, coef, b, slack in equations:
                changed |= _tighten(unknown, coef, b, slack, low, high)
            if not changed:
                return {a: (low[a], high[a]) for a in areas}
        return self._ranges_by_lp(areas, equations)

    def _ranges_by_lp(self, areas: list[int], equations) -> dict[int, tuple[float, float]]:
        position = {a: i for i, a in enumerate(areas)}
        matrix = np.zeros((len(equations), len(areas) + len(equations)))
        rhs = []
        for row, (unknown, coef, b, slack) in enumerate(equations):
            for area, c in zip(unknown, coef, strict=True):
                matrix[row, position[area]] = c
            if slack:
                matrix[row, len(areas) + row] = -1.0  # the figure-less children's sum: ≥ 0, unbounded
            rhs.append(b)
        bounds = [(0.0, float(self.upper[a])) for a in areas]
        bounds += [(0.0, None if slack else 0.0) for _, _, _, slack in equations]
        out = {}
        for area in areas:
            cost = np.zeros(matrix.shape[1])
            cost[position[area]] = 1.0
            low = linprog(cost, A_eq=matrix, b_eq=rhs, bounds=bounds, method="highs")
            high = linprog(-cost, A_eq=matrix, b_eq=rhs, bounds=bounds, method="highs")
            out[area] = (low.fun if low.status == 0 else 0.0, -high.fun if high.status == 0 else np.inf)
        return out

    # --- choosing partners -----------------------------------------------------------------------

    def width(self, area: int) -> float:
        """How wide a range the reader can place ``area`` in.

        The ranges of a whole component are computed at once and kept for the hidden state they
        were computed in: every hidden count of a component asks for its width, mostly in the same
        state. The sums are taken in a fixed order (by position), not in the order the component
        was reached from ``area``, so a range does not depend on which member asked first: the
        tightening converges to the same fixed point in any order (with whole counts exactly)."""
        state = self.hidden.tobytes()
        known = self._ranges.get(state)
        if known is None or area not in known:
            areas, groups = self.component(area)
            if known is None:
                if len(self._ranges) >= 8:
                    self._ranges.pop(next(iter(self._ranges)))
                known = self._ranges[state] = {}
            known.update(self.ranges(areas, sorted(groups)))
        low, high = known[area]
        return high - low

    def candidates(self, area: int) -> list[int]:
        """Shown figures in the sums that bind ``area``: nearest sums first, smallest areas first, then
        in the keyed order (never by the figures themselves)."""
        _, groups = self.component(area)
        found: dict[int, tuple] = {}
        for distance, g in enumerate(groups):
            for member in (*self.h.children[g], g):
                if member not in found and self.known(member):
                    found[member] = (distance, self.h.rank[member], self.order_key(self.h.codes[member]))
        return sorted(found, key=found.__getitem__)

    def hide(self, area: int, need: float) -> None:
        self.hidden[area] = True
        self.need[area] = max(self.need[area], need)

    def protect(self) -> int:
        """Hide partners until every hidden count is as protected as it needs; returns how many
        counts could not be protected (no shown figure left that widens their range)."""
        unprotectable = 0
        pending = deque(int(a) for a in np.flatnonzero(self.need > 0))
        while pending:
            area = pending.popleft()
            width = self.width(area)
            while width + TOLERANCE < self.need[area]:
                partner = self._partner(area, width)
                if partner is None:
                    unprotectable += 1
                    break
                pending.append(partner)
                width = self.width(area)
        return unprotectable

    def _partner(self, area: int, width: float) -> int | None:
        """Hide the first candidate that widens ``area``'s range; None when none does."""
        for candidate in self.candidates(area)[:MAX_TRIES]:
            self.hidden[candidate] = True
            if self.width(area) > width + TOLERANCE:
                self.hide(candidate, 1.0)
                return candidate
            self.hidden[candidate] = False
        return None


def _tighten(unknown, coef, b, slack, low, high) -> bool:
    """Narrow the bounds of the unknowns of one sum ``Σ coef·x (− slack) = b``; whether any changed."""
    terms_low, terms_high = [], []
    for area, c in zip(unknown, coef, strict=True):
        ends = (c * low[area], c * high[area])
        terms_low.append(min(ends))
        terms_high.append(max(ends))
    if slack:
        terms_low.append(-math.inf)
        terms_high.append(0.0)
    sum_low, inf_low = _finite_sum(terms_low)
    sum_high, inf_high = _finite_sum(terms_high)
    changed = False
    for i, (area, c) in enumerate(zip(unknown, coef, strict=True)):
        rest_low = -math.inf if inf_low - math.isinf(terms_low[i]) else sum_low - _finite(terms_low[i])
        rest_high = math.inf if inf_high - math.isinf(terms_high[i]) else sum_high - _finite(terms_high[i])
        ends = sorted(((b - rest_high) / c, (b - rest_low) / c))
        if ends[0] > low[area] + TOLERANCE:
            low[area], changed = ends[0], True
        if ends[1] < high[area] - TOLERANCE:
            high[area], changed = ends[1], True
    return changed


def _finite(x: float) -> float:
    return 0.0 if math.isinf(x) else x


def _finite_sum(values: list[float]) -> tuple[float, int]:
    """The sum of the finite values, and how many are infinite."""
    finite = [v for v in values if not math.isinf(v)]
    return sum(finite), len(values) - len(finite)


def keyed_order(key: str, *parts: object) -> callable:
    """An order over area codes that depends on the secret key and ``parts``, never on figures."""
    prefix = "\x1f".join([key, *map(str, parts)]).encode("utf-8")

    def order(code: str) -> bytes:
        return hashlib.blake2b(prefix + b"\x1f" + code.encode("utf-8"), digest_size=8).digest()

    return order
