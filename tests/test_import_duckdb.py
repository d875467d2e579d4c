"""CSV files checked in DuckDB (``importing.sqlcheck``) give exactly what the row-by-row checker gives:
the same observations, the same problems (file, row, column, value, reason, grouped the same), the
same counts. Files are made here from cells real files hold, clean and messy, in many mixes."""

from __future__ import annotations

import random

import numpy as np
import pandas as pd
import pytest

from omrademonitor import batch_keys
from omrademonitor.importing import ImportSpec, prepare, sqlcheck
from omrademonitor.importing.text import encoding_of
from omrademonitor.presentation.import_messages import issue_message, problem_report
from omrademonitor.setup_db import load_definitions

REGISTRY = load_definitions()[1]
AREAS = pd.DataFrame(
    {
        "code": ["5001LKS01", "5001LKS02", "500101", "500102", "50010101", "50010102"],
        "name": ["Sone A", "Sone B", "Bydel A", "Sone A", "Krets A", "Krets B"],
        "level": ["zone", "zone", "district", "district", "basic_unit", "basic_unit"],
    }
)
CODES = set(AREAS["code"])
SPEC = ImportSpec(
    columns={
        "indicator": "indicator",
        "area": "area",
        "period": "period",
        "value": "value",
        "numerator": "numerator",
        "denominator": "denominator",
        "ci_lower": "lower",
        "ci_upper": "upper",
        "status": "status",
        "unit": "unit",
    }
)
HEADER = ["indicator", "area", "period", "value", "numerator", "denominator", "lower", "upper", "status", "unit"]

INDICATORS = [
    "persistent_low_income",  # percent ratio
    "unemployment_registered",  # percent ratio, fractional counts
    "reported_crime_per_1000",  # per 1000 ratio
    "population",  # count sum
    "public_space_upgraded_area",  # square metres
    "school_wellbeing",  # score, two decimals
    "life_expectancy",  # years
    "no_such_indicator",
    " persistent_low_income",
]
AREA_CELLS = ["5001LKS01", "5001LKS02", "500101", "500102", "50010101", "160101", "Sone B", "Sone A", "9999", ""]
PERIODS = ["2019", "2020", "2021", "2022", "2023", "2023.0", "2023K4", "1990", "2040", "x", "2019-2021"]
VALUES = ["12,5", "12.5", "20.0", "1.234", "1 234", ":", "..", "-", "", "abc", "-3", "150", "12,5 %", "−2", "0.25"]
VALUES += ["1.234.567", "1e3", "inf", "nan", "1e13", "+5", "99.99", "7", "100", "0", "45,25", "12.500", "<5"]
VALUES += ["100.1", "1000.5", "-0.5", "2.5", "12345.6", "150000000", "999999999999.5"]
COUNTS = ["100", "250", "0", "-1", "1.5", "1 210", ":", "", "1.234", "600", "5000", "120000000", "3,0", "x"]
COUNTS += ["99999999", "100000001", "0.5", "20000"]
STATUS = ["", "", "", "final", "foreløpig", "skjermet", "bogus", ":", "Missing"]
UNITS = ["", "", "prosent", "antall", "kr", "andel", "per 1000"]


def clean_row(rng: random.Random, indicator: str = "persistent_low_income") -> list[str]:
    """A row with nothing wrong, for an indicator of one of several kinds."""
    period = str(rng.randint(2024, 2025))
    area = rng.choice(["5001LKS01", "5001LKS02", "500101", "500102"])
    numerator = denominator = lower = upper = ""
    if indicator in ("persistent_low_income", "reported_crime_per_1000", "unemployment_registered"):
        whole = rng.randint(100, 9000)
        part = rng.randint(0, whole) + (0.5 if indicator == "unemployment_registered" else 0)
        scale = 1000 if indicator == "reported_crime_per_1000" else 100
        value = str(round(part / whole * scale, 1))
        if rng.random() < 0.7:
            numerator, denominator = f"{part:g}", str(whole)
        if rng.random() < 0.3:
            lower, upper = str(round(float(value) - 1, 1)), str(round(float(value) + 1, 1))
    elif indicator == "population":
        value = str(rng.randint(0, 20000))
    elif indicator == "school_wellbeing":
        value = f"{rng.uniform(1, 5):.2f}"
    else:  # square metres, years
        value = f"{rng.uniform(0, 900):.1f}"
    status = rng.choice(["", "", "", "final", "foreløpig"])
    return [indicator, area, period, value, numerator, denominator, lower, upper, status, ""]


