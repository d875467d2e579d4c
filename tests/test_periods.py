"""SSB's period types stored as what they are (schema v11): a three-year period, a quarter, a month
are read by the indicator's declared type, stored with SSB's code beside a sortable reference,
refused when the file's type is another, and shown with their labels."""

import json

import duckdb
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from omrademonitor import PROJECT_ROOT
from omrademonitor.__main__ import main
from omrademonitor.access import SYSTEM
from omrademonitor.importing.pipeline import commit, prepare
from omrademonitor.importing.spec import ImportSpec
from omrademonitor.indicator_registry import load_registry
from omrademonitor.periods import PeriodMismatch, PeriodType, code, kind_of, parse, position, year_of
from omrademonitor.presentation.formatting import period_label
from omrademonitor.presentation.import_messages import issue_message
from omrademonitor.presentation.tables import series_table
from omrademonitor.writer import Writer
from tests.indicator_fixtures import QUARTERLY, THREE_YEAR, indicator_folder, ssb_export

AREAS = {"5001", "500101", "500102", "500103", "500104"}


# --- the period codes ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind", "stored", "ssb", "nb", "en"),
    [
        ("2023", PeriodType.YEAR, 2023, "2023", "2023", "2023"),
        ("2019-2021", PeriodType.MULTI_YEAR, 2021, "2019-2021", "2019–2021", "2019–2021"),
        ("2023H1", PeriodType.HALF_YEAR, 20231, "2023H1", "1. halvår 2023", "H1 2023"),
        ("2023K4", PeriodType.QUARTER, 20234, "2023K4", "4. kv. 2023", "Q4 2023"),
        ("2023M12", PeriodType.MONTH, 202312, "2023M12", "des. 2023", "Dec 2023"),
        ("2023M3", PeriodType.MONTH, 202303, "2023M03", "mars 2023", "Mar 2023"),
    ],
)
def test_each_ssb_code_has_a_sortable_reference_its_code_and_label(text, kind, stored, ssb, nb, en):
    assert parse(text, kind) == stored
    assert code(stored, kind) == ssb
    assert period_label(stored, kind, "nb") == nb and period_label(stored, kind, "en") == en
    assert year_of(stored, kind) == int(ssb[-4:] if kind == PeriodType.MULTI_YEAR else ssb[:4])


def test_references_sort_like_the_periods_and_sit_inside_their_years():
    quarters = [parse(c, PeriodType.QUARTER) for c in ("2022K4", "2023K1", "2023K2", "2023K4")]
    assert quarters == sorted(quarters)
    months = [parse(c, PeriodType.MONTH) for c in ("2022M12", "2023M01", "2023M11")]
    assert months == sorted(months)
    assert 2022.5 < position(20231, PeriodType.QUARTER) < position(20234, PeriodType.QUARTER) < 2023.5
    assert position(2021, PeriodType.MULTI_YEAR) == 2020.0  # the middle of 2019–2021


@pytest.mark.parametrize(
    ("text", "kind", "found"),
    [
        ("2023K4", PeriodType.MULTI_YEAR, "quarter"),
        ("2019-2021", PeriodType.QUARTER, "multi_year"),
        ("2023", PeriodType.MONTH, "year"),
        ("2018-2021", PeriodType.MULTI_YEAR, "4 years, not 3"),
        ("Q4 2023", PeriodType.QUARTER, None),
    ],
)
def test_a_code_of_another_type_is_refused_naming_what_it_is(text, kind, found):
    with pytest.raises(PeriodMismatch) as refused:
        parse(text, kind)
    assert refused.value.found == found and refused.value.expected == kind
    assert kind_of("2023K4") == PeriodType.QUARTER


# --- import of real-format files ----------------------------------------------------------------------


@pytest.fixture()
def registry(tmp_path):
    return load_registry(indicator_folder(tmp_path, THREE_YEAR, QUARTERLY))


def three_year_file() -> bytes:
    """SSB's export of a three-year table: wide by period, the period in each column's name."""
    header = ["region", "Andel 2017-2019", "Andel 2018-2020", "Andel 2019-2021"]
    rows = [
        ["K-5001 Trondheim", 8.1, 8.3, 8.0],
        ["500101 Midtbyen", 6.2, 6.0, ":"],
        ["500102 Østbyen", 12.4, 12.9, 13.1],
    ]
    return ssb_export("12345: Andel, etter region og treårsperiode", header, rows)


