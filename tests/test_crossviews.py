"""Views across programmes: the core's numbers and the presentation's tables on small frames built here,
and both pages (AppTest, both languages) on a database with the demo programme, the national level and
two programme folders."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from omrademonitor import PROJECT_ROOT, crossviews
from omrademonitor.crossviews import CrossInputs, NetworkColumn
from omrademonitor.presentation import crossview_tables
from omrademonitor.presentation.charts import network_chart

APP = str(PROJECT_ROOT / "app.py")


def small_inputs() -> CrossInputs:
    areas = pd.DataFrame(
        {
            "code": ["X", "11", "12", "1101", "1102", "1201"],
            "name": ["Land X", "Fylke A", "Fylke B", "Kommune a", "Kommune b", "Kommune c"],
            "level": ["land", "fylke", "fylke", "kommune", "kommune", "kommune"],
            "parent_code": [None, "X", "X", "11", "11", "12"],
        }
    )
    rows = [
        ("pop", "1101", 2022, 100.0, 1),
        ("pop", "1101", 2023, 110.0, 1),
        ("pop", "1102", 2023, 40.0, 1),
        ("pop", "1201", 2023, 50.0, 1),
        ("pop", "1101", 2025, 130.0, 9),  # a later year for one municipality only (demonstration)
        ("pop", "11", 2023, 150.0, 1),
        ("pop", "X", 2023, 200.0, 1),
        ("rate", "1101", 2023, 5.0, 1),
        ("rate", "1201", 2023, 7.0, 1),
        ("rate", "X", 2023, 6.0, 1),
        ("lonely", "1102", 2023, 1.0, 1),  # only one municipality: not shared
    ]
    observations = pd.DataFrame(rows, columns=["indicator_id", "area_code", "period", "value", "batch_id"])
    indicators = pd.DataFrame(
        {
            "id": ["pop", "rate", "lonely"],
            "name_nb": ["Folk", "Rate", "Ensom"],
            "name_en": ["People", "Rate", "Lonely"],
            "aggregation": ["sum", "mean", "sum"],
            "definition_json": [json.dumps({"themes": ["demography"]}), json.dumps({"themes": ["work"]}), "{}"],
        }
    )
    spec = {
        "name": {"nb": "Plan", "en": "Plan"},
        "municipality_code": "1101",
        "start_year": 2020,
        "duration_years": 4,
        "extension_years": 1,
        "programme_areas": [{"area_code": "1101"}],
        "focus_areas": [
            {"id": "f1", "number": 1, "name": {"nb": "En", "en": "One"}, "themes": ["demography"]},
            {"id": "f2", "number": 2, "name": {"nb": "To", "en": "Two"}, "indicators": ["rate"]},
        ],
        "indicators_without_data": [{"name": {"nb": "Ventetid", "en": "Waiting time"}, "focus_area": "f2"}],
    }
    programmes = pd.DataFrame({"id": ["p"], "definition_json": [json.dumps(spec)]})
    measures = pd.DataFrame(
        {
            "programme_id": ["p", "p", "p"],
            "measure_id": ["a", "b", "c"],
            "focus_area": ["f1", "f1", "f2"],
            "status": ["done", "done", "not_done"],
            "is_demo": [False, False, False],
        }
    )
    reports = pd.DataFrame({"programme_id": ["p"], "report_id": [4], "reference_date": ["2024-06-30"]})
    return CrossInputs(programmes, areas, observations, indicators, measures, reports, frozenset({9}))


def test_network_compares_one_year_with_county_and_country():
    data = small_inputs()
    codes = ["1101", "1102", "1201"]
    assert crossviews.shared_indicators(data, codes) == ["pop", "rate"]
    assert crossviews.comparison_year(data, codes, "pop") == 2023  # not 2025: only one has it
    table = crossview_tables.network_table(data, codes, ["pop", "rate"], "en")
    assert table["Code"].tolist() == ["1101", "1102", "1201", "11", "12", "X"]
    assert table["People 2023"].tolist()[:3] == [110.0, 40.0, 50.0]
    assert table["People 2023"].iloc[5] == 200.0 and pd.isna(table["People 2023"].iloc[4])
    assert table["Rate 2023"].iloc[5] == 6.0


def test_the_network_core_gives_codes_levels_and_figures_without_words():
    """``network_figures``: rows by code and level, one column per indicator id with its year and demo flag."""
    data = small_inputs()
    frame, columns = crossviews.network_figures(data, ["1101", "1102", "1201"], ["pop", "rate", "lonely"])
    assert frame["code"].tolist() == ["1101", "1102", "1201", "11", "12", "X"]
    assert frame["level"].tolist() == ["kommune", "kommune", "kommune", "fylke", "fylke", "land"]
    assert frame["name"].tolist()[:2] == ["Kommune a", "Kommune b"]
    assert columns == [
        NetworkColumn("pop", 2023, False),
        NetworkColumn("rate", 2023, False),
        NetworkColumn("lonely", 2023, False),
    ]
    assert frame["rate"].iloc[[0, 2, 5]].tolist() == [5.0, 7.0, 6.0]
    assert frame["rate"].isna().tolist() == [False, True, False, True, True, False]  # no figure: empty, no text
    _, alone = crossviews.network_figures(data, ["1101"], ["pop"])
    assert alone == [NetworkColumn("pop", 2025, True)]  # its latest year, with a demonstration figure


def test_the_ministry_core_counts_and_names_without_words():
    data = small_inputs()
    (row,) = crossviews.programme_rows(data)
    assert (row.id, row.municipality, row.first_year, row.last_year, row.focus_areas) == (
        "p",
        "Kommune a",
        2020,
        2024,
        2,
    )
    assert row.measures == {"done": 2, "not_done": 1} and not row.measures_demo
    assert (row.report_date, row.report_id) == ("2024-06-30", 4)
    first, second = crossviews.focus_area_rows(data, "p")
    assert (first.number, first.name, first.measures) == (1, {"nb": "En", "en": "One"}, {"done": 2})
    assert first.with_data == ["pop"] and first.without_data == [] and first.named_without_data == []
    assert second.with_data == ["rate"] and second.measures == {"not_done": 1}
    assert second.named_without_data == [{"nb": "Ventetid", "en": "Waiting time"}]


def test_demonstration_figures_are_marked_in_the_column():
    data = small_inputs()
    table = crossview_tables.network_table(data, ["1101"], ["pop"], "en")
    assert list(table.columns)[-1] == "People 2025 (demonstration data)"


def test_counts_as_share_of_the_country_rates_against_its_line():
    data = small_inputs()
    shares = crossviews.share_of_country(data, ["1101", "1201"], "pop")
    assert dict(zip(shares["area_code"], shares["share"], strict=True)) == {"1101": 55.0, "1201": 25.0}
    fig, captions = network_chart(data, ["1101", "1201"], "rate", "en")
    assert [s.x0 for s in fig.layout.shapes] == [6.0] and "6.0 (2023)" in captions[0]
    fig, captions = network_chart(data, ["1101", "1201"], "pop", "en")
    assert not fig.layout.shapes and "55.00%" in captions[0]


def test_ministry_overview_and_status_per_focus_area():
    data = small_inputs()
    overview = crossview_tables.ministry_overview(data, "en")
    row = overview.iloc[0]
    assert row["Period"] == "2020–2024" and row["Municipality"] == "Kommune a"
    assert row["Measures by status"] == "Done 2, Not done 1"
    assert row["Latest report"] == "as of 2024-06-30 (report 4)"
    focus = crossview_tables.focus_area_status(data, "p", "en")
    assert focus["Indicators with figures"].tolist() == ["People", "Rate"]
    assert focus["No data yet"].tolist() == ["", "Waiting time"]


def test_focus_area_ids_shared_with_another_programme_take_no_indicators_from_it():
    data = small_inputs()
    old_style = json.dumps({"focus_area": "f3"})  # an indicator of the earlier format, naming "f3"
    indicators = pd.concat(
        [
            data.indicators,
            pd.DataFrame(
                {
                    "id": ["old"],
                    "name_nb": ["Gml"],
                    "name_en": ["Old"],
                    "aggregation": ["sum"],
                    "definition_json": [old_style],
                }
            ),
        ],
        ignore_index=True,
    )
    spec = json.loads(data.programmes["definition_json"].iloc[0])
    spec["focus_areas"].append({"id": "f3", "number": 3, "name": {"nb": "Tre", "en": "Three"}})  # lists none
    programmes = pd.DataFrame({"id": ["p"], "definition_json": [json.dumps(spec)]})
    data = CrossInputs(programmes, data.areas, data.observations, indicators, data.measures, data.reports)
    focus = crossview_tables.focus_area_status(data, "p", "en")
    assert focus["Indicators with figures"].iloc[2] == "no indicators yet"
    assert focus["No data yet"].iloc[2] == ""  # not the other format's "old" indicator


@pytest.fixture(scope="module")
def cross_db(shipped_db):
    return shipped_db


@pytest.fixture()
def app(cross_db, monkeypatch):
    monkeypatch.setenv("OMRADEMONITOR_DB", str(cross_db))
    import streamlit as st

    st.cache_resource.clear()
    st.cache_data.clear()
    return AppTest.from_file(APP, default_timeout=90)


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_network_page_shows_real_population_and_norway(app, lang):
    app.query_params["lang"] = lang
    app.run()
    app.switch_page("pages/network.py").run()
    assert not app.exception, app.exception
    table = app.dataframe[0].value
    column = next(c for c in table.columns if c.endswith(" 2023") and "demo" not in c)
    figures = dict(zip(table.iloc[:, 1], table[column], strict=True))
    assert figures["NO"] == 5_488_984  # SSB 07459: persons in Norway, 1 January 2023
    assert figures["5501"] == 77_992 and figures["5035"] == 24_541
    assert any("%" in c.value for c in app.caption)


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_ministry_page_lists_every_programme(app, lang):
    app.query_params["lang"] = lang
    app.query_params["programme"] = "stjordal"
    app.run()
    app.switch_page("pages/ministry.py").run()
    assert not app.exception, app.exception
    overview = app.dataframe[0].value
    assert len(overview) == 3
    stjordal = pd.read_csv(PROJECT_ROOT / "programmes" / "stjordal" / "measures.csv")
    focus = app.dataframe[1].value
    assert len(focus) == 4  # Stjørdal's four groups of measures
    done = "Gjennomført" if lang == "nb" else "Done"
    assert f"{done} {int((stjordal['status'] == 'done').sum())}" in overview.iloc[0, 4]
