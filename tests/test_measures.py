"""The register of measures: checks, the Excel/CSV import (refused whole with located errors, no
change), audited writes with version history, goal versions, and the tracking views built on them."""

import datetime as dt
import io
import json
import shutil
from dataclasses import replace

import openpyxl
import pandas as pd
import pytest

from omrademonitor.access import Principal, Role
from omrademonitor.errors import WriteError
from omrademonitor.goals import goals_file, parse_goals
from omrademonitor.importing.measures import (
    MeasuresRefused,
    format_outputs,
    parse_outputs,
    read_measures,
)
from omrademonitor.measures import (
    Measure,
    MeasureContext,
    MeasureStatus,
    OutputTarget,
    measures_for_indicator,
    problems,
)
from omrademonitor.presentation.charts import year_position
from omrademonitor.presentation.import_messages import issue_message, issue_reason, measures_template
from omrademonitor.presentation.tracking_tables import evaluation_workbook, measure_annotations
from omrademonitor.setup_db import PROGRAMMES_DIR, take_in_goals_file
from omrademonitor.store import Store
from omrademonitor.tracking import (
    indicator_progress,
    measure_history,
    status_history,
    status_summary,
    stored_goals,
    stored_measures,
)
from omrademonitor.writer import Writer
from tests.helpers import table_state

EDITOR = Principal("eva", Role.EDITOR)
DEMO_FILE = PROGRAMMES_DIR / "trondheim" / "measures.demo.csv"
LADEMOEN, TEMPE = "5001LKS09", "5001LKS26"


@pytest.fixture(scope="module")
def goals_text():
    return goals_file(PROGRAMMES_DIR, "trondheim").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def context(programme, registry, goals_text):
    return MeasureContext(programme, parse_goals(goals_text, "goals", programme, registry), registry)


@pytest.fixture()
def db(demo_db, tmp_path):
    path = tmp_path / "measures.duckdb"
    shutil.copy(demo_db, path)
    return path


def a_measure(**changes) -> Measure:
    base = Measure(
        measure_id="m-test",
        programme_id="trondheim",
        focus_area="housing_policy",
        title_nb="Testtiltak",
        status=MeasureStatus.IN_PROGRESS,
        status_date=dt.date(2024, 5, 1),
        area_codes=(LADEMOEN,),
        strategy_id="rent-to-own",
        start_date=dt.date(2024, 5, 1),
        end_date=dt.date(2025, 12, 31),
        budget_planned_nok=100_000.0,
        outputs=(OutputTarget("start_loan_rent_to_own_households", 25.0, 2026),),
    )
    return replace(base, **changes)


def excel(rows: list[dict]) -> bytes:
    buffer = io.BytesIO()
    pd.DataFrame(rows).to_excel(buffer, sheet_name="tiltak", index=False)
    return buffer.getvalue()


GOOD_ROW = {
    "measure_id": "m-new",
    "title_nb": "Nytt tiltak",
    "focus_area": "4",
    "strategy": "rent-to-own",
    "districts": "Lademoen",
    "status": "pågår",
    "status_date": "01.02.2025",
    "budget_planned_nok": "250 000",
    "output_indicators": "start_loan_rent_to_own_households=30@2026",
}


# --- checks ------------------------------------------------------------------------------------


def test_a_sound_measure_has_no_problems(context):
    assert problems(a_measure(), context) == []


@pytest.mark.parametrize(
    ("changes", "field", "code"),
    [
        ({"measure_id": "M Test"}, "measure_id", "measure_bad_id"),
        ({"title_nb": " "}, "title_nb", "measure_required"),
        ({"focus_area": "sports", "strategy_id": None}, "focus_area", "measure_unknown_focus_area"),
        ({"area_codes": ()}, "area_codes", "measure_required"),
        ({"area_codes": ("5001LKS01",)}, "area_codes", "measure_unknown_district"),
        ({"strategy_id": "no-such"}, "strategy_id", "measure_unknown_strategy"),
        ({"strategy_id": "meeting-places"}, "strategy_id", "measure_strategy_elsewhere"),
        ({"end_date": dt.date(2024, 1, 1)}, "end_date", "measure_end_before_start"),
        ({"budget_spent_nok": -1.0}, "budget_spent_nok", "measure_negative_budget"),
        ({"outputs": (OutputTarget("population_total"),)}, "outputs", "measure_not_output_indicator"),
        ({"outputs": (OutputTarget("no_such_indicator"),)}, "outputs", "measure_not_output_indicator"),
        ({"outputs": (OutputTarget("meeting_places_count", 3.0),)}, "outputs", "measure_target_incomplete"),
        (
            {"outputs": (OutputTarget("meeting_places_count"), OutputTarget("meeting_places_count"))},
            "outputs",
            "measure_duplicate_output",
        ),
    ],
)
def test_each_problem_is_found(context, changes, field, code):
    found = problems(a_measure(**changes), context)
    assert [(p.field, p.code) for p in found] == [(field, code)]


