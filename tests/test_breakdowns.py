"""Breakdowns in the store (schema v11): figures by sex, age group or immigrant background, declared
per indicator, read from SSB's own dimensions (``Kjonn``, ``Alder``), stored with the total as its
own category (never double-counted), and disclosure-controlled as tables of their own whose sum
is the total."""

import json

import duckdb
import pandas as pd
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from omrademonitor import PROJECT_ROOT
from omrademonitor.__main__ import main
from omrademonitor.access import SYSTEM
from omrademonitor.breakdowns import category_of
from omrademonitor.definitions import DefinitionError
from omrademonitor.importing.pipeline import commit, prepare
from omrademonitor.importing.spec import ImportSpec
from omrademonitor.indicator_registry import load_registry
from omrademonitor.presentation.import_messages import issue_message
from omrademonitor.setup_db import load_definitions
from omrademonitor.writer import Writer
from tests.indicator_fixtures import BY_SEX, indicator_folder, ssb_export

AREAS = {"5001", "500101", "500102", "500103", "500104"}
BYDELER = ["500101", "500102", "500103", "500104"]


@pytest.fixture()
def registry(tmp_path):
    return load_registry(indicator_folder(tmp_path, BY_SEX))


def by_sex(figures: dict[str, tuple[int, int]], total_rows: bool = True) -> bytes:
    """An SSB export by region, sex (``Kjonn``) and year: per area (women, men), and both sexes."""
    rows = []
    for area, (women, men) in figures.items():
        if total_rows:
            rows.append([area, "Begge kjønn", women + men])
        rows += [[area, "Kvinner", women], [area, "Menn", men]]
    return ssb_export("12347: Personer, etter region, kjønn og år", ["region", "Kjonn", "Personer 2024"], rows)


FIGURES = {
    "5001": (310, 340),
    "500101": (3, 57),  # three women: hidden by the primary rule
    "500102": (100, 110),
    "500103": (97, 93),
    "500104": (110, 80),
}
SPEC = ImportSpec(indicator_id="test_residents_by_sex", columns={"area": "region"})


def test_ssb_codes_and_words_name_the_categories():
    assert category_of("sex", "2") == "female" and category_of("sex", "Menn") == "male"
    assert category_of("sex", "Begge kjønn") == "total" and category_of("sex", "kvinne") == "female"
    assert category_of("age_group", "0-17 år") == "0_17" and category_of("age_group", "67+") == "67_plus"
    assert category_of("country_background", "B") == "immigrants" and category_of("sex", "x") is None


def test_an_unknown_breakdown_is_refused_by_the_registry(tmp_path):
    with pytest.raises(DefinitionError, match="unknown breakdown 'income'"):
        load_registry(indicator_folder(tmp_path, BY_SEX.replace("[sex, age_group]", "[sex, income]")))


def test_rows_by_sex_are_read_with_the_total_as_its_own_category(registry):
    prepared = prepare(by_sex(FIGURES), "kjonn.csv", SPEC, registry, AREAS, 2026)
    assert prepared.issues == []
    rows = prepared.observations
    assert len(rows) == 15
    parts = rows.groupby(["breakdown", "category"]).size().to_dict()
    assert parts == {("sex", "female"): 5, ("sex", "male"): 5, ("total", "total"): 5}
    total = rows[(rows["area_code"] == "500101") & (rows["breakdown"] == "total")]["value"].tolist()
    assert total == [60.0]


def test_an_unknown_category_and_a_crossed_row_are_refused_where_they_are(registry):
    text = "region;Kjonn;Alder;år;Personer\n500101;Kvinner;Alle aldre;2024;10\n500101;X;Alle aldre;2024;4\n"
    text += "500101;Kvinner;0-17 år;2024;3\n"
    spec = ImportSpec(
        indicator_id="test_residents_by_sex", columns={"area": "region", "period": "år", "value": "Personer"}
    )
    prepared = prepare(text.encode(), "t.csv", spec, registry, AREAS, 2026)
    found = [(i.code, i.row, i.column, i.value) for i in prepared.issues]
    assert found == [("unknown_category", 3, "Kjonn", "X"), ("crossed_breakdowns", 4, "Alder", "0-17 år")]
    assert "known: total, female, male" in issue_message(prepared.issues[0], "en")


def test_adding_up_rows_still_refuses_a_file_that_holds_the_total(registry):
    spec = ImportSpec(indicator_id="test_residents_by_sex", columns={"area": "region"}, sum_rows=True)
    prepared = prepare(by_sex(FIGURES), "kjonn.csv", spec, registry, AREAS, 2026)
    assert [i.code for i in prepared.issues] == ["sum_includes_total"] and prepared.observations.empty
    summed = prepare(by_sex(FIGURES, total_rows=False), "kjonn.csv", spec, registry, AREAS, 2026)
    assert summed.issues == []
    assert dict(zip(summed.observations["area_code"], summed.observations["value"], strict=True))["500101"] == 60


