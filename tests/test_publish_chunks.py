"""A full publish reads the observations a few periods at a time: the same layer and summary as all at once."""

from __future__ import annotations

import math

from omrademonitor import publishing
from omrademonitor.publishing import period_chunks
from omrademonitor.writer import Writer


def test_periods_are_grouped_up_to_the_limit_and_a_big_period_stands_alone():
    counts = [(2019, 40), (2020, 40), (2021, 30), (2022, 500), (2023, 10)]
    assert period_chunks(counts, 100) == [(2019, 2020), (2021, 2021), (2022, 2022), (2023, 2023)]
    assert period_chunks(counts, 10_000) == [(2019, 2023)]
    assert period_chunks([], 100) == []


def _layer(con) -> tuple:
    rows = con.execute("SELECT * FROM published_observations ORDER BY indicator_id, period, area_code").fetchall()
    rows = [tuple(None if isinstance(v, float) and math.isnan(v) else v for v in row) for row in rows]
    by_area = con.execute("SELECT count(*) FROM published_by_area").fetchone()[0]
    meta = con.execute("SELECT key, value FROM meta WHERE key IN ('publication', 'publication_parts')").fetchall()
    return rows, by_area, sorted(meta)


def _full(writer: Writer) -> tuple:
    with writer.transaction() as con:
        writer._publish(con, full=True)
        return _layer(con)


def test_a_full_publish_in_parts_equals_one_over_everything(demo_copy, monkeypatch):
    with Writer(demo_copy) as writer:
        periods = writer.con.execute(publishing.ROWS_BY_PERIOD).fetchall()
        assert len(periods) > 3  # else the parts below would not be several
        monkeypatch.setattr(publishing, "PUBLISH_CHUNK_ROWS", 10**9)
        whole = _full(writer)
        monkeypatch.setattr(publishing, "PUBLISH_CHUNK_ROWS", 1)  # one period per part
        parts = _full(writer)
    assert len(whole[0]) > 1000 and whole[1] == len(whole[0])
    assert parts == whole