MESSY = {1: AREA_CELLS, 2: PERIODS, 3: VALUES, 4: COUNTS, 5: COUNTS, 6: ["10,5", "x", ":"], 7: ["30", ":", "y"]}
MESSY |= {0: INDICATORS, 8: STATUS, 9: UNITS}


def messy_row(rng: random.Random) -> list[str]:
    """A clean row with one or two cells replaced by what real files hold, right or wrong."""
    row = clean_row(rng, rng.choice(INDICATORS[:7]))
    for column in rng.sample(sorted(MESSY), rng.choice([1, 1, 2])):
        row[column] = rng.choice(MESSY[column])
    return row


def csv_file(rows: list[list[str]], delimiter: str = ";", newline: str = "\n", title: bool = False) -> bytes:
    lines = ([f"Tabell 1{delimiter * 0}", ""] if title else []) + [delimiter.join(HEADER)]
    lines += [delimiter.join(row) for row in rows]
    return (newline.join(lines) + newline).encode("utf-8")


def both(data: bytes, spec: ImportSpec = SPEC, name: str = "f.csv", monkeypatch=None):
    """(prepared in DuckDB, prepared row by row, whether DuckDB was used)."""
    used = []
    original = sqlcheck.check

    def spy(*args, **kwargs):
        result = original(*args, **kwargs)
        used.append(result is not None)
        return result

    monkeypatch.setattr(sqlcheck, "check", spy)
    fast = prepare(data, name, spec, REGISTRY, CODES, this_year=2026, areas=AREAS)
    monkeypatch.setattr(sqlcheck, "ENABLED", False)
    slow = prepare(data, name, spec, REGISTRY, CODES, this_year=2026, areas=AREAS)
    monkeypatch.setattr(sqlcheck, "ENABLED", True)
    return fast, slow, bool(used and used[0])


def assert_same(fast, slow) -> None:
    assert [issue_message(i, "nb") for i in fast.issues] == [issue_message(i, "nb") for i in slow.issues]
    assert [(i.code, i.row, i.column, i.value, i.count) for i in fast.issues] == [
        (i.code, i.row, i.column, i.value, i.count) for i in slow.issues
    ]
    pd.testing.assert_frame_equal(problem_report(fast.issues, "en"), problem_report(slow.issues, "en"))
    assert (fast.rows_read, fast.rows_skipped) == (slow.rows_read, slow.rows_skipped)
    a, b = fast.observations.reset_index(drop=True), slow.observations.reset_index(drop=True)
    assert len(a) == len(b)
    for column in ("indicator_id", "area_code", "status"):
        assert a[column].astype(str).tolist() == b[column].astype(str).tolist(), column
    assert a["period"].astype(int).tolist() == b["period"].astype(int).tolist()
    assert a["row"].astype(int).tolist() == b["row"].astype(int).tolist()
    for column in ("value", "numerator", "denominator", "ci_lower", "ci_upper"):
        left = a[column].astype(float).to_numpy()
        right = b[column].astype(float).to_numpy()
        assert np.array_equal(left, right, equal_nan=True), column


@pytest.mark.parametrize("seed", range(12))
def test_mixed_files_give_the_same_result_both_ways(seed, monkeypatch):
    rng = random.Random(seed)
    share = [0.0, 0.02, 0.3, 1.0][seed % 4]
    kinds = INDICATORS[:7]
    rows = [messy_row(rng) if rng.random() < share else clean_row(rng, rng.choice(kinds)) for _ in range(600)]
    data = csv_file(rows, delimiter=";" if seed % 2 else ",", newline="\r\n" if seed % 3 == 0 else "\n")
    if seed % 2 == 0:  # a comma-separated file cannot hold '12,5' unquoted: use points there
        data = csv_file([[c.replace(",", ".") for c in row] for row in rows], delimiter=",")
    fast, slow, used = both(data, monkeypatch=monkeypatch)
    assert used, "the file was not checked in DuckDB"
    assert_same(fast, slow)


@pytest.mark.parametrize("indicator", INDICATORS[:7])
def test_every_single_fault_gives_the_same_result_both_ways(indicator, monkeypatch):
    """A clean row with one cell replaced, for every cell text in the lists above: each check SQL makes
    is met on its own, so a check missing from SQL (or too lax) makes the two ways differ."""
    rng = random.Random(indicator)
    rows = []
    for column, texts in sorted(MESSY.items()):
        for text in texts:
            for with_counts in (True, False):
                row = clean_row(rng, indicator)
                if not with_counts:
                    row[4:6] = ["", ""]
                row[column] = text
                rows.append(row)
    fast, slow, used = both(csv_file(rows), monkeypatch=monkeypatch)
    assert used
    assert len(slow.issues) > 20
    assert_same(fast, slow)