def _stored(demo_copy, registry, data=None):
    prepared = prepare(data or by_sex(FIGURES), "kjonn.csv", SPEC, registry, AREAS, 2026)
    with Writer(demo_copy) as writer:
        writer.sync_definitions(load_definitions()[0], registry, SYSTEM)
        batch = commit(writer, prepared, SYSTEM)
    return batch


def test_totals_are_stored_once_and_the_views_read_only_them(demo_copy, registry):
    _stored(demo_copy, registry)
    con = duckdb.connect(str(demo_copy), read_only=True)
    stored = con.execute(
        """SELECT breakdown, count(*), sum(value) FROM current_observations
           WHERE indicator_id = 'test_residents_by_sex' GROUP BY 1 ORDER BY 1"""
    ).fetchall()
    assert stored == [("sex", 10, 1300.0), ("total", 5, 1300.0)]
    published = con.execute(
        "SELECT area_code, value FROM published_observations WHERE indicator_id = 'test_residents_by_sex'"
    ).df()
    by_area = con.execute(
        "SELECT count(*) FROM published_by_area WHERE indicator_id = 'test_residents_by_sex'"
    ).fetchone()[0]
    parts = con.execute(
        "SELECT count(*) FROM published_breakdowns WHERE indicator_id = 'test_residents_by_sex'"
    ).fetchone()[0]
    con.close()
    assert len(published) == 5 and by_area == 5 and parts == 10
    assert dict(zip(published["area_code"], published["value"], strict=True))["5001"] == 650


def _equations(published: pd.DataFrame, totals: pd.DataFrame) -> list[tuple[str, list]]:
    """Every sum a reader can do with the published figures: per category the municipality is the
    sum of its districts, per area the total is the sum of the categories."""
    cell = {(r.category, r.area_code): r.value for r in published.itertuples()}
    cell |= {("total", r.area_code): r.value for r in totals.itertuples()}
    sums = [(f"{c}: 5001", [cell[(c, "5001")], *(cell[(c, b)] for b in BYDELER)]) for c in ("female", "male", "total")]
    sums += [(f"{a}: total", [cell[("total", a)], cell[("female", a)], cell[("male", a)]]) for a in ["5001", *BYDELER]]
    return sums


def test_each_category_is_disclosure_controlled_and_no_sum_gives_a_hidden_count_away(demo_copy, registry):
    _stored(demo_copy, registry)
    con = duckdb.connect(str(demo_copy), read_only=True)
    published = con.execute(
        "SELECT area_code, category, value, status FROM published_breakdowns ORDER BY area_code, category"
    ).df()
    totals = con.execute(
        "SELECT area_code, value FROM published_observations WHERE indicator_id = 'test_residents_by_sex'"
    ).df()
    con.close()
    shown = {(r.area_code, r.category): r.value for r in published.itertuples()}
    assert pd.isna(shown[("500101", "female")])  # three women: hidden by the rule
    assert pd.isna(shown[("500101", "male")])  # else 60 − 57 gives them away
    assert not totals["value"].isna().any()  # the totals are never hidden to protect a category
    for name, members in _equations(published, totals):
        assert sum(pd.isna(v) for v in members) != 1, f"{name}: one hidden figure, recovered by subtraction"


def test_a_revision_of_one_category_supersedes_only_that_category(demo_copy, registry):
    first = _stored(demo_copy, registry)
    changed = dict(FIGURES, **{"500102": (101, 110)})
    second = _stored(demo_copy, registry, by_sex(changed))
    con = duckdb.connect(str(demo_copy), read_only=True)
    revised = con.execute(
        """SELECT area_code, breakdown, category, value FROM current_observations
           WHERE batch_id = ? ORDER BY breakdown""",
        [second],
    ).fetchall()
    kept = con.execute("SELECT count(*) FROM current_observations WHERE batch_id = ?", [first]).fetchone()[0]
    con.close()
    assert revised == [("500102", "sex", "female", 101.0), ("500102", "total", "total", 211.0)]
    assert kept == 13


