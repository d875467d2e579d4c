"""Imports: every format in, every bad input refused with its named error and an unchanged
database, revisions kept, rollbacks exact, provenance recorded."""

from __future__ import annotations

import hashlib
import shutil
from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from omrademonitor import figures
from omrademonitor.access import Principal, Role
from omrademonitor.errors import NothingChanged
from omrademonitor.importing import ImportRefused, ImportSpec, commit, prepare
from omrademonitor.importing.boundaries import commit_boundaries, is_boundary_file, prepare_boundaries
from omrademonitor.importing.readers import read_table
from omrademonitor.presentation.import_messages import footnotes_note, issue_message, issue_reason, stored_reason
from omrademonitor.setup_db import load_definitions
from omrademonitor.store import Store, read_only_connection
from omrademonitor.writer import Writer
from tests import import_fixtures as fx
from tests.bounded import run_bounded
from tests.helpers import table_state

EDITOR = Principal("eva", Role.EDITOR)
COMMA_SPEC = ImportSpec(
    columns={
        "indicator": "indicator",
        "area": "area",
        "period": "period",
        "value": "value",
        "numerator": "numerator",
        "denominator": "denominator",
        "unit": "unit",
    }
)
SEMICOLON_SPEC = ImportSpec(
    indicator_id="persistent_low_income",
    columns={"area": "omrade", "period": "aar", "numerator": "teller", "denominator": "nevner", "value": "andel"},
)


@pytest.fixture()
def db(demo_db, tmp_path):
    path = tmp_path / "import.duckdb"
    shutil.copy(demo_db, path)
    return path


def prepared_for(db, data: bytes, name: str, spec: ImportSpec | None):
    store = Store(db)
    try:
        from omrademonitor.setup_db import load_definitions

        return prepare(data, name, spec, load_definitions()[1], set(store.query("areas")["code"]), this_year=2026)
    finally:
        store.close()


def import_file(db, data: bytes, name: str, spec: ImportSpec | None, accept: bool = False) -> int:
    prepared = prepared_for(db, data, name, spec)
    with Writer(db) as writer:
        return commit(writer, prepared, EDITOR, accept, reason=stored_reason)


def current(db, indicator: str, area: str, period: int):
    con = read_only_connection(db)
    row = con.execute(
        "SELECT value, numerator, denominator, status, batch_id FROM current_observations "
        "WHERE indicator_id = ? AND area_code = ? AND period = ?",
        [indicator, area, period],
    ).fetchone()
    con.close()
    return row


# --- formats --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("encoding", "bom"), [("utf-8", True), ("utf-8", False), ("cp1252", False), ("latin-1", False)]
)
def test_semicolon_csv_with_decimal_comma_and_thousand_spaces(db, encoding, bom):
    data = fx.csv_bytes(fx.GOOD_SEMICOLON, encoding, bom)
    assert read_table(data, "x.csv").frame["omrade"].iloc[2] == "500102 Østbyen"  # æøå survive
    batch = import_file(db, data, "levekar.csv", SEMICOLON_SPEC)
    assert current(db, "persistent_low_income", fx.LADEMOEN, 2023) == (20.0, 1210.0, 6050.0, "final", batch)
    assert current(db, "persistent_low_income", fx.OSTBYEN, 2023)[:3] == (10.0, 6012.0, 60120.0)


def test_columns_are_guessed_from_norwegian_headers(db):
    prepared = prepared_for(db, fx.csv_bytes(fx.GOOD_SEMICOLON), "levekar.csv", None)
    assert {k: v for k, v in prepared.spec.columns.items() if v} == {
        "area": "omrade",
        "period": "aar",
        "numerator": "teller",
        "denominator": "nevner",
        "value": "andel",
    }


def test_comma_csv_with_indicator_and_unit_columns(db):
    import_file(db, fx.csv_bytes(fx.GOOD_COMMA), "register.csv", COMMA_SPEC)
    assert current(db, "persistent_low_income", fx.TEMPE, 2022)[:3] == (18.25, 1095.0, 6000.0)
    assert current(db, "crowded_housing", fx.LADEMOEN, 2022)[0] == 15.0


def test_excel_sheet_chosen_and_header_below_titles(db):
    data = fx.excel_bytes(fx.GOOD_EXCEL_ROWS)
    table = read_table(data, "boliger.xlsx", sheet="Data")
    assert table.sheets == ("Om tabellen", "Data") and table.row_numbers == [4, 5]
    spec = ImportSpec(
        indicator_id="home_visit_3_weeks_share",
        sheet="Data",
        columns={"area": "Område", "period": "År", "numerator": "Teller", "denominator": "Nevner"},
    )
    import_file(db, data, "boliger.xlsx", spec)
    assert current(db, "home_visit_3_weeks_share", fx.LADEMOEN, 2024)[:3] == (35.0, 420.0, 1200.0)


def test_jsonstat_symbols_become_flags_never_zeros(db):
    data = fx.jsonstat_bytes(values=[21.5, None], status={"1": ":"})
    spec = ImportSpec(
        indicator_id="persistent_low_income", columns={"area": "Region", "period": "Tid", "value": "Andel"}
    )
    import_file(db, data, "ssb.json", spec)
    assert current(db, "persistent_low_income", fx.LADEMOEN, 2023)[0] == 21.5
    value, numerator, _, status, _ = current(db, "persistent_low_income", fx.TEMPE, 2023)
    assert value is None and numerator is None and status == "suppressed"


