"""Figures by breakdown are published incrementally, and the result is a full republish's, row for row.

Over random sequences of writes through the real ``Writer`` (imports by sex of a few indicators and
periods, some sharing counts, some partial or with hidden source figures; rollbacks; policy changes),
after every write ``published_breakdowns``, its copy ordered by area and the count of open equations
are compared with what a full republish of the same data gives inside a transaction that is then
rolled back. A test also checks that an import of one period publishes that period's categories only.
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
from omrademonitor.indicator_registry import Registry
from omrademonitor.publishing import stored_registry
from omrademonitor.setup_db import initialise, load_definitions
from omrademonitor.writer import BatchInfo, NothingChanged, Writer

ADMIN = Principal("ada", Role.ADMIN)
# population and immigrant_share share the count of residents; persistent_low_income has its own
BY_SEX = ["population", "immigrant_share", "persistent_low_income"]
PERIODS = [2020, 2021, 2022]


class _RollBack(Exception):
    pass


@pytest.fixture(scope="module")
def area_table():
    areas = read_area_table()
    districts = sorted(areas.loc[areas["level"] == "bydel", "code"])[:2]
    keep = areas["level"].eq("kommune") | areas["code"].isin(districts) | areas["parent_code"].isin(districts)
    return areas[keep].reset_index(drop=True)


@pytest.fixture(scope="module")
def base_db(tmp_path_factory):
    """A fresh database without observations whose indicators of ``BY_SEX`` are given by sex."""
    path = tmp_path_factory.mktemp("breakdown_incremental") / "base.duckdb"
    initialise(path, with_demo=False)
    programmes, real = load_definitions()
    registry = Registry([i.model_copy(update={"breakdowns": ["sex"]}) if i.id in BY_SEX else i for i in real])
    with Writer(path) as writer:
        writer.sync_definitions(programmes, registry, ADMIN)
    return path


def state(con) -> tuple:
    """The figures by breakdown row by row (NaN and NULL alike), the copy ordered by area in its stored
    order, and the open equations stored."""

    def rows(sql):
        found = con.execute(sql).fetchall()
        return [tuple(None if isinstance(v, float) and math.isnan(v) else v for v in row) for row in found]

    published = rows("SELECT * FROM published_breakdowns ORDER BY indicator_id, breakdown, category, period, area_code")
    by_area = rows("SELECT * FROM published_breakdowns_by_area ORDER BY rowid")
    meta = con.execute(
        """SELECT key, value FROM meta WHERE key IN ('breakdowns_unprotectable', 'breakdowns_unprotectable_parts')
           ORDER BY key"""
    ).fetchall()
    return published, by_area, meta


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


def import_frame(step, area_table, registry) -> pd.DataFrame:
    """An import by sex: per area the women's and men's figures and their total (all three hidden by the
    source now and then); a partial import covers half the areas."""
    _, indicators, period, seed, partial = step
    rng = np.random.default_rng(seed)
    zones = area_table[area_table["level"] == "levekarssone"]
    rows = []
    for indicator_id in indicators:
        indicator = registry[indicator_id]
        parts = {}
        for category in ("female", "male"):
            n = rng.integers(0, 9, len(zones)).astype(float)
            d = n + rng.integers(0, 40, len(zones))
            parts[category] = pd.DataFrame({"area_code": zones["code"].to_numpy(), "n": n, "d": d})
        parts["total"] = parts["female"].assign(n=parts["female"]["n"] + parts["male"]["n"])
        parts["total"]["d"] = parts["female"]["d"] + parts["male"]["d"]
        for category, frame in parts.items():
            frame = frame.assign(parent=zones["parent_code"].to_numpy())
            upper = frame.groupby("parent", as_index=False)[["n", "d"]].sum().rename(columns={"parent": "area_code"})
            city = area_table.loc[area_table["level"] == "kommune", "code"].iloc[0]
            whole = pd.concat(
                [frame, upper, pd.DataFrame({"area_code": [city], "n": [frame["n"].sum()], "d": [frame["d"].sum()]})]
            )
            if partial:
                whole = whole.iloc[::2]
            for area, n, d in zip(whole["area_code"], whole["n"], whole["d"], strict=True):
                status = "suppressed" if rng.random() < 0.04 else "final"
                row = {"indicator_id": indicator_id, "area_code": area, "period": period, "status": status}
                row |= {"breakdown": "total" if category == "total" else "sex", "category": category}
                if indicator.value_is_count:
                    row |= {"value": n, "numerator": n}
                else:
                    row |= {"value": n / max(d, 1) * 100, "numerator": n, "denominator": d}
                if status == "suppressed":
                    row |= {"value": None, "numerator": None, "denominator": None}
                rows.append(row)
    return pd.DataFrame(rows)


@st.composite
def imports(draw):
    indicators = draw(st.lists(st.sampled_from(BY_SEX), min_size=1, max_size=2, unique=True))
    period = draw(st.sampled_from(PERIODS[:2]))
    return ("import", indicators, period, draw(st.integers(0, 2**32 - 1)), draw(st.booleans()))


def steps():
    return st.lists(
        st.one_of(
            imports(),
            imports(),
            imports(),
            st.tuples(st.just("rollback"), st.integers(0, 10)),
            st.tuples(st.just("policy"), st.integers(3, 6), st.sampled_from([10, 20])),
        ),
        min_size=2,
        max_size=5,
    )


def apply(writer: Writer, step, area_table, batches: list[int], number: int) -> None:
    if step[0] == "import":
        frame = import_frame(step, area_table, stored_registry(writer.con))
        with contextlib.suppress(NothingChanged):
            batches.append(writer.add_observations(frame, BatchInfo("test", f"step-{number}"), ADMIN))
    elif step[0] == "rollback" and batches:
        writer.rollback_batch(batches.pop(step[1] % len(batches)), ADMIN)
    elif step[0] == "policy":
        writer.set_disclosure_policy(Policy(step[1], step[2]), ADMIN)


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_incremental_breakdowns_equal_a_full_republish_after_every_write(base_db, area_table, tmp_path_factory, data):
    sequence = data.draw(steps())
    path = tmp_path_factory.mktemp("sequence") / "db.duckdb"
    shutil.copy(base_db, path)
    batches: list[int] = []
    with Writer(path) as writer:
        for number, step in enumerate(sequence):
            apply(writer, step, area_table, batches, number)
            now = state(writer.con)
            assert now == full_state(writer), f"after step {number}: {step}"
            published, by_area, _ = now
            assert sorted(by_area, key=str) == sorted(published, key=str)  # the same rows
            assert [r[1] for r in by_area] == sorted(r[1] for r in by_area)  # stored in the order of areas
            # no primary key (schema v13): no key (with its category) current twice, none twice in a batch
            assert writer.stored_repeats() == {"current": 0, "in_a_batch": 0}, f"after step {number}: {step}"


def test_an_import_of_one_period_publishes_that_periods_categories_only(base_db, area_table, tmp_path, monkeypatch):
    path = tmp_path / "period.duckdb"
    shutil.copy(base_db, path)
    with Writer(path) as writer:
        registry = stored_registry(writer.con)
        for number, period in enumerate(PERIODS[:2]):
            step = ("import", BY_SEX, period, number, False)
            writer.add_observations(import_frame(step, area_table, registry), BatchInfo("t", f"p{number}"), ADMIN)
        before = state(writer.con)[0]
        seen = []
        import omrademonitor.publishing as publishing

        real = publishing.publish_breakdowns

        def spy(raw, *args, **kwargs):
            seen.append((sorted(set(raw["indicator_id"])), sorted(set(raw["period"]))))
            return real(raw, *args, **kwargs)

        monkeypatch.setattr(publishing, "publish_breakdowns", spy)
        step = ("import", ["population"], PERIODS[2], 7, False)
        writer.add_observations(import_frame(step, area_table, registry), BatchInfo("t", "new"), ADMIN)
        after = state(writer.con)
        # population shares its count of residents with immigrant_share (which has no figures in 2022)
        assert seen == [(["population"], [PERIODS[2]])]
        assert [r for r in after[0] if r[2] != PERIODS[2]] == before
        assert after == full_state(writer)
        seen.clear()
        step = ("import", ["persistent_low_income"], PERIODS[0], 99, True)
        writer.add_observations(import_frame(step, area_table, registry), BatchInfo("t", "revised"), ADMIN)
        assert seen == [(["persistent_low_income"], [PERIODS[0]])]  # a count of its own: nothing else
        assert state(writer.con) == full_state(writer)
