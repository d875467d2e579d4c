"""Figures by breakdown reach the SQL console's research copy and report snapshots as published
(disclosure-controlled), never raw: a cell hidden in the store is hidden there too."""

import datetime as dt

import duckdb
import pandas as pd
import pytest

from omrademonitor.access import SYSTEM
from omrademonitor.disclosure import DEFAULT_POLICY
from omrademonitor.importing.pipeline import commit, prepare
from omrademonitor.indicator_registry import load_registry
from omrademonitor.setup_db import load_definitions
from omrademonitor.snapshots import AsOfStore, capture, published_as_of, published_breakdowns_as_of
from omrademonitor.sql_console import build_research_copy, run_query
from omrademonitor.store import Store
from omrademonitor.writer import Writer
from tests.indicator_fixtures import BY_SEX, indicator_folder
from tests.test_breakdowns import AREAS, FIGURES, SPEC, by_sex

HIDDEN = ("500101", "female")  # three women: hidden by the primary rule


@pytest.fixture()
def stored(demo_copy, tmp_path):
    """The demo store with residents by sex imported (and published) for 2024."""
    registry = load_registry(indicator_folder(tmp_path, BY_SEX))
    prepared = prepare(by_sex(FIGURES), "kjonn.csv", SPEC, registry, AREAS, 2026)
    with Writer(demo_copy) as writer:
        writer.sync_definitions(load_definitions()[0], registry, SYSTEM)
        commit(writer, prepared, SYSTEM)
    return demo_copy, registry


def live(path) -> pd.DataFrame:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(
            """SELECT area_code, category, value, numerator, status FROM published_breakdowns
               ORDER BY area_code, category"""
        ).df()
    finally:
        con.close()


def test_the_console_reads_the_published_figures_by_breakdown_and_not_a_hidden_cell(stored, tmp_path):
    path, _ = stored
    store = Store(path)
    try:
        copy = build_research_copy(store, tmp_path / "research.duckdb")
    finally:
        store.close()
    area, category = HIDDEN
    hidden = run_query(
        copy,
        f"""SELECT value, numerator, denominator, status FROM published_breakdowns
            WHERE area_code = '{area}' AND category = '{category}'""",
    ).frame
    assert len(hidden) == 1 and hidden["status"][0] == "suppressed"
    assert hidden[["value", "numerator", "denominator"]].isna().all(axis=None)
    # the three women are nowhere in the copy's figures by breakdown
    found = run_query(copy, "SELECT count(*) AS n FROM published_breakdowns WHERE value = 3 OR numerator = 3").frame
    assert found["n"][0] == 0
    shown = run_query(
        copy, "SELECT area_code, category, value, numerator, status FROM published_breakdowns ORDER BY 1, 2"
    ).frame
    expected = live(path)
    assert len(shown) == len(expected) == 10
    assert shown["value"].astype(float).fillna(-1).tolist() == expected["value"].fillna(-1).tolist()
    assert shown["status"].tolist() == expected["status"].tolist()


def test_a_report_snapshot_holds_the_published_figures_by_breakdown(stored):
    path, registry = stored
    programmes, _ = load_definitions()
    programme = next(iter(programmes.values()))
    store = Store(path)
    try:
        snapshot = capture(store, programme, registry, DEFAULT_POLICY, dt.date.today(), dt.datetime.now(), "Eva")
        totals = published_as_of(store, snapshot)
        parts = published_breakdowns_as_of(store, snapshot, totals)
        view = AsOfStore(store, snapshot, totals, parts)
        women = view.query(
            "part_area_figures",
            indicator_ids=["test_residents_by_sex"],
            area_codes=sorted(AREAS),
            breakdown="sex",
            category="female",
        )
    finally:
        store.close()
    ours = totals[totals["indicator_id"] == "test_residents_by_sex"]
    assert sorted(ours["value"]) == [60.0, 190.0, 190.0, 210.0, 650.0]  # the totals, never a category
    hidden = women[women["area_code"] == HIDDEN[0]]
    assert hidden["status"].tolist() == ["suppressed"] and hidden["value"].isna().all()
    # the same cells as the live store publishes (same data, definitions, policy and key)
    expected = live(path)
    got = parts.sort_values(["area_code", "category"]).reset_index(drop=True)
    assert got["status"].tolist() == expected["status"].tolist()
    assert got["value"].fillna(-1).tolist() == expected["value"].fillna(-1).tolist()