@pytest.mark.parametrize(
    ("symbol", "status"),
    [("..", "missing"), (".", "missing"), ("...", "missing"), ("-", "missing"), (":", "suppressed")],
)
def test_every_ssb_symbol(db, symbol, status):
    data = fx.jsonstat_bytes(values=[21.5, 0], status={"1": symbol})
    spec = ImportSpec(
        indicator_id="persistent_low_income", columns={"area": "Region", "period": "Tid", "value": "Andel"}
    )
    import_file(db, data, "ssb.json", spec)
    assert current(db, "persistent_low_income", fx.TEMPE, 2023)[0] is None  # the 0 beside the symbol is not used
    assert current(db, "persistent_low_income", fx.TEMPE, 2023)[3] == status


def test_jsonstat_wide_measures_map_to_numerator_and_denominator(db):
    data = fx.jsonstat_bytes(contents=("Teller", "Nevner"), values=[300, 1500, 250, 1250])
    spec = ImportSpec(
        indicator_id="persistent_low_income",
        columns={"area": "Region", "period": "Tid", "numerator": "Teller", "denominator": "Nevner"},
    )
    import_file(db, data, "ssb-wide.json", spec)
    assert current(db, "persistent_low_income", fx.LADEMOEN, 2023)[:3] == (20.0, 300.0, 1500.0)


def test_wide_by_year_columns_and_summing_split_counts(db):
    text = (
        "region;alder;Personer 2022;Personer 2023\n"
        "500102 Østbyen;0-17;10 000;10 100\n500102 Østbyen;18+;50 000;50 162\n"
    )
    spec = ImportSpec(indicator_id="population", columns={"area": "region"}, sum_rows=True)
    import_file(db, fx.csv_bytes(text), "befolkning.csv", spec)
    assert current(db, "population", fx.OSTBYEN, 2023)[0] == 60262.0
    assert current(db, "population", fx.OSTBYEN, 2022)[0] == 60000.0


# --- real SSB files from ../shared/data ----------------------------------------------------------------


def test_real_ssb_10826_bydel_export(db, shared_data):
    data = (shared_data / "ssb-raw-exports" / "ssb10826_bydel_age_2023_raw.csv").read_bytes()
    spec = ImportSpec(
        indicator_id="population",
        columns={"area": "region"},
        sum_rows=True,
        skip_unknown_areas=True,
        source="SSB tabell 10826",
    )
    prepared = prepared_for(db, data, "ssb10826_bydel_age_2023_raw.csv", spec)
    assert prepared.issues == [] and prepared.rows_skipped > 0  # Oslo, Bergen, Stavanger, unknown district
    with Writer(db) as writer:
        commit(writer, prepared, EDITOR)
    assert current(db, "population", fx.OSTBYEN, 2023)[0] == 60262.0  # as SSB publishes
    assert current(db, "population", fx.CITY, 2023)[0] == 212660.0


def test_real_ssb_07459_kommune_export(db, shared_data):
    data = (shared_data / "ssb-raw-exports" / "ssb07459_kommune_age_2023_raw.csv").read_bytes()
    spec = ImportSpec(indicator_id="population", columns={"area": "region"}, sum_rows=True, skip_unknown_areas=True)
    import_file(db, data, "ssb07459_kommune_age_2023_raw.csv", spec)
    assert current(db, "population", fx.CITY, 2023)[0] == 212660.0


def test_real_tidy_population_series_with_filters(db, shared_data):
    data = (
        shared_data / "trondheim-bydel-population-ssb10826" / "trondheim_population_by_bydel_age_sex_2005_2026.csv"
    ).read_bytes()
    spec = ImportSpec(
        indicator_id="population",
        columns={"area": "code", "period": "year", "value": "persons"},
        filters={"sex": "total", "level": "bydel"},
        sum_rows=True,
    )
    import_file(db, data, "population.csv", spec)
    assert current(db, "population", fx.OSTBYEN, 2018)[0] == 54672.0
    assert current(db, "population", fx.OSTBYEN, 2026)[0] == 63646.0
    assert current(db, "population", "500103", 2026)[0] == 56448.0


# --- boundaries ------------------------------------------------------------------------------------


def prepared_boundaries(db, data, name, level, code_column=None):
    store = Store(db)
    try:
        return prepare_boundaries(
            data, name, level, store.query("areas"), figures.shapes(store, "levekarssone"), code_column
        )
    finally:
        store.close()