def test_cli_import_by_sex_gives_a_breakdown_choice_in_the_explorer_and_the_map(demo_copy, tmp_path, monkeypatch):
    monkeypatch.setenv("OMRADEMONITOR_INDICATORS", str(indicator_folder(tmp_path, BY_SEX)))
    source = tmp_path / "kjonn.csv"
    source.write_bytes(by_sex(FIGURES))
    db = ["--db", str(demo_copy)]
    assert main([*db, "init", "--no-demo"]) == 0
    assert main([*db, "import", str(source), "--indicator", "test_residents_by_sex", "--area-column", "region"]) == 0

    con = duckdb.connect(str(demo_copy), read_only=True)
    published = {
        (area, category): value
        for area, category, value in con.execute(
            "SELECT area_code, category, value FROM published_breakdowns WHERE indicator_id = 'test_residents_by_sex'"
        ).fetchall()
    }
    con.close()

    def shown(area: str, category: str) -> str:
        """The cell as the explorer writes it: hidden ones to protect others depend on the store's key."""
        value = published[(area, category)]
        return "Skjermet" if value is None else f"{value:.1f}".replace(".", ",")

    monkeypatch.setenv("OMRADEMONITOR_DB", str(demo_copy))
    st.cache_resource.clear()
    st.cache_data.clear()
    app = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=60)
    app.run()
    app.switch_page("pages/explorer.py").run()
    app.selectbox(key="indicator").select("test_residents_by_sex").run()
    app.multiselect(key="areas").select("500102").run()
    assert not app.exception, app.exception
    assert app.selectbox(key="part").value == "total"  # the total by default
    assert app.dataframe[0].value["Østbyen"].tolist() == ["210,0"]
    app.selectbox(key="part").select("sex.male").run()
    assert app.dataframe[0].value["Østbyen"].tolist() == [shown("500102", "male")]
    assert app.dataframe[0].value["Trondheim"].tolist() == [shown("5001", "male")]
    assert {shown("500102", "male"), shown("5001", "male")} & {"110,0", "340,0"}  # not all hidden
    app.selectbox(key="part").select("sex.female").run()
    assert app.dataframe[0].value["Trondheim"].tolist() == [shown("5001", "female")]

    app.switch_page("pages/map.py").run()
    assert not app.exception, app.exception
    app.selectbox(key="indicator").select("test_residents_by_sex").run()
    app.selectbox(key="part").select("sex.female").run()
    assert not app.exception, app.exception
    tables = [frame.value for frame in app.dataframe]
    table = next(table for table in tables if "Østbyen" in table.iloc[:, 0].tolist())
    by_area = dict(zip(table.iloc[:, 0], table.iloc[:, 1], strict=True))
    assert by_area["Midtbyen"] == "–"  # three women: hidden
    women = {"Midtbyen": "500101", "Østbyen": "500102", "Lerkendal": "500103", "Heimdal": "500104"}
    assert [name for name, code in women.items() if published[(code, "female")] is not None] == [
        name for name in women if by_area[name] != "–"
    ]
    app.selectbox(key="part").select("total").run()
    table = next(frame.value for frame in app.dataframe if "Østbyen" in frame.value.iloc[:, 0].tolist())
    assert dict(zip(table.iloc[:, 0], table.iloc[:, 1], strict=True))["Midtbyen"].startswith("60")


def test_ssb_json_stat_with_kjonn_codes_is_read_by_sex(registry):
    document = {
        "class": "dataset",
        "id": ["Region", "Kjonn", "ContentsCode", "Tid"],
        "size": [2, 3, 1, 1],
        "dimension": {
            "Region": {"category": {"index": {"500101": 0, "500102": 1}}},
            "Kjonn": {"category": {"index": {"0": 0, "1": 1, "2": 2}}},
            "ContentsCode": {"category": {"index": {"Personer": 0}}},
            "Tid": {"category": {"index": {"2024": 0}}},
        },
        "role": {"metric": ["ContentsCode"], "time": ["Tid"]},
        "value": [60, 57, 3, 210, 110, 100],
    }
    spec = ImportSpec(
        indicator_id="test_residents_by_sex", columns={"area": "Region", "period": "Tid", "value": "Personer"}
    )
    data = json.dumps(document).encode()
    prepared = prepare(data, "ssb.json", spec, registry, AREAS, 2026)
    assert prepared.issues == []
    rows = prepared.observations.sort_values(["area_code", "breakdown", "category"])
    found = list(zip(rows["area_code"], rows["category"], rows["value"], strict=True))
    assert found == [
        ("500101", "female", 3.0),
        ("500101", "male", 57.0),
        ("500101", "total", 60.0),
        ("500102", "female", 100.0),
        ("500102", "male", 110.0),
        ("500102", "total", 210.0),
    ]


def test_rolling_back_a_revision_by_category_restores_it_in_the_store_and_the_published_figures(demo_copy, registry):
    _stored(demo_copy, registry)
    changed = dict(FIGURES, **{"500103": (90, 93)})
    second = _stored(demo_copy, registry, by_sex(changed))
    with Writer(demo_copy) as writer:
        writer.rollback_batch(second, SYSTEM)
    con = duckdb.connect(str(demo_copy), read_only=True)
    current = con.execute(
        """SELECT category, value FROM current_observations
           WHERE indicator_id = 'test_residents_by_sex' AND area_code = '500103' ORDER BY category"""
    ).fetchall()
    published = con.execute(
        """SELECT category, value, status FROM published_breakdowns
           WHERE indicator_id = 'test_residents_by_sex' AND area_code = '500103' ORDER BY category"""
    ).fetchall()
    con.close()
    assert current == [("female", 97.0), ("male", 93.0), ("total", 190.0)]
    restored = {"female": 97.0, "male": 93.0}
    assert len(published) == 2 and all(v in (None, restored[c]) for c, v, _ in published)  # shown, or hidden
    assert not any(v == 90.0 for _, v, _ in published)
