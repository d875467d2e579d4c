"""Hostile and careless input: every case refused with its named, located error, in bounded time and
memory, and the database byte for byte as it was. The files are made here, not committed."""

from __future__ import annotations

import hashlib
import re
import shutil
from dataclasses import dataclass

import pytest

from omrademonitor import figures
from omrademonitor.access import Principal, Role
from omrademonitor.importing import ImportRefused, ImportSpec, commit, prepare
from omrademonitor.importing.boundaries import commit_boundaries, prepare_boundaries
from omrademonitor.importing.issues import grouped
from omrademonitor.presentation.import_messages import issue_message, problem_report
from omrademonitor.setup_db import load_definitions
from omrademonitor.store import Store
from omrademonitor.writer import Writer
from tests import hostile_fixtures as hx
from tests import import_fixtures as fx
from tests.bounded import run_bounded
from tests.helpers import table_state

EDITOR_SPEC = {"indicator": "indicator", "area": "area", "period": "period", "value": "value"}
COUNTS = ImportSpec(columns={**EDITOR_SPEC, "numerator": "numerator", "denominator": "denominator"})
CUBE = ImportSpec(indicator_id="persistent_low_income", columns={"area": "Region", "period": "Tid", "value": "value"})
SEMICOLON = ImportSpec(
    indicator_id="persistent_low_income",
    columns={"area": "omrade", "period": "aar", "numerator": "teller", "denominator": "nevner", "value": "andel"},
)
EXCEL = ImportSpec(
    indicator_id="home_visit_3_weeks_share",
    sheet="Data",
    columns={"area": "Område", "period": "År", "numerator": "Teller", "denominator": "Nevner"},
)
MAX_SECONDS, MAX_MIB = 30, 1024
EDITOR = Principal("eva", Role.EDITOR)


@dataclass(frozen=True)
class Case:
    """A bad input (made by ``build`` when the test runs) and the error it must give."""

    code: str
    build: object  # () -> (bytes, file name)
    spec: ImportSpec | None = None
    row: int | None = None
    column: str | None = None
    sheet: str | None = None
    shows: tuple[str, ...] = ()  # texts the English message must hold
    level: str | None = None  # boundary files: the level