@pytest.mark.parametrize(
    ("driver", "crs"), [("GeoJSON", 4326), ("GPKG", 25832), ("ESRI Shapefile", 25833), ("GPKG", 4258)]
)
def test_zone_boundaries_in_each_format_and_crs(db, tmp_path, driver, crs):
    data, name = fx.boundary_bytes(fx.zone_file(["Lademoen", "Tempe-Sorgenfri"], crs), driver, tmp_path)
    prepared = prepared_boundaries(db, data, name, "levekarssone")
    assert prepared.issues == [] and sorted(prepared.shapes["code"]) == [fx.LADEMOEN, fx.TEMPE]
    with Writer(db) as writer:
        commit_boundaries(writer, prepared, EDITOR)
    store = Store(db)
    stored = figures.shapes(store, "levekarssone").set_index("code")
    store.close()
    expected = fx.zone_file(["Lademoen"]).geometry.iloc[0]
    assert stored.loc[fx.LADEMOEN].geometry.symmetric_difference(expected).area < 1e-9  # back in WGS84 for maps


def test_old_grunnkrets_codes_are_translated_and_placed_in_zones(db, tmp_path):
    store = Store(db)
    zones = figures.shapes(store, "levekarssone")
    store.close()
    units = fx.basic_units(zones, ["16010101", "50010202"])
    data, name = fx.boundary_bytes(units, "GeoJSON", tmp_path)
    prepared = prepared_boundaries(db, data, name, "grunnkrets")
    assert prepared.issues == []
    with Writer(db) as writer:
        commit_boundaries(writer, prepared, EDITOR)
    store = Store(db)
    areas = store.query("areas").set_index("code")
    store.close()
    assert areas.loc["50010101", "parent_code"] == fx.LADEMOEN  # 1601xxxx became 5001xxxx
    assert areas.loc["50010202", "parent_code"] == fx.TEMPE
    assert areas.loc["50010101", "level"] == "grunnkrets"


# --- the corpus of bad inputs ----------------------------------------------------------------------

BAD_TABLES = [
    ("unsupported_format", b"%PDF-1.7", "rapport.pdf", None),
    ("empty_file", b"  \n", "tom.csv", None),
    ("no_table", fx.csv_bytes("bare en kolonne\nverdi\n"), "en.csv", None),
    ("duplicate_columns", fx.csv_bytes("area;area;period;value\nx;y;2020;1\n"), "dobbel.csv", None),
    ("wrong_field_count", fx.csv_bytes("area;period;value\n5001LKS09;2020;1\n5001LKS26;2020\n"), "kort.csv", None),
    ("unknown_sheet", fx.excel_bytes(fx.GOOD_EXCEL_ROWS), "ark.xlsx", ImportSpec(sheet="Finnes ikke")),
    ("unreadable", b"PK\x03\x04 not really a workbook", "brukket.xlsx", None),
    ("not_json", b"{not json", "feil.json", None),
    ("not_jsonstat", b'{"hello": "world"}', "feil.json", None),
    ("unknown_column", fx.csv_bytes(fx.GOOD_COMMA), "x.csv", COMMA_SPEC.with_columns(value="verdi")),
    ("no_indicator", fx.csv_bytes(fx.GOOD_SEMICOLON), "x.csv", ImportSpec(columns=SEMICOLON_SPEC.columns)),
    (
        "unknown_indicator",
        fx.csv_bytes(fx.GOOD_SEMICOLON),
        "x.csv",
        ImportSpec(indicator_id="happiness", columns=SEMICOLON_SPEC.columns),
    ),
    ("no_area_column", fx.csv_bytes(fx.GOOD_COMMA), "x.csv", COMMA_SPEC.with_columns(area=None)),
    ("no_period_column", fx.csv_bytes(fx.GOOD_COMMA), "x.csv", COMMA_SPEC.with_columns(period=None)),
    (
        "no_value_column",
        fx.csv_bytes(fx.GOOD_COMMA),
        "x.csv",
        COMMA_SPEC.with_columns(value=None, numerator=None, denominator=None),
    ),
    ("unknown_indicator", fx.csv_bytes(fx.GOOD_COMMA.replace("crowded_housing", "crowding")), "x.csv", COMMA_SPEC),
    ("unknown_area", fx.csv_bytes(fx.GOOD_COMMA.replace("5001LKS26", "5001LKS99")), "x.csv", COMMA_SPEC),
    ("bad_period", fx.csv_bytes(fx.GOOD_COMMA.replace(",2022,19.5", ",i fjor,19.5")), "x.csv", COMMA_SPEC),
    ("period_out_of_range", fx.csv_bytes(fx.GOOD_COMMA.replace(",2022,19.5", ",2009,19.5")), "x.csv", COMMA_SPEC),
    ("period_out_of_range", fx.csv_bytes(fx.GOOD_COMMA.replace(",2022,19.5", ",2031,19.5")), "x.csv", COMMA_SPEC),
    ("not_a_number", fx.csv_bytes(fx.GOOD_COMMA.replace("19.5", "nitten")), "x.csv", COMMA_SPEC),
    (
        "percent_out_of_range",
        fx.csv_bytes(fx.GOOD_COMMA.replace("19.5,1170", "119.5,1170")),
        "x.csv",
        COMMA_SPEC.with_columns(numerator=None, denominator=None),
    ),
    (
        "rate_out_of_range",
        fx.csv_bytes("indicator,area,period,value\nreported_crime_per_1000,5001LKS09,2022,1500\n"),
        "x.csv",
        None,
    ),
    (
        "negative_count",
        fx.csv_bytes(fx.GOOD_COMMA.replace("1095,6000", "-1095,6000")),
        "x.csv",
        COMMA_SPEC.with_columns(value=None),
    ),
    (
        "negative_count",
        fx.csv_bytes("indicator,area,period,value\nmunicipal_housing_waiting_list,5001LKS09,2022,-4\n"),
        "x.csv",
        None,
    ),
    (
        "numerator_above_denominator",
        fx.csv_bytes(fx.GOOD_COMMA.replace("1170,6000", "7000,6000")),
        "x.csv",
        COMMA_SPEC.with_columns(value=None),
    ),
    ("value_mismatch", fx.csv_bytes(fx.GOOD_COMMA.replace("19.5,1170", "29.5,1170")), "x.csv", COMMA_SPEC),
    ("unit_mismatch", fx.csv_bytes(fx.GOOD_COMMA.replace(",prosent", ",antall")), "x.csv", COMMA_SPEC),
    (
        "duplicate_key",
        fx.csv_bytes(fx.GOOD_COMMA + "persistent_low_income,5001LKS09,2022,19.5,1170,6000,prosent\n"),
        "x.csv",
        COMMA_SPEC,
    ),
    (
        "bad_status",
        fx.csv_bytes("indicator,area,period,value,status\npersistent_low_income,5001LKS09,2022,19,kanskje\n"),
        "x.csv",
        None,
    ),
    (
        "cannot_sum",
        fx.csv_bytes("indicator,area,period,value\nschool_wellbeing,500102,2022,4.1\n"),
        "x.csv",
        ImportSpec(
            sum_rows=True, columns={"indicator": "indicator", "area": "area", "period": "period", "value": "value"}
        ),
    ),
]


