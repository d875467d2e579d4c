"""Each key once per batch: the observations table has no primary key (schema v13), so the writer refuses
a batch that gives a key twice, however it is handed the rows, and writes nothing then."""

from __future__ import annotations

import math

import pandas as pd
import pyarrow as pa
import pytest

from omrademonitor.access import SYSTEM
from omrademonitor.batch_keys import in_key_order
from omrademonitor.errors import RepeatedKeys
from omrademonitor.writer import BatchInfo, Writer

KEY = ["indicator_id", "area_code", "period"]


def _store_state(con) -> tuple:
    """Everything an import writes: the observations, batches, rejections, audit rows, the published
    layers and the publication summary."""

    def rows(sql):
        found = con.execute(sql).fetchall()
        return [tuple(None if isinstance(v, float) and math.isnan(v) else v for v in row) for row in found]

    return (
        rows("SELECT * FROM observations ORDER BY ALL"),
        rows("SELECT * FROM import_batches ORDER BY batch_id"),
        rows("SELECT * FROM import_rejections ORDER BY ALL"),
        rows("SELECT audit_id, action, target FROM audit_log ORDER BY audit_id"),
        rows("SELECT * FROM published_observations ORDER BY ALL"),
        rows("SELECT count(*) FROM published_by_area"),
        rows("SELECT key, value FROM meta ORDER BY key"),
    )


def _new_figures(con, areas: int = 6) -> pd.DataFrame:
    """Figures of population for a period the demo store has none for, one per area."""
    codes = [r[0] for r in con.execute("SELECT code FROM areas ORDER BY code LIMIT ?", [areas]).fetchall()]
    return pd.DataFrame(
        {
            "indicator_id": "population",
            "area_code": codes,
            "period": 2031,
            "value": [100.0 + i for i in range(len(codes))],
            "numerator": [100.0 + i for i in range(len(codes))],
            "denominator": None,
            "ci_lower": None,
            "ci_upper": None,
            "status": "final",
        }
    )


def _handed(frame: pd.DataFrame, how: str):
    """The rows as the writer may get them: an Arrow table in key order (the import's way), an Arrow
    table in another order, or a DataFrame."""
    if how == "arrow in key order":
        return pa.Table.from_pandas(frame.sort_values(KEY, kind="stable"), preserve_index=False)
    if how == "arrow in another order":
        return pa.Table.from_pandas(frame.iloc[::-1], preserve_index=False)
    return frame


@pytest.mark.parametrize("how", ["arrow in key order", "arrow in another order", "dataframe"])
def test_a_repeated_key_handed_straight_to_the_writer_is_refused_and_nothing_changes(demo_copy, how):
    with Writer(demo_copy) as writer:
        figures = _new_figures(writer.con)
        repeat = figures.iloc[[2]].assign(value=999.0, numerator=999.0)  # the third area's key again
        before = _store_state(writer.con)
        with pytest.raises(RepeatedKeys) as refused:
            writer.add_observations(_handed(pd.concat([figures, repeat]), how), BatchInfo("t", "twice"), SYSTEM)
        assert refused.value.count == 1
        assert refused.value.key == {"indicator_id": "population", "area_code": figures["area_code"][2], "period": 2031}
        assert "nothing was written" in str(refused.value)
        assert _store_state(writer.con) == before
        # the same rows, each key once, are taken (so the refusal above was for the repeat)
        batch = writer.add_observations(_handed(figures, how), BatchInfo("t", "once"), SYSTEM)
        stored = writer.con.execute("SELECT count(*) FROM observations WHERE batch_id = ?", [batch]).fetchone()[0]
        assert stored == len(figures)
        assert writer.stored_repeats() == {"current": 0, "in_a_batch": 0}


def test_a_key_repeated_within_a_batch_by_breakdown_is_refused_but_its_categories_are_not(demo_copy):
    with Writer(demo_copy) as writer:
        figures = _new_figures(writer.con, areas=2)
        by_sex = pd.concat(
            [figures.assign(breakdown="sex", category=c, value=10.0, numerator=10.0) for c in ("female", "male")]
        )
        before = _store_state(writer.con)
        twice = pd.concat([by_sex, by_sex.iloc[[3]]])
        with pytest.raises(RepeatedKeys) as refused:
            writer.add_observations(twice, BatchInfo("t", "twice"), SYSTEM)
        assert refused.value.key["category"] == "male" and refused.value.key["breakdown"] == "sex"
        assert _store_state(writer.con) == before
        batch = writer.add_observations(by_sex, BatchInfo("t", "by sex"), SYSTEM)
        assert writer.con.execute("SELECT count(*) FROM observations WHERE batch_id = ?", [batch]).fetchone()[0] == 4


def test_rows_in_key_order_are_checked_by_their_neighbours():
    table = pa.table({"a": ["x", "x", "x", "y", "y", "y", "z"], "b": [1, 2, 2, 1, 1, 1, 5]})
    with pytest.raises(RepeatedKeys) as refused:
        in_key_order(table, ["a", "b"])
    assert refused.value.count == 2  # (x, 2) twice and (y, 1) three times: two keys repeat
    assert refused.value.key == {"a": "x", "b": 2}
    unique = pa.table({"a": ["x", "x", "y"], "b": [1, 2, 1]})
    assert in_key_order(unique, ["a", "b"]) is True
    assert in_key_order(unique.take([2, 0, 1]), ["a", "b"]) is False  # not in order: checked by DuckDB instead
    assert in_key_order(pa.table({"a": ["x", None], "b": [1, 1]}), ["a", "b"]) is False
    assert in_key_order(unique.slice(0, 1), ["a", "b"]) is True


def test_the_integrity_check_finds_a_key_stored_twice(demo_copy):
    """``stored_repeats`` is not trivially 0: a row copied behind the writer's back is found."""
    with Writer(demo_copy) as writer:
        assert writer.stored_repeats() == {"current": 0, "in_a_batch": 0}
        writer.con.execute(
            """INSERT INTO observations SELECT * FROM observations WHERE superseded_by IS NULL
               AND batch_id IN (SELECT batch_id FROM import_batches WHERE rolled_back_at IS NULL) LIMIT 1"""
        )
        assert writer.stored_repeats() == {"current": 1, "in_a_batch": 1}
