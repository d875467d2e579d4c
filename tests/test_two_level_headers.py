"""Two-level headers (issue 19.3): a year over Teller/Nevner, as merged cells in Excel or a year with
empty cells after it in CSV, is read with every column kept and imported as one figure per area and year."""

from __future__ import annotations

import io
import shutil

import openpyxl
import pytest

from omrademonitor.importing import ImportSpec
from omrademonitor.importing.headers import two_level
from omrademonitor.importing.readers import read_table
from omrademonitor.importing.spec import guess_spec
from tests import import_fixtures as fx
from tests.test_importing import current, import_file

ROWS = [
    [fx.LADEMOEN, 310, 2100, 305, 2150],
    [fx.TEMPE, 280, 1900, 270, 1950],
]


def merged_workbook(area_in_upper: bool = True, title: bool = True) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    if title:
        sheet.append(["Vedvarende lavinntekt etter levekårssone"])
        sheet.append([])
    sheet.append(["Område" if area_in_upper else None, 2020, None, 2021, None])
    sheet.append([None if area_in_upper else "Område", "Teller", "Nevner", "Teller", "Nevner"])
    top = sheet.max_row - 1
    sheet.merge_cells(start_row=top, start_column=2, end_row=top, end_column=3)
    sheet.merge_cells(start_row=top, start_column=4, end_row=top, end_column=5)
    if area_in_upper:
        sheet.merge_cells(start_row=top, start_column=1, end_row=top + 1, end_column=1)
    for row in ROWS:
        sheet.append(row)
    sheet.append(["Kilde: SSB"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


CSV_TWO_LEVEL = """Område;2020;;2021;
;Teller;Nevner;Teller;Nevner
5001LKS09;310;2100;305;2150
5001LKS26;280;1900;270;1950
"""
CSV_REPEATED = """Område;2020;;2021;
Område;Teller;Nevner;Teller;Nevner
5001LKS09;310;2100;305;2150
5001LKS26;280;1900;270;1950
"""


@pytest.fixture()
def db(demo_db, tmp_path):
    path = tmp_path / "twolevel.duckdb"
    shutil.copy(demo_db, path)
    return path


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (merged_workbook(), "lavinntekt.xlsx"),
        (merged_workbook(area_in_upper=False, title=False), "lavinntekt.xlsx"),
        (fx.csv_bytes(CSV_TWO_LEVEL), "lavinntekt.csv"),
        (fx.csv_bytes(CSV_REPEATED), "lavinntekt.csv"),
    ],
)
def test_every_count_keeps_its_year_and_no_column_is_lost(data, name):
    table = read_table(data, name)
    assert table.columns == ["Område", "period", "Teller", "Nevner"]
    rows = [cells for _, cells in table.rows()]
    assert [[str(c) for c in r] for r in rows] == [
        [fx.LADEMOEN, "2020", "310", "2100"],
        [fx.LADEMOEN, "2021", "305", "2150"],  # the last column (Nevner 2021) is there
        [fx.TEMPE, "2020", "280", "1900"],
        [fx.TEMPE, "2021", "270", "1950"],
    ]
    spec = guess_spec(table.frame)
    assert {k: spec.column(k) for k in ("area", "period", "numerator", "denominator")} == {
        "area": "Område",
        "period": "period",
        "numerator": "Teller",
        "denominator": "Nevner",
    }


@pytest.mark.parametrize("name", ["lavinntekt.xlsx", "lavinntekt.csv"])
def test_a_two_level_sheet_imports_one_figure_per_area_and_year(db, name):
    data = merged_workbook() if name.endswith("xlsx") else fx.csv_bytes(CSV_TWO_LEVEL)
    table = read_table(data, name)
    spec = ImportSpec(indicator_id="persistent_low_income", columns=guess_spec(table.frame).columns)
    import_file(db, data, name, spec)
    value, numerator, denominator, status, _ = current(db, "persistent_low_income", fx.LADEMOEN, 2021)
    assert (numerator, denominator, status) == (305.0, 2150.0, "final")
    assert value == pytest.approx(305 / 2150 * 100)
    assert current(db, "persistent_low_income", fx.TEMPE, 2020)[1:3] == (280.0, 1900.0)


def test_groups_with_different_columns_keep_joined_names():
    found = two_level(["Område", 2020, None, 2021, None, None], ["", "Teller", "Nevner", "Teller", "Nevner", "Andel"])
    assert found is not None and not found.uniform
    assert found.names == ["Område", "2020 Teller", "2020 Nevner", "2021 Teller", "2021 Nevner", "2021 Andel"]


@pytest.mark.parametrize(
    ("upper", "lower"),
    [
        (["Tabell 1: lavinntekt", None, None], ["Område", "År", "Andel"]),  # a title above a header
        (["Område", "År", "Andel"], [fx.LADEMOEN, "2020", "12,5"]),  # a header over data
        (["Område", "2020", "2021"], ["", "Andel", "Andel"]),  # one column per year: no span
    ],
)
def test_ordinary_headers_are_not_two_level(upper, lower):
    assert two_level(upper, lower) is None


def test_one_level_files_read_as_before():
    table = read_table(fx.excel_bytes(fx.GOOD_EXCEL_ROWS), "boliger.xlsx", sheet="Data")
    assert table.columns == ["Område", "År", "Teller", "Nevner"] and table.row_numbers == [4, 5]
    table = read_table(fx.csv_bytes(fx.GOOD_SEMICOLON), "levekar.csv")
    assert table.columns == ["omrade", "aar", "teller", "nevner", "andel"]