def test_clean_file_is_checked_in_duckdb_without_python_rows(monkeypatch):
    rng = random.Random(99)
    shares = [i.id for i in REGISTRY if i.unit.value == "percent" and i.aggregation.value == "ratio"]
    keys = [(i, a, p) for i in shares for a in sorted(CODES - {"50010102"}) for p in range(2023, 2026)]
    rows = []
    for indicator, area, period in keys:
        row = clean_row(rng)
        row[:3] = [indicator, area, str(period)]
        rows.append(row)
    data = csv_file(rows, title=True)
    handed = []
    original = sqlcheck._Check.rows_in_python

    def spy(self, total, columns):
        handed.append(self.con.execute("SELECT count(*) FROM figures WHERE bad").fetchall()[0][0])
        return original(self, total, columns)

    monkeypatch.setattr(sqlcheck._Check, "rows_in_python", spy)
    fast, slow, used = both(data, monkeypatch=monkeypatch)
    assert used and handed[0] == 0
    assert fast.issues == [] and len(fast.observations) == len(rows) > 200
    assert_same(fast, slow)


def test_repeated_keys_and_too_many_of_them(monkeypatch):
    row = ["population", "500102", "2023", "1000", "", "", "", "", "", ""]
    data = csv_file([row] * 1500)
    fast, slow, used = both(data, monkeypatch=monkeypatch)
    assert used
    assert_same(fast, slow)
    assert fast.issues[-1].code == "too_many_problems"


def test_a_point_read_by_the_whole_column(monkeypatch):
    base = ["population", "500102", "2023", "", "", "", "", "", "", ""]
    rows = []
    for i, value in enumerate(["1.234", "1.234.567", "12"]):
        rows.append([*base[:2], str(2015 + i), value, *base[4:]])
    for indicator, values in (("school_wellbeing", ["1.234", "3.5"]), ("life_expectancy", ["1.250", "2.000"])):
        for i, value in enumerate(values):
            rows.append([indicator, "500101", str(2018 + i), value, "", "", "", "", "", ""])
    fast, slow, used = both(csv_file(rows), monkeypatch=monkeypatch)
    assert used
    assert_same(fast, slow)


@pytest.mark.parametrize(
    "data",
    [
        b'indicator;area;period;value\n"population";"500102\n";2023;5\n',  # a quoted line break
        b'indicator;area;period;value\n"population"x;500102;2023;5\n',  # text after a closing quote
        b'indicator;area;period;value\n"population;500102;2023;5\n',  # a quote never closed
        b'indicator;"area\nx";period;value\npopulation;500102;2023;5\n',  # a header over two lines
        b"indicator;area;period;value\npopulation;500102;2023;5\n\npopulation;500101;2023;5\n",  # a blank line
        b"indicator;area;period;value\r\npopulation;500102;2023;5\r\n\r\npopulation;500101;2023;5\r\n",  # CRLF
        b'indicator;area;period;value\n"population";500102;2023;5\n\n"population";500101;2023;5\n',  # quoted
        b"indicator;area;period;value\npopulation;500102;2023;5\n  \npopulation;500101;2023;5\n",  # spaces only
        b"indicator;area;period;value\npopulation;500102;2023;5\nKilde: SSB;;;\n",  # a note under the table
        b"indicator;area;period;value\npopulation;500102;2023;5\npopulation;500101;2023\n",  # a short row
    ],
)
def test_files_duckdb_does_not_read_as_csv_does_go_row_by_row(data, monkeypatch):
    spec = ImportSpec(columns={"indicator": "indicator", "area": "area", "period": "period", "value": "value"})
    fast, slow, used = both(data, spec, monkeypatch=monkeypatch)
    assert not used
    assert_same(fast, slow)