@pytest.mark.parametrize(
    ("expected", "data", "name", "spec"), BAD_TABLES, ids=[f"{i:02d}-{case[0]}" for i, case in enumerate(BAD_TABLES)]
)
def test_bad_table_is_refused_with_its_error_and_changes_nothing(db, expected, data, name, spec):
    before = fingerprint(db)
    store = Store(db)
    codes = set(store.query("areas")["code"])
    store.close()
    run = run_bounded(prepare, data, name, spec, load_definitions()[1], codes, 2026)
    assert run.seconds < 30 and run.peak_mib < 1024
    prepared = run.result
    codes = [issue.code for issue in prepared.issues]
    assert expected in codes, codes
    issue = next(i for i in prepared.issues if i.code == expected)
    assert issue.file == name and issue_reason(issue, "nb")
    if not issue.fatal:
        assert issue.row is not None and issue.column is not None  # located: row and column
    with Writer(db) as writer, pytest.raises(ImportRefused):
        commit(writer, prepared, EDITOR)
    assert fingerprint(db) == before


BAD_BOUNDARIES = [
    ("invalid_geometry", "bowtie"),
    ("outside_norway", "paris"),
    ("unsupported_crs", "web_mercator"),
    ("unknown_area", "atlantis"),
    ("no_code_column", "no_codes"),
    ("not_polygons", "points"),
    ("unreadable", "garbage"),
]


def bad_boundary(kind: str, tmp_path):
    import geopandas as gpd
    from shapely.geometry import Point, Polygon, box

    if kind == "garbage":
        return b"this is not geojson {", "grenser.geojson"
    frame = fx.zone_file(["Lademoen"])
    if kind == "bowtie":
        frame = frame.set_geometry([Polygon([(10.40, 63.40), (10.41, 63.41), (10.41, 63.40), (10.40, 63.41)])])
    elif kind == "paris":
        frame = frame.set_geometry([box(2.30, 48.80, 2.31, 48.81)])
    elif kind == "web_mercator":
        frame = frame.to_crs(3857)
        return fx.boundary_bytes(frame, "GPKG", tmp_path)
    elif kind == "atlantis":
        frame = frame.assign(**{"Levekårsnavn": ["Atlantis"]})
    elif kind == "no_codes":
        frame = gpd.GeoDataFrame({"farge": ["blå"]}, geometry=frame.geometry, crs=4326)
    elif kind == "points":
        frame = frame.set_geometry([Point(10.42, 63.43)])
    return fx.boundary_bytes(frame, "GeoJSON", tmp_path)


@pytest.mark.parametrize(("expected", "kind"), BAD_BOUNDARIES, ids=[c[0] for c in BAD_BOUNDARIES])
def test_bad_boundary_file_is_refused_and_changes_nothing(db, tmp_path, expected, kind):
    before = fingerprint(db)
    data, name = bad_boundary(kind, tmp_path)
    store = Store(db)
    areas, zones = store.query("areas"), figures.shapes(store, "levekarssone")
    store.close()
    run = run_bounded(prepare_boundaries, data, name, "levekarssone", areas, zones)
    assert run.seconds < 30 and run.peak_mib < 1024
    prepared = run.result
    assert expected in [i.code for i in prepared.issues]
    with Writer(db) as writer, pytest.raises(ImportRefused):
        commit_boundaries(writer, prepared, EDITOR)
    assert fingerprint(db) == before


def fingerprint(path) -> tuple:
    """The database file's bytes and every table's rows."""
    return hashlib.sha256(path.read_bytes()).hexdigest(), table_state(path)


