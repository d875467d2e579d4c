"""Incremental publishing gives exactly what a full republish gives.

Over random sequences of writes through the real ``Writer`` (imports of a few indicators and periods,
some sharing counts, some partial or non-additive, some suppressed by the source; rollbacks; the same
or a changed area hierarchy; definition syncs; policy changes), after every write the published
layer and the administrators' summary are compared, row by row, with what a full republish of the
same data gives inside a transaction that is then rolled back (so the next write builds on the
incremental state). A test also checks that an import of one new period leaves every other period's
rows as they were, and that the systems it does not touch are not recomputed.
"""

from __future__ import annotations

import contextlib
import math
import shutil

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from omrademonitor.access import Principal, Role
from omrademonitor.disclosure import Policy
from omrademonitor.geography import read_area_table
from omrademonitor.indicator_registry import Disclosure, Registry
from omrademonitor.setup_db import initialise
from omrademonitor.writer import BatchInfo, NothingChanged, Writer

ADMIN = Principal("ada", Role.ADMIN)
# residents and municipal rental dwellings are shared counts; persistent_low_income has its own;
# life_expectancy has none
INDICATORS = [
    "population",
    "immigrant_share",
    "children_0_17_share",
    "municipal_rental_dwellings_per_1000",
    "building_damage_cases",
    "persistent_low_income",
    "life_expectancy",
]
PERIODS = [2020, 2021, 2022]  # random sequences use the first two: more overlap


class _RollBack(Exception):
    pass


@pytest.fixture(scope="module")
def base_db(tmp_path_factory):
    """Definitions, areas and shapes of a fresh database, no observations."""
    path = tmp_path_factory.mktemp("incremental") / "base.duckdb"
    initialise(path, with_demo=False)
    return path


@pytest.fixture(scope="module")
def area_table():
    areas = read_area_table()
    districts = sorted(areas.loc[areas["level"] == "bydel", "code"])[:2]
    keep = areas["level"].eq("kommune") | areas["code"].isin(districts) | areas["parent_code"].isin(districts)
    return areas, areas[keep].reset_index(drop=True)


def state(con) -> tuple:
    """The published layer row by row (NaN and NULL alike), and the stored summary."""
    rows = con.execute(
        "SELECT * FROM published_observations ORDER BY indicator_id, period, area_code, batch_id"
    ).fetchall()
    rows = [tuple(None if isinstance(v, float) and math.isnan(v) else v for v in row) for row in rows]
    meta = con.execute(
        "SELECT key, value FROM meta WHERE key IN ('publication', 'publication_parts') ORDER BY key"
    ).fetchall()
    return rows, meta


def full_state(writer: Writer) -> tuple:
    """What a full republish of the current data gives (rolled back afterwards)."""
    out = {}
    try:
        with writer.transaction() as con:
            writer._publish(con, full=True)
            out["state"] = state(con)
            raise _RollBack
    except _RollBack:
        pass
    return out["state"]


@st.composite
def imports(draw):
    """One import: 1–2 indicators, one period, a whole additive panel or some areas only."""
    indicators = draw(st.lists(st.sampled_from(INDICATORS), min_size=1, max_size=2, unique=True))
    period = draw(st.sampled_from(PERIODS[:2]))
    seed = draw(st.integers(0, 2**32 - 1))
    partial = draw(st.booleans())
    return ("import", indicators, period, seed, partial)