@pytest.mark.parametrize(
    "indicator, numerator, denominator", [("persistent_low_income", 1, 3), ("school_wellbeing", 7, 3)]
)
def test_values_at_the_edge_of_their_ratio_give_the_same_result(indicator, numerator, denominator, monkeypatch):
    """Values a little off numerator ÷ denominator: within RowChecker's tolerance, at its edge, past it."""
    scale = REGISTRY[indicator].scale
    expected = numerator / denominator * scale
    keys = [(a, p) for a in ("5001LKS01", "5001LKS02", "500101", "500102") for p in range(2015, 2026)]
    rows = []
    for step, (area, period) in zip(range(-20, 21), keys, strict=False):
        value = f"{expected + step * 0.01:.2f}"
        rows.append([indicator, area, str(period), value, str(numerator), str(denominator), "", "", "", ""])
    fast, slow, used = both(csv_file(rows), monkeypatch=monkeypatch)
    assert used and slow.issues and len(slow.observations) > 3
    assert_same(fast, slow)


def quoted(cells: list[str], rng: random.Random, delimiter: str = ";") -> str:
    """A line with some cells quoted, as spreadsheets and SSB write them (with '""' for a quote)."""
    out = []
    for cell in cells:
        if rng.random() < 0.6 or delimiter in cell or '"' in cell:
            cell = '"' + cell.replace('"', '""') + '"'
        out.append(cell)
    return delimiter.join(out)


@pytest.mark.parametrize("seed", range(6))
def test_quoted_files_are_checked_in_duckdb_and_give_the_same_result(seed, monkeypatch):
    rng = random.Random(1000 + seed)
    kinds = INDICATORS[:7]
    share = [0.0, 0.05, 0.5][seed % 3]
    rows = [messy_row(rng) if rng.random() < share else clean_row(rng, rng.choice(kinds)) for _ in range(500)]
    delimiter = ";" if seed % 2 else ","
    for row in rows[::7]:  # text a quote keeps together: the delimiter, quotes, spaces at the ends
        row[1] = rng.choice(["Sone B", f"Sone{delimiter} A", 'Sone "A"', " Sone A", "Sone A ", "500102"])
    newline = "\r\n" if seed % 3 == 1 else "\n"
    lines = [quoted(HEADER, rng, delimiter)] + [quoted(row, rng, delimiter) for row in rows]
    data = (newline.join(lines) + newline).encode("utf-8")
    fast, slow, used = both(data, monkeypatch=monkeypatch)
    assert used, "the quoted file was not checked in DuckDB"
    assert_same(fast, slow)
    assert len(slow.observations) > 40  # clean rows share 56 keys: most repeat one


@pytest.mark.parametrize(
    "line, in_duckdb",
    [
        ('"population";"500102";"2023";" 5"', True),  # a space inside the quotes is the cell's
        ('"population";"500102";"2023";"5 "', True),
        ('"population";"500102";"2023"; "5"', False),  # csv keeps ' "5"', DuckDB would trim it: row by row
        ('"population";"500102";"2023";"5" ', False),
        ('"population";"500102";"2023";"5"\t', False),
        ('population;5001"02;2023;5', True),  # a quote inside unquoted text is text to both
        ('"population";"";"2023";"5"', True),  # '""' is an empty cell
    ],
)
def test_spaces_beside_quotes_are_read_as_csv_reads_them(line, in_duckdb, monkeypatch):
    spec = ImportSpec(columns={"indicator": "indicator", "area": "area", "period": "period", "value": "value"})
    rows = [f'"population";"500101";"{year}";"{year - 2000}"' for year in range(2005, 2020)] + [line]
    data = ("indicator;area;period;value\n" + "\n".join(rows) + "\n").encode("utf-8")
    fast, slow, used = both(data, spec, monkeypatch=monkeypatch)
    assert used == in_duckdb
    assert_same(fast, slow)


@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp1252", "latin-1", "utf-16"])
def test_other_encodings_and_a_byte_order_mark_are_checked_in_duckdb(encoding, monkeypatch):
    rng = random.Random(encoding)
    rows = [clean_row(rng, rng.choice(INDICATORS[:7])) for _ in range(300)]
    rows += [messy_row(rng) for _ in range(60)]
    for row in rows[::5]:
        row[8] = rng.choice(["foreløpig", "Skjermet", "endelig", "førløpig"])  # Norwegian letters in text
    text = "\n".join([";".join(["indikator", *HEADER[1:]])] + [";".join(row) for row in rows]) + "\n"
    if encoding == "latin-1":
        text = text.replace("Skjermet", "Skjermet\x81")  # a byte Windows-1252 has no letter for
    data = text.encode(encoding, errors="replace")  # '−' is not in the one-byte codecs: '?'
    assert encoding_of(data, "f.csv") == encoding
    spec = ImportSpec(columns={**SPEC.columns, "indicator": "indikator"})
    fast, slow, used = both(data, spec, monkeypatch=monkeypatch)
    assert used, encoding
    assert_same(fast, slow)
    assert any(i.code == "bad_status" for i in slow.issues) and len(slow.observations) > 40