# --- atomicity, idempotence, revisions, rollback, provenance -----------------------------------------


def test_same_file_twice_changes_nothing_and_says_so(db):
    first = import_file(db, fx.csv_bytes(fx.GOOD_COMMA), "register.csv", COMMA_SPEC)
    state = table_state(db)
    with pytest.raises(NothingChanged) as raised:
        import_file(db, fx.csv_bytes(fx.GOOD_COMMA), "register.csv", COMMA_SPEC)
    assert (raised.value.figures, raised.value.batch) == (3, first)
    assert table_state(db) == state


def test_reimporting_the_original_after_a_revision_restores_it_as_a_new_revision(db):
    """Issue 20 item 9: this was a silent no-op that kept the revised figure and wrote no audit row."""
    original = import_file(db, fx.csv_bytes(fx.GOOD_COMMA), "v1.csv", COMMA_SPEC)
    revised = fx.GOOD_COMMA.replace("19.5,1170,6000", "19.0,1140,6000")
    import_file(db, fx.csv_bytes(revised), "v2.csv", COMMA_SPEC)
    again = import_file(db, fx.csv_bytes(fx.GOOD_COMMA), "v1.csv", COMMA_SPEC)
    assert again > original
    assert current(db, "persistent_low_income", fx.LADEMOEN, 2022) == (19.5, 1170.0, 6000.0, "final", again)
    con = read_only_connection(db)
    rows = con.execute("SELECT rows_accepted FROM import_batches WHERE batch_id = ?", [again]).fetchone()[0]
    audited = con.execute(
        "SELECT after_json FROM audit_log WHERE action = 'add_observations' ORDER BY audit_id DESC"
    ).fetchone()[0]
    con.close()
    assert rows == 1 and f'"batch_id": {again},' in audited  # only the figure that differs, and audited


def test_crash_midway_leaves_the_database_as_it_was(db, monkeypatch):
    import omrademonitor.writer as writer_module

    before = table_state(db)
    prepared = prepared_for(db, fx.csv_bytes(fx.GOOD_COMMA), "register.csv", COMMA_SPEC)

    def crash(*args, **kwargs):
        raise RuntimeError("power cut")

    monkeypatch.setattr(writer_module, "_json", crash)  # fails after the rows are in, while writing the audit row
    with Writer(db) as writer, pytest.raises(RuntimeError, match="power cut"):
        commit(writer, prepared, EDITOR)
    assert table_state(db) == before


def test_revision_then_rollback_restores_the_earlier_figures_exactly(db):
    import_file(db, fx.csv_bytes(fx.GOOD_COMMA), "v1.csv", COMMA_SPEC)
    con = read_only_connection(db)
    earlier = con.execute("SELECT * FROM current_observations ORDER BY ALL").fetchall()
    con.close()
    revised = fx.GOOD_COMMA.replace("19.5,1170,6000", "19.0,1140,6000")
    batch = import_file(db, fx.csv_bytes(revised), "v2.csv", COMMA_SPEC)
    assert current(db, "persistent_low_income", fx.LADEMOEN, 2022)[0] == 19.0
    con = read_only_connection(db)
    history = con.execute(
        "SELECT value FROM observations WHERE indicator_id = 'persistent_low_income' "
        "AND area_code = ? AND period = 2022 ORDER BY batch_id",
        [fx.LADEMOEN],
    ).fetchall()
    con.close()
    assert [v for (v,) in history][-2:] == [19.5, 19.0]  # the history stays queryable
    with Writer(db) as writer:
        writer.rollback_batch(batch, EDITOR)
    con = read_only_connection(db)
    assert con.execute("SELECT * FROM current_observations ORDER BY ALL").fetchall() == earlier
    con.close()


def test_rollback_of_boundaries_puts_the_earlier_shapes_back(db, tmp_path):
    store = Store(db)
    before = figures.shapes(store, "levekarssone").set_index("code").loc[fx.LADEMOEN].geometry
    store.close()
    data, name = fx.boundary_bytes(fx.zone_file(["Lademoen"]), "GeoJSON", tmp_path)
    prepared = prepared_boundaries(db, data, name, "levekarssone")
    with Writer(db) as writer:
        batch = commit_boundaries(writer, prepared, EDITOR)
        writer.rollback_batch(batch, EDITOR)
    store = Store(db)
    after = figures.shapes(store, "levekarssone").set_index("code").loc[fx.LADEMOEN].geometry
    store.close()
    assert after.equals_exact(before, 1e-9)


def test_valid_rows_can_be_imported_and_rejected_ones_recorded(db):
    data = fx.csv_bytes(fx.GOOD_COMMA.replace("5001LKS26", "5001LKS99"))
    batch = import_file(db, data, "delvis.csv", COMMA_SPEC, accept=True)
    con = read_only_connection(db)
    rejected = con.execute(
        "SELECT row_number, column_name, value, reason FROM import_rejections WHERE batch_id = ?", [batch]
    ).fetchall()
    accepted, rejected_count, who = con.execute(
        "SELECT rows_accepted, rows_rejected, imported_by FROM import_batches WHERE batch_id = ?", [batch]
    ).fetchone()
    con.close()
    assert rejected == [(3, "area", "5001LKS99", "ukjent områdekode")]
    assert (accepted, rejected_count, who) == (2, 1, "eva")