def import_frame(step, area_table, registry) -> pd.DataFrame:
    _, indicators, period, seed, partial = step
    rng = np.random.default_rng(seed)
    city = area_table.loc[area_table["level"] == "kommune", "code"].iloc[0]
    districts = sorted(area_table.loc[area_table["level"] == "bydel", "code"])
    rows = []
    for indicator_id in indicators:
        indicator = registry[indicator_id]
        zones = area_table[area_table["level"] == "levekarssone"]
        numerator = rng.integers(0, 13, len(zones)).astype(float)
        denominator = numerator + rng.integers(0, 61, len(zones))
        frame = pd.DataFrame(
            {"area_code": zones["code"].to_numpy(), "parent": zones["parent_code"].to_numpy(), "n": numerator}
        )
        frame["d"] = denominator
        upper = frame.groupby("parent")[["n", "d"]].sum().reindex(districts).reset_index(names="area_code")
        whole = pd.concat(
            [frame, upper, pd.DataFrame({"area_code": [city], "n": [numerator.sum()], "d": [denominator.sum()]})]
        )
        if partial:
            whole = whole.sample(frac=0.5, random_state=int(rng.integers(0, 1000)))
            whole["n"] += rng.integers(0, 2, len(whole))  # not additive any more
        for area, n, d in zip(whole["area_code"], whole["n"], whole["d"], strict=True):
            status = "suppressed" if rng.random() < 0.05 else "final"
            row = {"indicator_id": indicator_id, "area_code": area, "period": period, "status": status}
            if indicator.value_is_count:
                row |= {"value": n, "numerator": n}
            elif indicator.has_counts:
                scale = 1000 if indicator.unit.value == "per_1000" else 100
                row |= {"value": n / max(d, 1) * scale, "numerator": n, "denominator": d}
            else:
                row |= {"value": 70 + n}
            if status == "suppressed":
                row["value"] = None
            rows.append(row)
    return pd.DataFrame(rows)


def steps():
    return st.lists(
        st.one_of(
            imports(),
            imports(),
            imports(),
            st.tuples(st.just("rollback"), st.integers(0, 10)),
            st.tuples(st.just("policy"), st.integers(5, 7), st.sampled_from([10, 20])),
            st.tuples(st.just("definition"), st.sampled_from(INDICATORS[:6]), st.integers(5, 8)),
            st.tuples(st.just("areas"), st.booleans()),
        ),
        min_size=2,
        max_size=6,
    )


def apply(writer: Writer, step, area_table, all_areas, batches: list[int], number: int) -> None:
    kind = step[0]
    registry = writer_registry(writer)
    if kind == "import":
        frame = import_frame(step, area_table, registry)
        with contextlib.suppress(NothingChanged):
            batches.append(writer.add_observations(frame, BatchInfo("test", f"step-{number}"), ADMIN))
    elif kind == "rollback" and batches:
        writer.rollback_batch(batches.pop(step[1] % len(batches)), ADMIN)
    elif kind == "policy":
        writer.set_disclosure_policy(Policy(step[1], step[2]), ADMIN)
    elif kind == "definition":
        from omrademonitor.setup_db import load_definitions

        programmes, _ = load_definitions()
        changed = [
            i.model_copy(update={"disclosure": Disclosure(min_count=step[2], min_denominator=10)})
            if i.id == step[1]
            else i
            for i in registry
        ]
        writer.sync_definitions(programmes, Registry(changed), ADMIN)
    elif kind == "areas":
        areas = all_areas.copy()
        if step[1]:  # move one zone to the other district: a new hierarchy
            zones = area_table[area_table["level"] == "levekarssone"]
            districts = sorted(area_table.loc[area_table["level"] == "bydel", "code"])
            zone = zones.iloc[0]
            other = districts[1] if zone["parent_code"] == districts[0] else districts[0]
            areas.loc[areas["code"] == zone["code"], "parent_code"] = other
        writer.replace_areas(areas, BatchInfo("test", f"areas-{number}"), ADMIN)


def writer_registry(writer: Writer) -> Registry:
    from omrademonitor.publishing import stored_registry

    return stored_registry(writer.con)


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_incremental_publish_equals_a_full_one_after_every_write(base_db, area_table, tmp_path_factory, data):
    all_areas, table = area_table
    sequence = data.draw(steps())
    path = tmp_path_factory.mktemp("sequence") / "db.duckdb"
    shutil.copy(base_db, path)
    batches: list[int] = []
    with Writer(path) as writer:
        for number, step in enumerate(sequence):
            apply(writer, step, table, all_areas, batches, number)
            assert state(writer.con) == full_state(writer), f"after step {number}: {step}"
            # no primary key (schema v13): no key is current twice, none stored twice in a batch
            assert writer.stored_repeats() == {"current": 0, "in_a_batch": 0}, f"after step {number}: {step}"