HOSTILE = [
    # 2: formulas without saved values
    Case(
        "formula_without_value",
        lambda: (hx.formula_workbook(), "boliger.xlsx"),
        EXCEL,
        row=4,
        column="Teller",
        sheet="Data",
        shows=("C4, D5",),
    ),
    # 3: JSON-stat whose declared size does not fit its values, or is huge
    Case("jsonstat_value_count", lambda: (hx.jsonstat([3000, 3000], []), "ssb.json"), CUBE, column="value"),
    Case("too_many_cells", lambda: (hx.huge_cube(), "kube.json"), CUBE),
    Case("jsonstat_no_cells", lambda: (hx.jsonstat([1000, 1000], {}, status="."), "tom-kube.json"), CUBE),
    Case("jsonstat_bad_size", lambda: (hx.jsonstat([2, 1], [1, 2], extra={"size": "2x1"}), "ssb.json"), CUBE),
    # 5: implausible values
    Case(
        "not_whole",
        lambda: (hx.counts_csv(f"persistent_low_income;{fx.LADEMOEN};2022;;3.5;10"), "x.csv"),
        COUNTS,
        row=2,
        column="numerator",
    ),
    Case("not_whole", lambda: (hx.counts_csv(f"population;{fx.OSTBYEN};2023;0.4;;"), "x.csv"), COUNTS, 2, "value"),
    Case("not_finite", lambda: (hx.counts_csv(f"population;{fx.OSTBYEN};2023;1e999;;"), "x.csv"), COUNTS, 2, "value"),
    Case(
        "implausible_value",
        lambda: (hx.counts_csv(f"population;{fx.OSTBYEN};2023;1e300;;"), "x.csv"),
        COUNTS,
        2,
        "value",
    ),
    Case(
        "implausible_value",
        lambda: (hx.counts_csv(f"population;{fx.OSTBYEN};2023;300000000;;"), "x.csv"),
        COUNTS,
        2,
        "value",
    ),
    Case("bad_period", lambda: (hx.counts_csv(f"population;{fx.OSTBYEN};2023.7;1000;;"), "x.csv"), COUNTS, 2, "period"),
    Case(
        "zero_denominator",
        lambda: (hx.counts_csv(f"persistent_low_income;{fx.LADEMOEN};2022;50;0;0"), "x.csv"),
        COUNTS,
        2,
        "denominator",
    ),
    Case(
        "zero_denominator",
        lambda: (hx.counts_csv(f"persistent_low_income;{fx.LADEMOEN};2022;;12;0"), "x.csv"),
        COUNTS,
        2,
        "denominator",
    ),
    Case("jsonstat_value_count", lambda: (hx.jsonstat([2, 1], [20.5, 21.5, 99.0]), "ssb.json"), CUBE, column="value"),
    Case("jsonstat_value_count", lambda: (hx.jsonstat([2, 1], [20.5]), "ssb.json"), CUBE, column="value"),
    # 6: inputs that raised tracebacks
    Case("too_many_columns", lambda: (hx.wide_header(), "bred.csv"), None, row=1),
    Case("json_too_deep", lambda: (hx.deep_json(), "dyp.json"), None),
    Case(
        "field_too_long",
        lambda: (fx.csv_bytes('indicator;area;period;value\npopulation;500102;2023;"' + "x" * 200_000), "x.csv"),
        None,
        row=2,
    ),
    Case("no_header", lambda: (fx.csv_bytes("a;;b\n1;;2\n3;;4\n"), "hull.csv"), None),
    # 7: archives that unpack to far more than they hold
    Case("zip_too_large", lambda: (hx.zip_bomb(), "grenser.zip"), level="levekarssone", shows=("3 000 MB",)),
    Case("zip_too_many_members", lambda: (hx.many_members(), "grenser.zip"), level="levekarssone"),
    Case("zip_too_large", lambda: (hx.workbook_bomb(), "bombe.xlsx"), ImportSpec(sheet="Data")),
    # 8: unclear messages
    Case("no_data_rows", lambda: (hx.header_only(), "header_only.csv"), SEMICOLON),
    Case("not_text", lambda: (hx.utf16_without_bom(), "unicode.csv"), SEMICOLON),
    Case("encrypted_workbook", lambda: (hx.encrypted_workbook(), "budsjett.xlsx"), None),
    Case("old_excel", lambda: (hx.old_workbook(), "gammel.xlsx"), None),
    Case(
        "unknown_area",
        lambda: (fx.csv_bytes(fx.GOOD_COMMA.replace("5001LKS26", "5001LKS\u200b26")), "x.csv"),
        None,
        row=3,
        column="area",
        shows=("5001LKS\\u200b26",),
    ),
    Case(
        "unknown_area",
        lambda: (fx.csv_bytes(fx.GOOD_COMMA.replace("5001LKS26", "5001L\u041a\u040526")), "x.csv"),
        None,
        row=3,
        column="area",
        shows=("5001L\\u041a\\u040526",),
    ),
    Case(
        "not_a_number",
        lambda: (hx.counts_csv(f"population;{fx.OSTBYEN};2023;\uff11\uff12\uff13;;"), "x.csv"),
        COUNTS,
        row=2,
        column="value",
        shows=("\\uff11\\uff12\\uff13",),
    ),
    Case(
        "too_many_columns",
        lambda: (hx.wide_workbook(), "bred.xlsx"),
        EXCEL,
        row=3,
        sheet="Data",
    ),
    # 10: large files of bad rows: stop early, group, stream
    Case(
        "too_many_problems",
        lambda: (hx.unknown_areas(200), "ukjente.csv"),
        ImportSpec(columns=EDITOR_SPEC),
        row=100_001,
    ),
    Case("too_many_problems", lambda: (hx.repeated_rows(), "gjentatt.csv"), ImportSpec(columns=EDITOR_SPEC)),
    Case("too_many_cells", lambda: (hx.too_many_cells(), "celler.csv"), ImportSpec(columns=EDITOR_SPEC)),
]


@pytest.fixture(scope="module")
def hostile_db(demo_db, tmp_path_factory):
    """One copy of the demo database for the whole corpus: every case must leave it as it was."""
    path = tmp_path_factory.mktemp("hostile") / "import.duckdb"
    shutil.copy(demo_db, path)
    return path


@pytest.fixture(scope="module")
def known(hostile_db):
    store = Store(hostile_db)
    try:
        return {
            "registry": load_definitions()[1],
            "codes": set(store.query("areas")["code"]),
            "areas": store.query("areas"),
            "zones": figures.shapes(store, "levekarssone"),
        }
    finally:
        store.close()


def fingerprint(path) -> tuple:
    """The file's bytes and every table's rows: both must be the same after a refused import."""
    return hashlib.sha256(path.read_bytes()).hexdigest(), table_state(path)


@pytest.fixture(scope="module")
def untouched(hostile_db) -> tuple:
    """The copy's fingerprint before any case ran: each case must leave it exactly so (taken once, not
    again before each of the 60-odd cases, each reading every table)."""
    return fingerprint(hostile_db)