def test_outputs_round_trip_through_their_text_form():
    text = "home_visit_3_weeks_share=90@2026; living_environment_complaints"
    outputs = parse_outputs(text)  # parsed in the file's order; a Measure keeps them sorted by id
    assert outputs == (
        OutputTarget("home_visit_3_weeks_share", 90.0, 2026),
        OutputTarget("living_environment_complaints"),
    )
    assert format_outputs(outputs) == text
    with pytest.raises(ValueError):
        parse_outputs("home_visit_3_weeks_share=ninety@2026")


def test_a_record_round_trips(context):
    measure = a_measure(partners=("NAV", "Husbanken"), recommendation=None)
    assert Measure.from_record(json.loads(json.dumps(measure.record()))) == measure


# --- import ------------------------------------------------------------------------------------


def test_the_demo_register_reads_through_the_import(context):
    measures = read_measures(DEMO_FILE.read_bytes(), DEMO_FILE.name, context)
    assert len(measures) == 11
    ny_vri = next(m for m in measures if m.measure_id == "m-ny-vri")
    assert ny_vri.area_codes == (LADEMOEN, TEMPE)
    assert ny_vri.partners == ("Trondheim eiendom", "Bomiljøteamet")
    assert OutputTarget("home_visit_3_weeks_share", 90.0, 2026) in ny_vri.outputs and len(ny_vri.outputs) == 4


def test_an_excel_row_in_norwegian_words_is_understood(context):
    [measure] = read_measures(excel([GOOD_ROW]), "tiltak.xlsx", context)
    assert measure.focus_area == "housing_policy"
    assert measure.status == MeasureStatus.IN_PROGRESS
    assert measure.status_date == dt.date(2025, 2, 1)
    assert measure.budget_planned_nok == 250_000


def test_an_excel_file_with_a_bad_row_is_refused_with_its_location_and_changes_nothing(db, context):
    bad = dict(GOOD_ROW, measure_id="m-bad", districts="Byåsen", status_date="31.02.2025")
    data = excel([GOOD_ROW, bad])
    before = table_state(db)
    with pytest.raises(MeasuresRefused) as refused:
        read_measures(data, "C:\\Users\\eva\\tiltak.xlsx", context)
    messages = [issue_message(issue, "en") for issue in refused.value.issues]
    assert messages == [
        "tiltak.xlsx, sheet tiltak, row 3, column «status_date» (value «31.02.2025»): "
        "not a date (YYYY-MM-DD or DD.MM.YYYY)",
    ]
    bad = dict(GOOD_ROW, measure_id="m-bad", districts="Byåsen")
    with pytest.raises(MeasuresRefused) as refused:
        read_measures(excel([GOOD_ROW, bad]), "tiltak.xlsx", context)
    [issue] = refused.value.issues
    assert (issue.row, issue.column, issue.value) == (3, "districts", "Byåsen")
    assert issue_reason(issue, "nb") == "«Byåsen» er ikke et av programområdene"
    assert table_state(db) == before


@pytest.mark.parametrize(
    ("row", "column", "code"),
    [
        ({"status": "halvveis"}, "status", "measure_unknown_status"),
        ({"recommendation": "kanskje"}, "recommendation", "measure_unknown_recommendation"),
        ({"budget_planned_nok": "mye"}, "budget_planned_nok", "not_a_number"),
        ({"output_indicators": "a b c"}, "output_indicators", "measure_bad_outputs"),
        ({"title_nb": ""}, "title_nb", "measure_required"),
        ({"strategy": "meeting-places"}, "strategy", "measure_strategy_elsewhere"),
    ],
)
def test_bad_cells_are_named(context, row, column, code):
    with pytest.raises(MeasuresRefused) as refused:
        read_measures(excel([dict(GOOD_ROW, **row)]), "t.xlsx", context)
    assert [(i.row, i.column, i.code) for i in refused.value.issues] == [(2, column, code)]