def published_periods(monkeypatch) -> list[list[int]]:
    """The periods of each part disclosure control is run on from now on (``publishing.publish`` spied
    on), in call order."""
    import omrademonitor.publishing as publishing

    seen = []
    real = publishing.publish

    def spy(raw, *args, **kwargs):
        seen.append(sorted(set(raw["period"])))
        return real(raw, *args, **kwargs)

    monkeypatch.setattr(publishing, "publish", spy)
    return seen


def test_a_new_period_rewrites_that_period_only(base_db, area_table, tmp_path, monkeypatch):
    _all_areas, table = area_table
    path = tmp_path / "period.duckdb"
    shutil.copy(base_db, path)
    with Writer(path) as writer:
        registry = writer_registry(writer)
        for number, period in enumerate(PERIODS[:2]):
            step = ("import", INDICATORS[:5], period, number, False)
            writer.add_observations(import_frame(step, table, registry), BatchInfo("t", f"p{number}"), ADMIN)
        before = state(writer.con)[0]
        seen = published_periods(monkeypatch)
        step = ("import", ["persistent_low_income", "population"], PERIODS[2], 7, False)
        writer.add_observations(import_frame(step, table, registry), BatchInfo("t", "new"), ADMIN)
        after = state(writer.con)
        assert seen == [[PERIODS[2]]]  # disclosure control ran on the new period's rows alone
        assert [r for r in after[0] if r[2] != PERIODS[2]] == before
        assert after == full_state(writer)


def test_an_import_of_many_periods_is_published_a_few_periods_at_a_time(base_db, area_table, tmp_path, monkeypatch):
    """Like a full publish, an incremental one reads the rows in parts of a few periods (at most
    ``PUBLISH_CHUNK_ROWS`` rows, a period at least), and gives what one pass over everything gives."""
    import omrademonitor.publishing as publishing

    _, table = area_table
    path = tmp_path / "parts.duckdb"
    shutil.copy(base_db, path)
    with Writer(path) as writer:
        registry = writer_registry(writer)
        frame = pd.concat(
            [import_frame(("import", INDICATORS[:4], period, 11, False), table, registry) for period in PERIODS]
        )
        seen = published_periods(monkeypatch)
        monkeypatch.setattr(publishing, "PUBLISH_CHUNK_ROWS", 1)  # one period per part
        writer.add_observations(frame, BatchInfo("t", "all periods"), ADMIN)
        assert seen == [[period] for period in PERIODS]
        in_parts = state(writer.con)
        monkeypatch.setattr(publishing, "PUBLISH_CHUNK_ROWS", 10**9)
        seen.clear()
        assert in_parts == full_state(writer)  # one pass over everything
        assert seen == [PERIODS]
        assert len(in_parts[0]) == len(frame)


@pytest.mark.parametrize("seed", [0, 3])
def test_a_shared_count_republishes_the_other_indicators_that_carry_it(base_db, area_table, tmp_path, seed):
    """Residents are population's figure and immigrant_share's denominator: importing the share
    changes which population figures are hidden (checked), and the incremental publish follows."""
    _, table = area_table
    path = tmp_path / "shared.duckdb"
    shutil.copy(base_db, path)
    with Writer(path) as writer:
        registry = writer_registry(writer)
        first = ("import", ["population"], 2020, seed, False)
        writer.add_observations(import_frame(first, table, registry), BatchInfo("t", "a"), ADMIN)
        population = [r for r in state(writer.con)[0] if r[0] == "population"]
        second = ("import", ["immigrant_share"], 2020, seed + 100, seed % 2 == 1)
        writer.add_observations(import_frame(second, table, registry), BatchInfo("t", "b"), ADMIN)
        after = state(writer.con)
        assert after == full_state(writer)
        assert [r for r in after[0] if r[0] == "population"] != population
