"""The determined reader (tests/attacker.py) against the published layer: on fixed cases that broke
the earlier rule, on random hierarchies and panels, and on the demonstration database read through
the app's own read path. No hidden count may be recovered exactly or narrowed below its threshold."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from omrademonitor import figures
from omrademonitor.disclosure import PUBLISHED_COLUMNS, Policy, publish
from omrademonitor.store import Store
from tests.attacker import attack

CITY, POLICY = "C", Policy()
# Real indicators: a share and a rate over the same residents, the residents themselves (not
# sensitive, but the same count), and a count delivered as a plain value.
CHILDREN, IMMIGRANTS, POPULATION, WAITING = (
    "children_0_17_share",
    "immigrant_share",
    "population",
    "municipal_housing_waiting_list",
)


def hierarchy(districts: dict[str, list[str]]) -> tuple[dict, dict]:
    parents, ranks = {CITY: None}, {CITY: 3}
    for district, zones in districts.items():
        parents[district], ranks[district] = CITY, 2
        for zone in zones:
            parents[zone], ranks[zone] = district, 1
    return parents, ranks


def rows(indicator_id, period, counts: dict[str, tuple], scale=100.0) -> list[dict]:
    """Observation rows; ``counts`` maps an area to (numerator, denominator) or (value,)."""
    out = []
    for area, counted in counts.items():
        numerator, denominator = (*counted, None)[:2] if len(counted) > 1 else (None, None)
        value = counted[0] if len(counted) == 1 else (numerator / denominator * scale if denominator else np.nan)
        out.append(
            {
                "indicator_id": indicator_id,
                "area_code": area,
                "period": period,
                "value": value,
                "numerator": numerator,
                "denominator": denominator,
                "ci_lower": np.nan,
                "ci_upper": np.nan,
                "status": "final" if value == value else "missing",
                "batch_id": 1,
            }
        )
    return out


def summed(parents: dict, leaves: dict[str, tuple], levels: set[str]) -> dict[str, tuple]:
    """Leaf figures plus every ancestor in ``levels`` as the sum of its leaves."""
    out = dict(leaves)
    for leaf, counted in leaves.items():
        node = parents[leaf]
        while node is not None:
            if node in levels:
                total = out.get(node, tuple(0 for _ in counted))
                out[node] = tuple(a + b for a, b in zip(total, counted, strict=True))
            node = parents[node]
    return out


def check(raw_rows: list[dict], parents, ranks, registry, policy=POLICY) -> pd.DataFrame:
    raw = pd.DataFrame(raw_rows)[PUBLISHED_COLUMNS]
    numbers = ["value", "numerator", "denominator", "ci_lower", "ci_upper"]
    raw[numbers] = raw[numbers].astype(float)
    published = publish(raw, parents, ranks, registry, policy, key="test").observations
    failures = attack(published, raw, registry, parents, policy)
    assert not failures, "\n".join(failures[:10])
    return published


def hidden(published: pd.DataFrame, indicator_id: str) -> set[str]:
    rows_ = published[(published["indicator_id"] == indicator_id) & (published["status"] == "suppressed")]
    return set(rows_["area_code"])


# --- the four cases that undid the earlier rule, and counts delivered as values -------------------


def test_a_zero_cannot_be_the_only_partner(registry):
    parents, ranks = hierarchy({"D": ["a", "b", "c", "d"]})
    leaves = {"a": (3, 400), "b": (0, 300), "c": (40, 500), "d": (50, 600)}
    published = check(rows(CHILDREN, 2024, summed(parents, leaves, {"D", CITY})), parents, ranks, registry)
    assert "a" in hidden(published, CHILDREN)
    assert len(hidden(published, CHILDREN) - {"a", "b"}) >= 1  # 0 + 3 is too narrow: more is hidden


def test_ties_among_siblings_do_not_pin_the_hidden_zone(registry):
    parents, ranks = hierarchy({"D": ["a", "b", "c", "d"]})
    leaves = {"a": (3, 400), "b": (6, 300), "c": (6, 500), "d": (30, 600)}
    check(rows(CHILDREN, 2024, summed(parents, leaves, {"D", CITY})), parents, ranks, registry)


def test_a_missing_level_still_binds(registry):
    parents, ranks = hierarchy({"D1": ["a", "b"], "D2": ["c", "d"]})
    leaves = {"a": (2, 400), "b": (20, 300), "c": (30, 500), "d": (40, 600)}
    figures = summed(parents, leaves, {CITY})  # zones and the city, no district rows
    published = check(rows(CHILDREN, 2024, figures), parents, ranks, registry)
    assert "a" in hidden(published, CHILDREN) and len(hidden(published, CHILDREN)) >= 2
    some_years = rows(CHILDREN, 2023, summed(parents, leaves, {"D1", CITY})) + rows(CHILDREN, 2024, figures)
    check(some_years, parents, ranks, registry)


def test_a_count_hidden_in_one_indicator_is_hidden_in_every_indicator_that_carries_it(registry):
    parents, ranks = hierarchy({"D": ["a", "b", "c"]})
    dwellings = {"a": 7, "b": 120, "c": 200}
    residents = {"a": 900, "b": 2500, "c": 3100}
    damage = summed(parents, {z: (1 if z == "a" else 9, dwellings[z]) for z in dwellings}, {"D", CITY})
    rental = summed(parents, {z: (dwellings[z], residents[z]) for z in dwellings}, {"D", CITY})
    published = check(
        rows("building_damage_cases", 2024, damage) + rows("municipal_rental_dwellings_per_1000", 2024, rental, 1000),
        parents,
        ranks,
        registry,
    )
    assert "a" in hidden(published, "municipal_rental_dwellings_per_1000")


def test_a_count_delivered_as_a_plain_value_is_its_own_numerator(registry):
    parents, ranks = hierarchy({"D": ["a", "b", "c"]})
    figures = summed(parents, {"a": (2.0,), "b": (3.0,), "c": (14.0,)}, {"D", CITY})
    published = check(rows(WAITING, 2024, figures), parents, ranks, registry)
    assert {"a", "b"} <= hidden(published, WAITING)
    shown = published[published["status"] != "suppressed"]
    assert not ((shown["indicator_id"] == WAITING) & shown["value"].between(1, 4)).any()


def test_a_higher_deployment_floor_is_protected_to_its_own_width(registry):
    parents, ranks = hierarchy({"D": ["a", "b", "c", "d"]})
    leaves = {"a": (7, 400), "b": (12, 300), "c": (40, 500), "d": (50, 600)}
    published = check(
        rows(CHILDREN, 2024, summed(parents, leaves, {"D", CITY})), parents, ranks, registry, Policy(10, 10)
    )
    assert "a" in hidden(published, CHILDREN)


# --- random hierarchies and panels ---------------------------------------------------------------


@st.composite
def panels(draw):
    """A city with 1–3 districts of 1–4 zones, 1–2 years; residents shared by two shares and the
    population; a waiting list as plain values; district or city rows missing at random."""
    districts = {f"D{i}": [f"D{i}Z{j}" for j in range(draw(st.integers(1, 4)))] for i in range(draw(st.integers(1, 3)))}
    parents, ranks = hierarchy(districts)
    zones = [z for zs in districts.values() for z in zs]
    small = st.one_of(st.integers(0, 6), st.integers(0, 60))
    out = []
    for period in range(2023, 2023 + draw(st.integers(1, 2))):
        levels = {CITY} if draw(st.booleans()) else set()
        levels |= {d for d in districts if draw(st.booleans())}
        residents = {z: draw(st.one_of(st.integers(0, 12), st.integers(10, 400))) for z in zones}
        children = {z: min(residents[z], draw(small)) for z in zones}
        immigrants = {z: min(residents[z], draw(small)) for z in zones}
        zones_and_up = levels | set(zones)

        def figures(leaves, zones_and_up=zones_and_up, levels=levels):
            return {a: f for a, f in summed(parents, leaves, levels).items() if a in zones_and_up}

        out += rows(CHILDREN, period, figures({z: (children[z], residents[z]) for z in zones}))
        out += rows(IMMIGRANTS, period, figures({z: (immigrants[z], residents[z]) for z in zones}))
        out += rows(POPULATION, period, figures({z: (float(residents[z]),) for z in zones}))
        out += rows(WAITING, period, figures({z: (float(draw(st.integers(0, 7))),) for z in zones}))
    return out, parents, ranks


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(panel=panels())
def test_the_reader_never_undoes_suppression_on_random_panels(registry, panel):
    raw_rows, parents, ranks = panel
    check(raw_rows, parents, ranks, registry)


# --- the demonstration database, through the app's read path -------------------------------------


def test_the_reader_never_undoes_suppression_on_the_demo_database(demo_db, registry):
    store = Store(demo_db)
    try:
        published = pd.concat([figures.panel(store, indicator) for indicator in registry], ignore_index=True)
        parents = figures.parents(store)
        con = store._con.cursor()
        raw = con.execute(f"SELECT {', '.join(PUBLISHED_COLUMNS)} FROM current_observations").df()
    finally:
        store.close()
    failures = attack(published[PUBLISHED_COLUMNS], raw, registry, parents, POLICY)
    assert not failures, f"{len(failures)} recovered, e.g.\n" + "\n".join(failures[:10])
    assert (published["status"] == "suppressed").sum() > 500  # the demo has many small counts