def test_missing_columns_and_repeated_ids_are_refused(context):
    with pytest.raises(MeasuresRefused) as refused:
        read_measures(excel([{k: v for k, v in GOOD_ROW.items() if k != "status"}]), "t.xlsx", context)
    assert refused.value.issues[0].code == "measure_missing_columns"
    with pytest.raises(MeasuresRefused) as refused:
        read_measures(excel([GOOD_ROW, GOOD_ROW]), "t.xlsx", context)
    assert [(i.row, i.code, i.params) for i in refused.value.issues] == [(3, "measure_duplicate_id", {"first": 2})]


def test_the_template_reads_back(context):
    workbook = openpyxl.load_workbook(io.BytesIO(measures_template(context, "nb")))
    assert workbook.sheetnames == ["measures", "help"]
    [measure] = read_measures(measures_template(context, "en"), "mal.xlsx", context)
    assert measure.measure_id == "m-example"


# --- writes and history ------------------------------------------------------------------------


def test_saving_keeps_every_version_with_time_and_author(db, context):
    measure = a_measure()
    with Writer(db) as writer:
        audits = writer.count("audit_log")
        assert writer.save_measure(measure, context, EDITOR) is True
        assert writer.save_measure(measure, context, EDITOR) is False  # unchanged: nothing recorded
        assert writer.count("audit_log") == audits + 1
        done = measure.with_status(MeasureStatus.DONE, dt.date(2025, 12, 31))
        writer.save_measure(replace(done, result="Fullført"), context, Principal("ola", Role.ADMIN), note="Avsluttet")
    store = Store(db)
    try:
        history = measure_history(store, "trondheim", "m-test")
        stored = {m.measure_id: m for m in stored_measures(store, "trondheim")}["m-test"]
    finally:
        store.close()
    assert list(history["saved_by"]) == ["eva", "ola"]
    assert history["changed"].iloc[1] == ["result", "status", "status_date"]
    assert history["before"].iloc[1]["status"] == "in_progress"
    statuses = status_history(history)
    notes = [None if pd.isna(n) else n for n in statuses["note"]]
    assert list(zip(statuses["status"], statuses["status_date"], notes, strict=True)) == [
        ("in_progress", "2024-05-01", None),
        ("done", "2025-12-31", "Avsluttet"),
    ]
    assert stored.status == MeasureStatus.DONE and stored.outputs == measure.outputs


def test_a_measure_with_problems_is_refused_by_the_writer(db, context):
    before = table_state(db)
    with Writer(db) as writer, pytest.raises(WriteError, match="m-test: area_codes"):
        writer.import_measures([a_measure(), a_measure(area_codes=("5001LKS01",))], context, "t.xlsx", EDITOR)
    assert table_state(db) == before


def test_importing_the_same_register_twice_changes_nothing(db, context):
    measures = read_measures(DEMO_FILE.read_bytes(), DEMO_FILE.name, context)
    with Writer(db) as writer:
        first = writer.import_measures(measures, context, "again.csv", EDITOR)
        versions = writer.count("measure_versions")
        second = writer.import_measures(measures, context, "again.csv", EDITOR)
        assert writer.count("measure_versions") == versions
    assert len(first["updated"]) == 11  # the demo rows are stored with is_demo; these are not
    assert second == {"created": [], "updated": [], "unchanged": [m.measure_id for m in measures]}


# --- goal versions -----------------------------------------------------------------------------


def test_goals_saved_in_the_app_are_checked_and_versioned(db, programme, registry, goals_text):
    broken = goals_text.replace("effect_indicators: [crowded_housing", "effect_indicators: [no_such_indicator")
    before = table_state(db)
    with Writer(db) as writer, pytest.raises(WriteError, match=r"field 'goals\.4\.effect_indicators\.0': unknown"):
        writer.save_goals(broken, programme, registry, EDITOR)
    assert table_state(db) == before
    with Writer(db) as writer:
        revised = goals_text.replace("Flere fullfører videregående opplæring", "Flere fullfører skolen")
        assert writer.save_goals(revised, programme, registry, EDITOR) is not None
        assert writer.save_goals(revised, programme, registry, EDITOR) is None
        assert take_in_goals_file(writer, programme, registry, EDITOR) == 0  # the file was taken in already
    store = Store(db)
    try:
        goals = stored_goals(store, programme, registry, PROGRAMMES_DIR)
    finally:
        store.close()
    assert goals.for_focus_area("inclusion")[1].title.nb == "Flere fullfører skolen"