def quarterly_file() -> bytes:
    header = ["region", "kvartal", "Personer"]
    rows = [
        [f"{code} {name}", q, n]
        for code, name in (("500101", "Midtbyen"), ("500102", "Østbyen"))
        for q, n in (("2023K1", 120), ("2023K2", 131), ("2023K3", 125), ("2023K4", 140))
    ]
    return ssb_export("12346: Personer, etter region og kvartal", header, rows)


def test_a_three_year_ssb_export_is_read_as_three_year_periods(registry):
    spec = ImportSpec(indicator_id="test_three_year_share", columns={"area": "region"})
    prepared = prepare(three_year_file(), "ssb_treaar.csv", spec, registry, AREAS, 2026)
    assert prepared.issues == []
    rows = prepared.observations.sort_values(["area_code", "period"])
    assert sorted(set(rows["period"])) == [2019, 2020, 2021]  # each period's end year
    assert rows.loc[rows["area_code"] == "500101", "status"].tolist() == ["final", "final", "suppressed"]


def test_a_quarterly_file_is_read_as_quarters(registry):
    spec = ImportSpec(
        indicator_id="test_quarterly_count", columns={"area": "region", "period": "kvartal", "value": "Personer"}
    )
    prepared = prepare(quarterly_file(), "kvartal.csv", spec, registry, AREAS, 2026)
    assert prepared.issues == []
    assert sorted(set(prepared.observations["period"])) == [20231, 20232, 20233, 20234]
    assert len(prepared.observations) == 8


def test_a_file_whose_periods_are_of_another_type_is_refused_where_and_why(registry):
    spec = ImportSpec(
        indicator_id="test_three_year_share", columns={"area": "region", "period": "kvartal", "value": "Personer"}
    )
    prepared = prepare(quarterly_file(), "kvartal.csv", spec, registry, AREAS, 2026)
    first = prepared.issues[0]
    assert (first.code, first.row, first.column, first.value) == ("period_type_mismatch", 4, "kvartal", "2023K1")
    assert "expected multi_year (2021-2023), found quarter" in issue_message(first, "en")
    assert "forventet multi_year" in issue_message(first, "nb") and "kvartal.csv" in issue_message(first, "en")
    assert len(prepared.issues) == 8 and prepared.observations.empty


def test_an_annual_indicator_still_refuses_a_quarter_as_before(registry):
    text = "område;tid;antall\n500102;2023K4;60262\n"
    spec = ImportSpec(indicator_id="population", columns={"area": "område", "period": "tid", "value": "antall"})
    prepared = prepare(text.encode(), "t.csv", spec, registry, AREAS, 2026)
    assert [(i.code, i.row) for i in prepared.issues] == [("period_is_quarter", 2)]


def test_stored_with_ssb_code_beside_the_reference_and_revised_per_period(demo_copy, registry):
    spec = ImportSpec(
        indicator_id="test_quarterly_count", columns={"area": "region", "period": "kvartal", "value": "Personer"}
    )
    prepared = prepare(quarterly_file(), "kvartal.csv", spec, registry, AREAS, 2026)
    with Writer(demo_copy) as writer:
        programmes = _programmes()
        writer.sync_definitions(programmes, registry, SYSTEM)
        commit(writer, prepared, SYSTEM)
        changed = prepared.observations.copy()
        changed.loc[(changed["area_code"] == "500101") & (changed["period"] == 20234), "value"] = 141.0
        second = writer.add_observations(changed, _info("revised"), SYSTEM)
    con = duckdb.connect(str(demo_copy), read_only=True)
    stored = con.execute(
        """SELECT area_code, period, period_code, value, batch_id FROM current_observations
           WHERE indicator_id = 'test_quarterly_count' ORDER BY area_code, period"""
    ).fetchall()
    assert [r[2] for r in stored[:4]] == ["2023K1", "2023K2", "2023K3", "2023K4"]
    assert stored[3][3:] == (141.0, second)  # only that quarter was revised
    assert {r[4] for r in stored[:3]} == {second - 1}
    annual = con.execute(
        "SELECT count(*) FROM observations WHERE period_code IS DISTINCT FROM period::VARCHAR "
        "AND indicator_id <> 'test_quarterly_count'"
    ).fetchone()[0]
    assert annual == 0  # every annual figure keeps its year as its code
    published = con.execute(
        "SELECT count(*) FROM published_observations WHERE indicator_id = 'test_quarterly_count'"
    ).fetchone()[0]
    con.close()
    assert published == 8


def _programmes():
    from omrademonitor.setup_db import load_definitions

    return load_definitions()[0]