def prepare_case(case: Case, data: bytes, name: str, known: dict):
    if case.level:
        return prepare_boundaries(data, name, case.level, known["areas"], known["zones"])
    return prepare(data, name, case.spec, known["registry"], known["codes"], this_year=2026)


@pytest.mark.parametrize("case", HOSTILE, ids=[f"{i:02d}-{c.code}" for i, c in enumerate(HOSTILE)])
def test_hostile_input_is_refused_quickly_with_its_located_error(case, hostile_db, known, untouched):
    data, name = case.build()
    run = run_bounded(prepare_case, case, data, name, known)
    print(f"{name} ({len(data) / 1e6:.1f} MB): {case.code} in {run.seconds:.2f} s, {run.peak_mib:.0f} MiB at peak")
    assert run.seconds < MAX_SECONDS and run.peak_mib < MAX_MIB, (run.seconds, run.peak_mib)
    prepared = run.result
    codes = [issue.code for issue in prepared.issues]
    assert case.code in codes, codes
    issue = next(i for i in prepared.issues if i.code == case.code)
    assert issue.file == name
    assert (issue.row, issue.column, issue.sheet) == (
        case.row if case.row is not None else issue.row,
        case.column if case.column is not None else issue.column,
        case.sheet,
    )
    message = issue_message(issue, "en")
    assert issue_message(issue, "nb") != message and all(text in message for text in case.shows), message
    step = commit_boundaries if case.level else commit
    with Writer(hostile_db) as writer, pytest.raises(ImportRefused):
        step(writer, prepared, EDITOR)
    assert fingerprint(hostile_db) == untouched


def test_corpus_has_at_least_60_bad_inputs():
    from tests.test_importing import BAD_BOUNDARIES, BAD_TABLES

    assert len(BAD_TABLES) + len(BAD_BOUNDARIES) + len(HOSTILE) >= 60


# --- what the messages say ---------------------------------------------------------------------------


def test_many_problems_of_one_kind_are_one_message_with_a_count_and_examples(known):
    prepared = prepare(hx.unknown_areas(1), "ukjente.csv", ImportSpec(columns=EDITOR_SPEC), known["registry"], set())
    assert len(prepared.issues) == 1002  # 1 000 listed, the rest counted, then checking stopped
    shown = grouped(prepared.issues)
    assert [i.code for i in shown] == ["unknown_area", "too_many_problems"]
    assert issue_message(shown[0], "en") == (
        "ukjente.csv, row 2, column «area» (value «9999000000»): unknown area code "
        "(100 000 rows have this problem, for example rows 2 «9999000000», 3 «9999000001», 4 «9999000002», "
        "5 «9999000003», 6 «9999000004»)"
    )
    assert issue_message(shown[1], "nb").startswith(
        "ukjente.csv, rad 100001: kontrollen stoppet her etter 100 000 problemer"
    )
    assert len(problem_report(prepared.issues, "nb")) == 2


def test_a_file_refused_for_one_reason_on_2120_rows_gives_one_message_with_the_true_count(known):
    rows = "".join(f"population;9999{i:06d};2023;1000\n" for i in range(2120))
    data = fx.csv_bytes("indicator;area;period;value\n" + rows)
    prepared = prepare(data, "ukjente.csv", ImportSpec(columns=EDITOR_SPEC), known["registry"], set())
    shown = grouped(prepared.issues)
    assert [i.code for i in shown] == ["unknown_area", "too_many_listed"]
    assert shown[0].count == 2120 and [row for row, _ in shown[0].examples] == [2, 3, 4, 5, 6]
    assert "2 120 rows have this problem, for example rows 2 «9999000000»" in issue_message(shown[0], "en")
    assert shown[1].fatal and "2 120" in issue_message(shown[1], "nb")
    assert len(problem_report(prepared.issues, "en")) == 2


def test_invisible_and_look_alike_characters_are_shown_escaped():
    from omrademonitor.importing.issues import Issue, shown

    assert shown("5001LKS\u200b09") == "5001LKS\\u200b09"
    assert shown("5001LKS\u041009") == "5001LKS\\u041009"
    assert shown("1\u00a0234") == "1\\u00a0234"
    assert shown("500102 Østbyen – Tempe-Sorgenfri «x»") == "500102 Østbyen – Tempe-Sorgenfri «x»"
    assert shown("x" * 500) == "x" * 80 + "…"
    issue = Issue("x.csv", "unknown_area", row=3, column="område\ufeff", value="\u200b")
    assert issue_message(issue, "nb") == "x.csv, rad 3, kolonne «område\\ufeff» (verdi «\\u200b»): ukjent områdekode"


# --- careful inputs that must still be read ------------------------------------------------------------