def test_every_error_names_file_row_column_value_and_reason(db):
    prepared = prepared_for(db, fx.csv_bytes(fx.GOOD_COMMA.replace("19.5", "nitten")), "register.csv", COMMA_SPEC)
    assert (
        issue_message(prepared.issues[0], "nb") == "register.csv, rad 2, kolonne «value» (verdi «nitten»): ikke et tall"
    )
    assert (
        issue_message(prepared.issues[0], "en") == "register.csv, row 2, column «value» (value «nitten»): not a number"
    )


def test_suppressed_imports_are_never_zero(db):
    import_file(
        db,
        fx.jsonstat_bytes(values=[0, 0], status=[":", ".."]),
        "ssb.json",
        ImportSpec(indicator_id="persistent_low_income", columns={"area": "Region", "period": "Tid", "value": "Andel"}),
    )
    values = [current(db, "persistent_low_income", a, 2023)[0] for a in (fx.LADEMOEN, fx.TEMPE)]
    assert values == [None, None] and not np.any([v == 0 for v in values])


# --- summing rows never doubles a figure ------------------------------------------------------------

TIDY_POPULATION = "trondheim-bydel-population-ssb10826/trondheim_population_by_bydel_age_sex_2005_2026.csv"
TIDY_SPEC = ImportSpec(
    indicator_id="population",
    columns={"area": "code", "period": "year", "value": "persons"},
    filters={"level": "bydel"},
    sum_rows=True,
)


def test_adding_up_rows_with_a_total_category_is_refused_not_doubled(db, shared_data):
    """Issue 18: the tidy SSB file summed without a sex filter gave Midtbyen 2005 = 84,934 (true 42,467)."""
    data = (shared_data / TIDY_POPULATION).read_bytes()
    prepared = prepared_for(db, data, "population.csv", TIDY_SPEC)
    issue = next(i for i in prepared.issues if i.code == "sum_includes_total")
    assert issue.fatal and (issue.column, issue.value) == ("sex", "total") and issue.row is not None
    assert (
        "«sex»" in issue_message(issue, "en")
        and "sex=total" in issue_message(issue, "en")
        and "sex!=total" in issue_message(issue, "nb")
    )
    with Writer(db) as writer, pytest.raises(ImportRefused):
        commit(writer, prepared, EDITOR)
    assert current(db, "population", "500101", 2005) is None or current(db, "population", "500101", 2005)[0] != 84934


def test_leaving_the_total_out_sums_the_parts_and_checks_them_against_it(db, shared_data):
    data = (shared_data / TIDY_POPULATION).read_bytes()
    spec = ImportSpec(**{**TIDY_SPEC.__dict__, "exclude": {"sex": ("total",)}})
    prepared = prepared_for(db, data, "population.csv", spec)
    assert prepared.issues == []
    with Writer(db) as writer:
        commit(writer, prepared, EDITOR)
    assert current(db, "population", "500101", 2005)[0] == 42467.0
    assert current(db, "population", fx.OSTBYEN, 2026)[0] == 63646.0


def test_a_sum_that_differs_from_the_files_own_total_is_reported():
    text = (
        "område;kjønn;alder;antall\n"
        "500102;Menn;0-17;100\n500102;Kvinner;0-17;120\n500102;Begge kjønn;0-17;220\n"
        "500102;Menn;18+;300\n500102;Kvinner;18+;310\n500102;Begge kjønn;18+;600\n"
    )
    spec = ImportSpec(
        indicator_id="population",
        columns={"area": "område", "value": "antall"},
        exclude={"kjønn": ("Begge kjønn",)},
        sum_rows=True,
    )
    wide = text.replace("område;", "område;år;").replace("500102;", "500102;2023;")
    registry = load_definitions()[1]
    prepared = prepare(fx.csv_bytes(wide), "by.csv", spec.with_columns(period="år"), registry, {"500102"}, 2026)
    assert [i.code for i in prepared.issues] == ["sum_differs_from_total"]
    issue = prepared.issues[0]
    assert (issue.row, issue.column) == (2, "kjønn")
    assert issue_message(issue, "en").endswith(
        "the sum for 500102 2023 is 830, but the file's own total (row 4) is 820"
    )


@pytest.mark.parametrize(
    ("column", "category"),
    [("kjønn", "Begge kjønn"), ("alder", "999 Alle aldre"), ("alder", "999"), ("kjønn", "0"), ("gruppe", "I alt")],
)
def test_each_ssb_total_category_is_recognised(column, category):
    text = f"område;år;{column};antall\n500102;2023;{category};10\n500102;2023;annet;5\n"
    spec = ImportSpec(
        indicator_id="population",
        columns={"area": "område", "period": "år", "value": "antall"},
        sum_rows=True,
    )
    prepared = prepare(fx.csv_bytes(text), "t.csv", spec, load_definitions()[1], {"500102"}, 2026)
    assert [(i.code, i.column, i.row) for i in prepared.issues] == [("sum_includes_total", column, 2)]