def _info(source):
    from omrademonitor.writer import BatchInfo

    return BatchInfo(source=source, content_hash=source)


def test_series_table_writes_periods_as_readers_do(registry):
    frame = pd.DataFrame(
        {
            "area_code": ["5001"] * 2,
            "area_name": ["Trondheim"] * 2,
            "period": [20233, 20234],
            "value": [1.0, 2.0],
            "status": ["final", "final"],
        }
    )
    table = series_table(frame, registry["test_quarterly_count"], "nb")
    assert table.columns[0] == "Periode" and table.iloc[:, 0].tolist() == ["3. kv. 2023", "4. kv. 2023"]
    english = series_table(frame, registry["test_quarterly_count"], "en")
    assert english.columns[0] == "Period" and english.iloc[:, 0].tolist() == ["Q3 2023", "Q4 2023"]


# --- end to end: command line → store → explorer ------------------------------------------------------


def test_cli_import_of_three_year_and_quarterly_files_shows_in_the_explorer(demo_copy, tmp_path, monkeypatch):
    folder = indicator_folder(tmp_path, THREE_YEAR, QUARTERLY)
    monkeypatch.setenv("OMRADEMONITOR_INDICATORS", str(folder))
    three, quarters = tmp_path / "treaar.csv", tmp_path / "kvartal.csv"
    three.write_bytes(three_year_file())
    quarters.write_bytes(quarterly_file())
    db = ["--db", str(demo_copy)]
    assert main([*db, "init", "--no-demo"]) == 0  # takes in the new definitions
    assert main([*db, "import", str(three), "--indicator", "test_three_year_share", "--area-column", "region"]) == 0
    args = [
        "--indicator",
        "test_quarterly_count",
        "--area-column",
        "region",
        "--period-column",
        "kvartal",
        "--value-column",
        "Personer",
    ]
    assert main([*db, "import", str(quarters), *args]) == 0
    wrong = [
        "--indicator",
        "test_three_year_share",
        "--area-column",
        "region",
        "--period-column",
        "kvartal",
        "--value-column",
        "Personer",
    ]
    assert main([*db, "import", str(quarters), *wrong]) == 2  # refused: quarters for a three-year indicator

    monkeypatch.setenv("OMRADEMONITOR_DB", str(demo_copy))
    import streamlit as st

    st.cache_resource.clear()
    st.cache_data.clear()
    app = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=60)
    app.run()
    app.switch_page("pages/explorer.py").run()
    app.selectbox(key="indicator").select("test_three_year_share").run()
    app.multiselect(key="areas").select("500102").run()
    assert not app.exception, app.exception
    table = app.dataframe[0].value
    assert table.columns[0] == "Periode"
    assert table.iloc[:, 0].tolist() == ["2017–2019", "2018–2020", "2019–2021"]
    assert table["Østbyen"].tolist()[-1].startswith("13,1")
    chart = json.loads(app.get("plotly_chart")[0].proto.spec)
    lines = {trace["name"]: trace for trace in chart["data"] if trace.get("customdata")}
    assert lines["Østbyen"]["customdata"] == ["2017–2019", "2018–2020", "2019–2021"]
    assert lines["Østbyen"]["x"] == [2018.0, 2019.0, 2020.0]  # each period in the middle of its years
    assert chart["layout"]["xaxis"]["ticktext"] == ["2017–2019", "2018–2020", "2019–2021"]

    app.selectbox(key="indicator").select("test_quarterly_count").run()
    assert not app.exception, app.exception
    table = app.dataframe[0].value
    assert table.iloc[:, 0].tolist() == ["1. kv. 2023", "2. kv. 2023", "3. kv. 2023", "4. kv. 2023"]
    assert table["Østbyen"].tolist() == ["120", "131", "125", "140"]
    app.sidebar.selectbox(key="lang").select("en").run()
    table = app.dataframe[0].value
    assert table.columns[0] == "Period" and table.iloc[:, 0].tolist()[-1] == "Q4 2023"


def test_a_repeated_quarter_is_named_by_its_code(registry):
    text = "region;kvartal;Personer\n500101;2023K4;10\n500101;2023K4;11\n"
    spec = ImportSpec(
        indicator_id="test_quarterly_count", columns={"area": "region", "period": "kvartal", "value": "Personer"}
    )
    prepared = prepare(text.encode(), "t.csv", spec, registry, AREAS, 2026)
    assert [(i.code, i.row) for i in prepared.issues] == [("duplicate_key", 3)]
    assert prepared.issues[0].params["period"] == "2023K4"  # not its sortable reference, 20234