def test_utf16_text_with_a_byte_order_mark_is_read(known):
    data = b"\xff\xfe" + fx.GOOD_SEMICOLON.encode("utf-16-le")
    prepared = prepare(data, "unicode.csv", SEMICOLON, known["registry"], known["codes"], this_year=2026)
    assert prepared.issues == [] and len(prepared.observations) == 3


def test_weighted_survey_counts_may_be_fractional(known):
    data = hx.counts_csv(f"residents_feel_safe;{fx.LADEMOEN};2024;77.8;412.7;530.2")
    prepared = prepare(data, "undersokelse.csv", COUNTS, known["registry"], known["codes"], this_year=2026)
    assert prepared.issues == [] and prepared.observations["numerator"].iloc[0] == 412.7


def test_formulas_with_saved_values_are_read(known):
    def save_results(xml: str) -> str:
        # openpyxl writes an empty value as <v />, or as <v></v> with lxml installed (pikepdf brings it)
        xml = re.sub(r"<v\s*/>|<v></v>", "<v>420</v>", xml, count=1)
        return re.sub(r"<v\s*/>|<v></v>", "<v>1100</v>", xml, count=1)

    saved = hx.with_member(hx.formula_workbook(), "xl/worksheets/sheet2.xml", save_results)
    prepared = prepare(saved, "boliger.xlsx", EXCEL, known["registry"], known["codes"], this_year=2026)
    assert prepared.issues == []
    assert prepared.observations[["numerator", "denominator"]].values.tolist() == [[420, 1200], [380, 1100]]


def test_a_sheet_claiming_a_million_columns_and_rows_is_not_padded(known):
    huge = hx.with_member(
        fx.excel_bytes(fx.GOOD_EXCEL_ROWS),
        "xl/worksheets/sheet2.xml",
        lambda x: x.replace('<dimension ref="A1:D5" />', '<dimension ref="A1:XFD1048576" />'),
    )
    assert huge != fx.excel_bytes(fx.GOOD_EXCEL_ROWS)
    run = run_bounded(prepare, huge, "stor.xlsx", EXCEL, known["registry"], known["codes"], 2026)
    assert run.seconds < 5 and run.result.issues == [] and len(run.result.observations) == 2


def test_sparse_jsonstat_gives_only_the_cells_it_holds(known):
    data = hx.jsonstat([2, 1], {"1": 18.5}, status={"0": ":"})
    prepared = prepare(data, "ssb.json", CUBE, known["registry"], known["codes"], this_year=2026)
    rows = prepared.observations.set_index("area_code")
    assert prepared.issues == [] and rows.loc[fx.TEMPE, "value"] == 18.5
    assert rows.loc[fx.LADEMOEN, "status"] == "suppressed"


# --- the command line -----------------------------------------------------------------------------------


def test_command_line_names_the_problem_of_a_header_only_file(hostile_db, tmp_path, capsys):
    from omrademonitor.__main__ import main

    db = tmp_path / "cli.duckdb"
    shutil.copy(hostile_db, db)
    path = tmp_path / "header_only.csv"
    path.write_bytes(hx.header_only())
    args = ["--db", str(db), "import", str(path), "--indicator", "persistent_low_income"]
    assert main([*args, "--dry-run"]) == 2
    assert "header_only.csv: the file has a header but no data rows" in capsys.readouterr().err
    assert main(args) == 2
    err = capsys.readouterr().err
    assert "the file has a header but no data rows" in err and "refused, nothing written (1 problem)" in err


def test_command_line_prints_a_few_lines_for_a_file_of_bad_rows(hostile_db, tmp_path, capsys):
    from omrademonitor.__main__ import main

    db = tmp_path / "cli.duckdb"
    shutil.copy(hostile_db, db)
    path = tmp_path / "ukjente.csv"
    path.write_bytes(hx.unknown_areas(20))
    assert main(["--db", str(db), "import", str(path), "--indicator", "population"]) == 2
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 3 and "100 000 rows have this problem" in lines[0] and "refused" in lines[2]


def test_command_line_says_plainly_when_an_import_changed_nothing(hostile_db, tmp_path, capsys):
    from omrademonitor.__main__ import main

    db = tmp_path / "cli.duckdb"
    shutil.copy(hostile_db, db)
    path = tmp_path / "levekar.csv"
    path.write_bytes(fx.csv_bytes(fx.GOOD_SEMICOLON))
    args = ["--db", str(db), "import", str(path), "--indicator", "persistent_low_income"]
    assert main(args) == 0
    first = capsys.readouterr().out
    assert "imported as batch" in first
    assert main(args) == 0
    again = capsys.readouterr().out
    assert not again.startswith(first.split(":")[0] + ": levekar.csv imported as batch")
    assert "levekar.csv: Nothing changed: the file was imported as batch" in again and "No new batch" in again