def test_keeping_only_the_total_needs_no_exclusion():
    text = "område;år;kjønn;alder;antall\n500102;2023;total;0;10\n500102;2023;menn;0;6\n500102;2023;total;1;11\n"
    spec = ImportSpec(
        indicator_id="population",
        columns={"area": "område", "period": "år", "value": "antall"},
        filters={"kjønn": "total"},
        sum_rows=True,
    )
    prepared = prepare(fx.csv_bytes(text), "t.csv", spec, load_definitions()[1], {"500102"}, 2026)
    assert prepared.issues == [] and prepared.observations["value"].tolist() == [21.0]


# --- SSB period types are never stored as the year in them --------------------------------------------


@pytest.mark.parametrize(
    ("period", "kind"),
    [("2023K4", "quarter"), ("2023M12", "month"), ("2019-2021", "multi_year"), ("2023H1", "half_year")],
)
def test_a_period_that_is_not_a_year_is_refused_by_its_type(period, kind):
    text = f"område;tid;antall\n500102;{period};60262\n"
    spec = ImportSpec(indicator_id="population", columns={"area": "område", "period": "tid", "value": "antall"})
    prepared = prepare(fx.csv_bytes(text), "t.csv", spec, load_definitions()[1], {"500102"}, 2026)
    assert [(i.code, i.row, i.column, i.value) for i in prepared.issues] == [(f"period_is_{kind}", 2, "tid", period)]
    assert "not a year" in issue_message(prepared.issues[0], "en") and "ikke et år" in issue_message(
        prepared.issues[0], "nb"
    )
    assert prepared.observations.empty


def test_a_wide_column_named_by_quarter_is_not_read_as_its_year():
    text = "område;Personer 2023K4\n500102;60262\n"
    spec = ImportSpec(indicator_id="population", columns={"area": "område"})
    prepared = prepare(fx.csv_bytes(text), "t.csv", spec, load_definitions()[1], {"500102"}, 2026)
    assert [i.code for i in prepared.issues] == ["period_is_quarter"] and prepared.observations.empty


# --- municipal sheets as they come ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("mark", "status"),
    [("Skjermet", "suppressed"), ("*", "suppressed"), (":", "suppressed"), ("<5", "suppressed"), ("..", "missing")],
)
def test_suppression_marks_in_value_cells_become_hidden_values_not_rejections(mark, status):
    text = f"Område;År;Antall\n{fx.LADEMOEN};2023;{mark}\n{fx.TEMPE};2023;12\n"
    spec = ImportSpec(
        indicator_id="municipal_housing_waiting_list", columns={"area": "Område", "period": "År", "value": "Antall"}
    )
    prepared = prepare(fx.csv_bytes(text), "kommune.csv", spec, load_definitions()[1], {fx.LADEMOEN, fx.TEMPE}, 2026)
    assert prepared.issues == []
    rows = prepared.observations.set_index("area_code")
    assert rows.loc[fx.LADEMOEN, "status"] == status and pd.isna(rows.loc[fx.LADEMOEN, "value"])
    assert rows.loc[fx.TEMPE, "value"] == 12.0


def test_a_suppressed_numerator_hides_the_share():
    text = f"omrade;aar;teller;nevner\n{fx.LADEMOEN};2023;Skjermet;40\n"
    spec = ImportSpec(
        indicator_id="persistent_low_income",
        columns={"area": "omrade", "period": "aar", "numerator": "teller", "denominator": "nevner"},
    )
    prepared = prepare(fx.csv_bytes(text), "kommune.csv", spec, load_definitions()[1], {fx.LADEMOEN}, 2026)
    assert prepared.issues == [] and prepared.observations["status"].tolist() == ["suppressed"]
    assert prepared.observations[["value", "numerator", "denominator"]].isna().all(axis=None)


def _shares(values: list[str]):
    text = "omrade;aar;andel\n" + "".join(f"{fx.LADEMOEN};{2015 + i};{v}\n" for i, v in enumerate(values))
    spec = ImportSpec(
        indicator_id="persistent_low_income", columns={"area": "omrade", "period": "aar", "value": "andel"}
    )
    return prepare(fx.csv_bytes(text), "andel.csv", spec, load_definitions()[1], {fx.LADEMOEN}, 2026)


def _counts(values: list[str]):
    text = "Område;År;Antall\n" + "".join(f"{fx.OSTBYEN};{2015 + i};{v}\n" for i, v in enumerate(values))
    spec = ImportSpec(indicator_id="population", columns={"area": "Område", "period": "År", "value": "Antall"})
    return prepare(fx.csv_bytes(text), "antall.csv", spec, load_definitions()[1], {fx.OSTBYEN}, 2026)


def test_a_point_is_read_as_the_whole_column_uses_it():
    assert _counts(["1.234", "1.234.567"]).observations["value"].tolist() == [1234.0, 1234567.0]
    assert _counts(["1.234", "987"]).observations["value"].tolist() == [1234.0, 987.0]  # a count: thousands
    assert _shares(["12.5", "1.234"]).observations["value"].tolist() == [12.5, 1.234]  # decimals elsewhere
    assert _shares(["12,5", "1.234,5"]).issues[0].code == "percent_out_of_range"  # thousands: 1234.5 %


