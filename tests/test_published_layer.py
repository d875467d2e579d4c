"""The published layer is the only thing any reader sees, and it changes only with the data.

- statically: no query outside the writer's own ``PUBLISHING`` set names the raw observations, and
  no module outside the writer and disclosure code does;
- dynamically: with the raw observations removed from a copy of the demo database, every page,
  the map download and the SQL console's research copy still work (so none of them reads raw data);
- atomically: a publish that fails leaves the data and the published layer exactly as they were.
"""

from __future__ import annotations

import re
import shutil

import duckdb
import pandas as pd
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from omrademonitor import PROJECT_ROOT, figures
from omrademonitor.access import Principal, Role
from omrademonitor.queries import PUBLISHING, QUERIES
from omrademonitor.sql_console import build_research_copy
from omrademonitor.store import Store
from omrademonitor.writer import BatchInfo, Writer
from tests.helpers import table_state
from tests.test_pages import PAGES

RAW = re.compile(r"(?<![a-z_])(observations|current_observations)(?![a-z_])")
WRITER_MODULES = {"writer.py", "publishing.py", "schema.py", "queries.py"}  # write, publish, define


def test_only_the_publishing_queries_read_raw_observations():
    readers = sorted(name for name, sql in QUERIES.items() if RAW.search(sql))
    assert readers == sorted(name for name in PUBLISHING if RAW.search(PUBLISHING[name]))
    assert readers == ["snapshot_raw_breakdowns", "snapshot_raw_observations"]


def test_no_page_or_core_module_outside_the_writer_names_raw_observations():
    offenders = []
    for folder in ("omrademonitor", "pages", "ui"):
        for path in sorted((PROJECT_ROOT / folder).rglob("*.py")):
            if path.name in WRITER_MODULES:
                continue
            for number, line in enumerate(path.read_text().splitlines(), 1):
                code = line.split("#")[0]
                if re.search(r"(FROM|JOIN)\s+(current_)?observations\b", code, re.IGNORECASE):
                    offenders.append(f"{path.relative_to(PROJECT_ROOT)}:{number}: {line.strip()}")
    assert not offenders, "\n".join(offenders)


@pytest.fixture(scope="module")
def no_raw_db(demo_db, tmp_path_factory):
    """A copy of the demo database whose raw observations are gone: only the published layer is left."""
    path = tmp_path_factory.mktemp("noraw") / "published-only.duckdb"
    shutil.copy(demo_db, path)
    con = duckdb.connect(str(path))
    con.execute("DROP VIEW current_observations")
    con.execute("DROP INDEX IF EXISTS observations_current")
    con.execute("ALTER TABLE observations RENAME TO raw_figures_removed_for_this_test")
    con.execute("CHECKPOINT")
    con.close()
    return path


@pytest.mark.parametrize("page", [p for p in PAGES if p != "pages/report.py"])
def test_every_page_runs_on_the_published_layer_alone(no_raw_db, monkeypatch, page):
    monkeypatch.setenv("OMRADEMONITOR_DB", str(no_raw_db))
    st.cache_resource.clear()
    st.cache_data.clear()
    app = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=60)
    app.run()
    app.switch_page(page).run()
    assert not app.exception, app.exception
    assert not any("Catalog Error" in e.value for e in app.error)


def test_views_and_the_research_copy_need_no_raw_observations(no_raw_db, registry, tmp_path):
    store = Store(no_raw_db)
    try:
        indicator = registry["persistent_low_income"]
        mapped = figures.map_frame(store, indicator, "levekarssone", 2024)
        assert mapped["value"].notna().sum() > 50
        copy = build_research_copy(store, tmp_path / "research.duckdb")
    finally:
        store.close()
    con = duckdb.connect(str(copy), read_only=True)
    tables = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    small, hidden = con.execute(
        """SELECT count(*) FILTER (status <> 'suppressed' AND numerator > 0 AND numerator < 5),
                  count(*) FILTER (status = 'suppressed' AND value IS NULL AND numerator IS NULL)
           FROM published_observations"""
    ).fetchone()
    con.close()
    assert "published_observations" in tables and not tables & {"observations", "current_observations"}
    assert small == 0 and hidden > 500


def test_a_failed_publish_leaves_data_and_published_layer_as_they_were(demo_db, tmp_path, monkeypatch):
    path = tmp_path / "atomic.duckdb"
    shutil.copy(demo_db, path)
    before = table_state(path)
    frame = pd.DataFrame(
        [{"indicator_id": "persistent_low_income", "area_code": "5001LKS09", "period": 2020, "value": 1.0}]
    )

    def broken(*args, **kwargs):
        raise RuntimeError("publishing failed")

    monkeypatch.setattr("omrademonitor.publishing.publish", broken)
    with Writer(path) as writer, pytest.raises(RuntimeError, match="publishing failed"):
        writer.add_observations(frame, BatchInfo(source="t", content_hash="atomic"), Principal("eva", Role.EDITOR))
    assert table_state(path) == before


def test_an_import_republishes_in_the_same_write(demo_db, tmp_path):
    path = tmp_path / "republish.duckdb"
    shutil.copy(demo_db, path)
    frame = pd.DataFrame(
        [
            {
                "indicator_id": "persistent_low_income",
                "area_code": "5001LKS09",
                "period": 2020,
                "value": 3 / 400 * 100,
                "numerator": 3,
                "denominator": 400,
            }
        ]
    )
    with Writer(path) as writer:
        writer.add_observations(frame, BatchInfo(source="t", content_hash="small"), Principal("eva", Role.EDITOR))
    store = Store(path)
    try:
        row = store.query("observations_panel", indicator_id="persistent_low_income")
    finally:
        store.close()
    row = row[(row["area_code"] == "5001LKS09") & (row["period"] == 2020)].iloc[0]
    assert row["status"] == "suppressed" and pd.isna(row["numerator"]) and pd.isna(row["value"])