# --- tracking views ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def tracked(store, programme, registry):
    goals = stored_goals(store, programme, registry, PROGRAMMES_DIR)
    measures = stored_measures(store, "trondheim")
    return goals, measures, indicator_progress(store, registry, programme, goals, measures)


def test_demo_measures_are_stored_marked_as_demonstration(tracked):
    _, measures, _ = tracked
    assert len(measures) == 11 and all(m.is_demo for m in measures)


def test_output_indicators_are_tracked_only_where_their_measures_run(tracked):
    _, _, progress = tracked
    upgraded = progress[progress["indicator_id"] == "public_space_upgraded_area"]
    assert list(upgraded["area_code"]) == [LADEMOEN]  # the square is a Lademoen measure
    meeting = progress[progress["indicator_id"] == "meeting_places_count"].set_index("area_code")
    assert meeting.loc[LADEMOEN, "target_value"] == 4 and meeting.loc[TEMPE, "target_value"] == 3  # own targets
    effect = progress[progress["role"] == "effect"]
    assert set(effect["area_code"]) == {LADEMOEN, TEMPE}


def test_the_status_summary_counts_every_item_once(tracked, programme):
    _, measures, progress = tracked
    summary = status_summary(progress, measures, programme)
    indicator_columns = [c for c in summary if c.startswith("indicators_")]
    assert summary[indicator_columns].to_numpy().sum() == len(progress)
    measure_columns = [c for c in summary if c.startswith("measures_")]
    assert summary[measure_columns].to_numpy().sum() == sum(len(m.area_codes) for m in measures)
    row = summary[(summary["focus_area"] == "housing_policy") & (summary["area_code"] == TEMPE)].iloc[0]
    assert row["measures_stopped"] == 1 and row["measures_in_progress"] == 1


def test_measures_are_linked_to_indicators_through_goals_and_outputs(tracked):
    goals, measures, _ = tracked
    by_goal = {m.measure_id for m in measures_for_indicator(measures, goals, "crowded_housing")}
    assert by_goal == {"m-rent-to-own", "m-mixed-tenure-pilot"}
    by_output = {m.measure_id for m in measures_for_indicator(measures, goals, "home_visit_3_weeks_share")}
    assert by_output == {"m-ny-vri"}


def test_only_ends_already_passed_are_annotated(tracked):
    _, measures, _ = tracked
    ny_vri = [m for m in measures if m.measure_id == "m-ny-vri"]
    marks = measure_annotations(ny_vri, dt.date(2026, 11, 23), "nb")
    assert list(marks["kind"]) == ["start"]
    assert list(measure_annotations(ny_vri, dt.date(2027, 1, 1), "en")["kind"]) == ["start", "end"]


def test_year_position_places_days_within_their_year():
    assert year_position(dt.date(2023, 1, 1)) == 2022.5
    assert year_position(dt.date(2024, 7, 2)) == pytest.approx(2024.0, abs=0.002)
    assert year_position(dt.date(2023, 12, 31)) == pytest.approx(2023.5 - 1 / 365)


def test_the_evaluation_workbook_holds_every_measure_and_indicator(tracked, programme, registry):
    goals, measures, progress = tracked
    data = evaluation_workbook(measures, progress, programme, goals, registry, {"Data": "demo"}, "nb")
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    assert workbook.sheetnames == ["Tiltak", "Indikatorer", "Status", "Om"]
    assert workbook["Tiltak"].max_row == len(measures) + 1
    assert workbook["Indikatorer"].max_row == len(progress) + 1
    assert workbook["Status"].max_row == 1 + len(programme.focus_areas) * len(programme.programme_areas)
    titles = [c.value for c in workbook["Tiltak"]["A"]]  # the title leads the register
    assert "Ny vri: to hjemmebesøk til nye leietakere i kommunale boliger" in titles


def test_the_command_line_import_refuses_a_bad_file_and_stores_a_good_one(db, tmp_path, capsys):
    from omrademonitor.__main__ import main

    bad = tmp_path / "tiltak.xlsx"
    bad.write_bytes(excel([GOOD_ROW, dict(GOOD_ROW, measure_id="m-bad", status="halvveis")]))
    before = table_state(db)
    assert main(["--db", str(db), "import-measures", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "tiltak.xlsx, sheet tiltak, row 3, column «status» (value «halvveis»): unknown status" in err
    assert table_state(db) == before
    good = tmp_path / "good.xlsx"
    good.write_bytes(excel([GOOD_ROW]))
    assert main(["--db", str(db), "import-measures", str(good)]) == 0
    assert "1 created" in capsys.readouterr().out