def test_an_ambiguous_point_is_a_located_error():
    prepared = _shares(["1.234", "17"])
    assert [(i.code, i.row, i.column, i.value) for i in prepared.issues] == [("point_ambiguous", 2, "andel", "1.234")]
    prepared = _shares(["1.234.567", "12.5", "1.234"])
    issue = next(i for i in prepared.issues if i.code == "point_conflict")
    assert (issue.row, issue.column) == (4, "andel")
    assert "(row 2)" in issue_message(issue, "en") and "(row 3)" in issue_message(issue, "en")


def test_footnote_rows_after_the_table_are_left_out_and_said_so():
    text = (
        f"Område;År;Antall\n{fx.LADEMOEN};2023;12\n{fx.TEMPE};2023;Skjermet\n\n"
        "Kilde: Trondheim kommune, boligtildeling\n* Skjermet: færre enn 5 husstander\n"
    )
    spec = ImportSpec(
        indicator_id="municipal_housing_waiting_list", columns={"area": "Område", "period": "År", "value": "Antall"}
    )
    prepared = prepare(fx.csv_bytes(text), "kommune.csv", spec, load_definitions()[1], {fx.LADEMOEN, fx.TEMPE}, 2026)
    assert prepared.issues == [] and len(prepared.observations) == 2
    assert sorted(prepared.footnotes) == [5, 6]
    assert footnotes_note(prepared, "en").startswith("2 rows below the table were read as footnotes and left out")
    workbook = fx.excel_bytes(
        [
            ["Område", "År", "Antall"],
            [fx.LADEMOEN, 2023, 12],
            ["Kilde: Trondheim kommune"],
            ["Tallene for 2023 er foreløpige"],
        ]
    )
    prepared = prepare(
        workbook, "kommune.xlsx", replace(spec, sheet="Data"), load_definitions()[1], {fx.LADEMOEN}, 2026
    )
    assert prepared.issues == [] and len(prepared.observations) == 1 and sorted(prepared.footnotes) == [5, 6]


def test_a_note_like_row_with_data_after_it_is_still_checked():
    text = f"Område;År;Antall\n{fx.LADEMOEN};2023;12\nKilde: kommunen\n{fx.TEMPE};2023;4\n"
    spec = ImportSpec(
        indicator_id="municipal_housing_waiting_list", columns={"area": "Område", "period": "År", "value": "Antall"}
    )
    prepared = prepare(fx.csv_bytes(text), "kommune.csv", spec, load_definitions()[1], {fx.LADEMOEN, fx.TEMPE}, 2026)
    assert [(i.code, i.row) for i in prepared.issues] == [("wrong_field_count", 3)]


def _areas(db):
    store = Store(db)
    try:
        return store.query("areas")
    finally:
        store.close()


def _by_name(db, text: str, level: str | None = None):
    spec = ImportSpec(
        indicator_id="municipal_housing_waiting_list",
        columns={"area": "Område", "period": "År", "value": "Antall"},
        area_level=level,
    )
    areas = _areas(db)
    return prepare(fx.csv_bytes(text), "navn.csv", spec, load_definitions()[1], set(areas["code"]), 2026, areas)


def test_areas_given_by_name_are_found(db):
    prepared = _by_name(db, "Område;År;Antall\nLademoen;2023;12\ntempe-sorgenfri ;2023;7\n")
    assert prepared.issues == [] and prepared.observations["area_code"].tolist() == [fx.LADEMOEN, fx.TEMPE]


def test_a_name_used_at_two_levels_needs_the_level_chosen(db):
    prepared = _by_name(db, "Område;År;Antall\nLademoen;2023;12\nMidtbyen;2023;30\n")
    assert [(i.code, i.row, i.column, i.value) for i in prepared.issues] == [
        ("ambiguous_area_name", 3, "Område", "Midtbyen")
    ]
    assert "500101 (bydel), 5001LKS02 (levekarssone)" in issue_message(prepared.issues[0], "en")
    prepared = _by_name(db, "Område;År;Antall\nLademoen;2023;12\nMidtbyen;2023;30\n", level="levekarssone")
    assert prepared.issues == [] and prepared.observations["area_code"].tolist() == [fx.LADEMOEN, "5001LKS02"]


def test_geonorge_gml_boundaries_are_read(db, shared_data):
    path = shared_data / "trondheim-bydeler-2020" / "bydel2020_mednavn.gml"
    data = path.read_bytes()
    assert is_boundary_file(path.name, data)
    prepared = prepared_boundaries(db, data, path.name, "bydel")
    assert sorted(prepared.shapes["code"]) == ["500101", "500102", "500103", "500104"]
    assert {i.code for i in prepared.issues} == {"unknown_area"} and len(prepared.issues) == 34  # Oslo, Bergen, …
    with Writer(db) as writer:
        batch = commit_boundaries(writer, prepared, EDITOR, accept_valid_rows=True)
    store = Store(db)
    stored = figures.shapes(store, "bydel")
    store.close()
    assert set(stored.loc[stored["batch_id"] == batch, "code"]) == {"500101", "500102", "500103", "500104"}