def test_points_that_read_two_ways_are_decided_in_sql_when_the_column_or_a_count_decides(monkeypatch):
    """'1.234' in a column that elsewhere holds '1.234.567' (thousands) or in a count: read in SQL, no
    row handed to the row-by-row checker but the two that cannot be read ('3.250' in a column that
    holds both kinds: point_conflict); the same observations and problems both ways."""
    rows = []
    areas = ["5001LKS01", "5001LKS02", "500101", "500102"]
    for i, area in enumerate(areas):
        rows.append(["population", area, "2020", "1.234" if i % 2 else "1.234.567", "", "", "", "", "", ""])
        rows.append(["school_wellbeing", area, "2021", "3.250" if i % 2 else "3.5", "", "", "", "", "", ""])
        rows.append(["persistent_low_income", area, "2022", "12,5", "1.000", "8.000", "", "", "", ""])
    handed = []
    original = sqlcheck._Check.rows_in_python

    def spy(self, total, columns):
        handed.append(self.con.execute("SELECT count(*) FROM figures WHERE bad").fetchall()[0][0])
        return original(self, total, columns)

    monkeypatch.setattr(sqlcheck._Check, "rows_in_python", spy)
    fast, slow, used = both(csv_file(rows), monkeypatch=monkeypatch)
    assert used and handed == [2]
    assert [(i.code, i.row) for i in fast.issues] == [("point_conflict", 6), ("point_conflict", 12)]
    assert_same(fast, slow)
    values = fast.observations.set_index(["indicator_id", "area_code"])["value"]
    assert values[("population", "5001LKS02")] == 1234 and values[("population", "5001LKS01")] == 1234567
    assert fast.observations["numerator"].dropna().tolist() == [1000.0] * 4


@pytest.mark.parametrize("period_bits", [sqlcheck.PERIOD_BITS, 4])
def test_good_rows_come_in_key_order_whoever_passed_them(period_bits, monkeypatch):
    """The good rows go to the writer sorted by (indicator, area, period) as text compares, the rows SQL
    passed and those RowChecker passed (values at the edge of their ratio) alike: sorted on the one
    integer key, or on the text when a row has no key (here periods that do not fit it), with the same
    rows either way; the writer then finds them in key order and does not sort or group them again."""
    fits = period_bits == sqlcheck.PERIOD_BITS
    monkeypatch.setattr(sqlcheck, "PERIOD_BITS", period_bits)
    keyed, from_python = [], []
    original = sqlcheck.good_rows

    def spy(checked):
        con = checked.con
        good = "SELECT k FROM figures WHERE NOT bad UNION ALL SELECT k FROM python_good"
        keyed.append(con.execute(f"SELECT count(*) FROM ({good}) WHERE k IS NULL").fetchall()[0][0] == 0)
        from_python.append(con.execute("SELECT count(*) FROM python_good").fetchall()[0][0])
        return original(checked)

    monkeypatch.setattr(sqlcheck, "good_rows", spy)
    rng = random.Random(5)
    areas = ["500101", "Sone B", "50010101", "5001LKS01", "500102"]  # "Sone B": 5001LKS02, by its name
    rows = []
    for area in areas:
        for indicator in ("population", "persistent_low_income", "life_expectancy", "reported_crime_per_1000"):
            for period in rng.sample(range(2016, 2024), 4):
                rows.append(clean_row(rng, indicator))
                rows[-1][1:3] = [area, str(period)]
    edge = ["persistent_low_income", "500102", "2015", "33,3843333", "1", "3", "", "", "", ""]
    rows.insert(rng.randrange(len(rows)), edge)  # within RowChecker's tolerance, past SQL's: RowChecker's row
    rng.shuffle(rows)
    fast, slow, used = both(csv_file(rows), monkeypatch=monkeypatch)
    assert used and not fast.issues
    assert keyed == [fits] and from_python == [1]
    good = fast.good
    key = ["indicator_id", "area_code", "period"]
    listed = [tuple(r.values()) for r in good.select(key).to_pylist()]
    assert listed == sorted(listed) and len(set(listed)) == len(listed) == len(rows)
    assert ("persistent_low_income", "500102", 2015) in listed
    assert batch_keys.in_key_order(good, key)
    assert_same(fast, slow)
