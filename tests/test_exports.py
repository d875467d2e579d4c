"""Downloads: formulas neutralised, numbers kept, Norwegian letters intact, safe file names."""

import io

import pandas as pd

from omrademonitor.exports import neutralise_formulas, safe_file_name, to_csv, to_excel

FRAME = pd.DataFrame(
    {
        "area": ['=HYPERLINK("http://x")', "+1", "-cmd", "@SUM(A1)", "Tempe-Sorgenfri", "Østbyen"],
        "value": [1.5, -2.0, 3.0, None, 4.25, 5.0],
    }
)


def test_text_that_could_run_as_a_formula_is_prefixed():
    out = neutralise_formulas(FRAME)
    assert out["area"].tolist() == [
        '\'=HYPERLINK("http://x")',
        "'+1",
        "'-cmd",
        "'@SUM(A1)",
        "Tempe-Sorgenfri",
        "Østbyen",
    ]
    assert out["value"].tolist()[:3] == [1.5, -2.0, 3.0]  # negative numbers stay numbers


def test_csv_and_excel_round_trip():
    csv = to_csv(FRAME)
    assert csv.startswith(b"\xef\xbb\xbf")  # BOM, so Excel reads UTF-8
    back = pd.read_csv(io.BytesIO(csv))
    assert back["area"].iloc[5] == "Østbyen" and back["area"].iloc[0].startswith("'=")
    sheet = pd.read_excel(io.BytesIO(to_excel(FRAME, "tabell")))
    assert sheet["area"].iloc[3] == "'@SUM(A1)" and sheet["value"].iloc[1] == -2.0


def test_file_names_are_never_paths():
    assert safe_file_name("../../etc/passwd", "csv") == "etc-passwd.csv"
    assert (
        safe_file_name("persistent_low_income-levekarssone-2024", "xlsx")
        == "persistent_low_income-levekarssone-2024.xlsx"
    )
    assert safe_file_name("///", "csv") == "omrademonitor.csv"
