"""The SQL console's whole-result download (issue 19.4): no 10,000-row stop; the worker streams every
row into CSV or Parquet within the console's time and memory limits, the file capped by the kernel;
nothing is left behind when it stops; the page speaks the UI language."""

import duckdb
import pandas as pd
import pytest
import streamlit as st

from omrademonitor.sql_console import ROW_LIMIT, ConsoleError, ConsoleStopped, build_research_copy, export_query
from omrademonitor.store import Store
from tests.test_pages_roles import log_in, new_app

BIG = "SELECT range AS n, 'row ' || range AS label FROM range(25000)"  # more rows than the screen's limit


@pytest.fixture(scope="module")
def research_copy(demo_db, tmp_path_factory):
    store = Store(demo_db)
    try:
        return build_research_copy(store, tmp_path_factory.mktemp("export") / "research.duckdb")
    finally:
        store.close()


@pytest.mark.parametrize("file_format", ["csv", "parquet"])
def test_every_row_past_the_screen_limit_reaches_the_file(research_copy, tmp_path, file_format):
    target = tmp_path / f"all.{file_format}"
    done = export_query(research_copy, BIG, target, file_format)
    assert done.rows == 25000 > ROW_LIMIT and done.bytes == target.stat().st_size
    frame = pd.read_csv(target) if file_format == "csv" else duckdb.sql(f"SELECT * FROM '{target}'").df()
    assert len(frame) == 25000 and frame["n"].tolist() == list(range(25000))


def test_the_published_figures_come_out_whole_and_formulas_are_neutralised_in_csv(research_copy, tmp_path):
    target = tmp_path / "obs.csv"
    done = export_query(
        research_copy, "SELECT *, '=1+1' AS formula FROM published_observations ORDER BY ALL", target, "csv"
    )
    con = duckdb.connect(str(research_copy), read_only=True)
    expected = con.execute("SELECT count(*) FROM published_observations").fetchone()[0]
    con.close()
    frame = pd.read_csv(target)
    assert done.rows == expected == len(frame) > ROW_LIMIT
    assert (frame["formula"] == "'=1+1").all()


def test_a_file_past_its_cap_is_stopped_and_removed(research_copy, tmp_path):
    target = tmp_path / "huge.csv"
    sql = "SELECT range AS n, repeat('x', 200) AS pad FROM range(100000)"  # about 20 MB
    with pytest.raises(ConsoleStopped) as stopped:
        export_query(research_copy, sql, target, "csv", file_limit_mb=1)
    assert stopped.value.reason == "file_size" and stopped.value.limit == 1
    assert not target.exists()


def test_the_time_limit_and_the_select_only_rule_hold_for_files(research_copy, tmp_path):
    target = tmp_path / "slow.parquet"
    with pytest.raises(ConsoleStopped) as stopped:
        export_query(research_copy, "SELECT count(*) FROM range(100000000000) a", target, "parquet", time_limit=1)
    assert stopped.value.reason == "time" and not target.exists()
    with pytest.raises(ConsoleError, match="only reading"):
        export_query(research_copy, "DELETE FROM areas", target, "csv")
    with pytest.raises(ConsoleError):
        export_query(research_copy, "SELECT * FROM read_csv('/etc/passwd')", target, "csv")
    assert not target.exists()


def run(app):
    """Press the console's Run button."""
    next(b for b in app.button if b.label in ("Kjør", "Run")).click().run()
    assert not app.exception, app.exception


def test_the_page_offers_the_whole_result_as_a_file_in_the_ui_language(demo_db, tmp_path, monkeypatch):
    from omrademonitor.access import SYSTEM, Role
    from omrademonitor.accounts import hash_password
    from omrademonitor.writer import Writer

    db = tmp_path / "console.duckdb"
    db.write_bytes(demo_db.read_bytes())
    with Writer(db) as writer:
        writer.create_user("rolf", Role.RESEARCHER, SYSTEM, hash_password("a-test-password-1"))
    app = log_in(new_app(db, monkeypatch), "rolf")
    app.switch_page("pages/sql.py").run()
    assert not app.exception, app.exception
    app.text_area(key="sql_text").input(BIG)
    app.radio(key="sql_file_format").set_value("csv")
    run(app)
    assert any("25\xa0000 rader skrevet" in c.value for c in app.caption), [c.value for c in app.caption]
    assert any("kuttet ved 10\xa0000 rader" in w.value for w in app.warning)
    assert "Last ned query.csv" in {b.label for b in app.get("download_button")}

    st.cache_resource.clear()
    app = log_in(new_app(db, monkeypatch, sql_time_limit_s="1"), "rolf")
    app.switch_page("pages/sql.py").run()
    app.text_area(key="sql_text").input("SELECT count(*) FROM range(100000000000) a")
    run(app)
    shown = [e.value for e in app.error] + [c.value for c in app.caption]
    assert any("tidsgrensen" in text for text in shown), shown
    assert not any("stopped after" in text for text in shown), shown  # no English beside the Norwegian
