"""A measure's schedule status, worked by hand from its planned start and end, its status and the
day that status took effect, as of a reference day given to the function."""

import datetime as dt
from dataclasses import replace
from html import escape

import pytest

from omrademonitor.goals import GoalHierarchy
from omrademonitor.i18n import t
from omrademonitor.measures import Measure, MeasureStatus
from omrademonitor.presentation.report_document import report_html
from omrademonitor.presentation.tracking_tables import late_line, measure_table, schedule_text
from omrademonitor.schedule import ScheduleStatus, late_measures, schedule_status
from omrademonitor.tracking import filter_measures, late_counts, stored_measures

D = dt.date
ON = D(2025, 6, 1)  # the reference day in every case below
START, END = D(2024, 1, 1), D(2025, 12, 31)


def measure(status, status_date, start=START, end=END, measure_id="m-a") -> Measure:
    return Measure(
        measure_id=measure_id,
        programme_id="trondheim",
        focus_area="neighbourhood",
        title_nb="Et tiltak",
        status=MeasureStatus(status),
        status_date=status_date,
        area_codes=("5001LKS26",),
        start_date=start,
        end_date=end,
    )


@pytest.mark.parametrize(
    ("status", "status_date", "start", "end", "expected"),
    [
        # planned, start 1 July still ahead of 1 June: not started
        ("planned", D(2025, 1, 1), D(2025, 7, 1), D(2025, 12, 31), "not_started"),
        # planned, start on the reference day itself has not passed yet
        ("planned", D(2025, 1, 1), ON, D(2025, 12, 31), "not_started"),
        # planned, start 1 March passed three months ago and still not started: late
        ("planned", D(2025, 1, 1), D(2025, 3, 1), D(2025, 12, 31), "late"),
        # planned, both start and end passed: late
        ("planned", D(2024, 1, 1), D(2024, 2, 1), D(2025, 5, 31), "late"),
        # in progress, end 31 December ahead: on time
        ("in_progress", D(2024, 1, 1), D(2024, 1, 1), D(2025, 12, 31), "on_time"),
        # in progress, end on the reference day: not passed yet, on time
        ("in_progress", D(2024, 1, 1), D(2024, 1, 1), ON, "on_time"),
        # in progress, end 31 May passed yesterday: late
        ("in_progress", D(2024, 1, 1), D(2024, 1, 1), D(2025, 5, 31), "late"),
        # changed and partly done are not done: late once the end has passed
        ("changed", D(2025, 1, 15), D(2023, 6, 1), D(2025, 5, 30), "late"),
        ("partly_done", D(2025, 5, 20), D(2023, 9, 1), D(2025, 5, 20), "late"),
        ("partly_done", D(2025, 5, 20), D(2023, 9, 1), D(2025, 12, 31), "on_time"),
        # done on 31 October, planned end 31 October: done
        ("done", D(2024, 10, 31), D(2023, 3, 1), D(2024, 10, 31), "done"),
        # done on 1 November, planned end 31 October: done late
        ("done", D(2024, 11, 1), D(2023, 3, 1), D(2024, 10, 31), "done_late"),
        # done early, before the planned end that is still ahead: done
        ("done", D(2025, 5, 1), D(2024, 1, 1), D(2025, 12, 31), "done"),
        # stopped: held to no plan, even with its end passed
        ("stopped", D(2025, 3, 1), D(2024, 1, 1), D(2025, 1, 1), "stopped"),
        # not done, end passed: late
        ("not_done", D(2025, 3, 1), D(2024, 1, 1), D(2025, 1, 1), "late"),
    ],
)
def test_each_schedule_status_worked_by_hand(status, status_date, start, end, expected):
    assert schedule_status(measure(status, status_date, start, end), ON) == ScheduleStatus(expected)


@pytest.mark.parametrize(
    ("status", "status_date", "start", "end"),
    [
        ("planned", D(2025, 1, 1), None, D(2025, 12, 31)),  # no planned start: cannot tell a late start
        ("in_progress", D(2024, 1, 1), D(2024, 1, 1), None),  # no planned end: cannot tell on time
        ("done", D(2024, 10, 31), D(2023, 3, 1), None),  # no planned end: cannot tell done late
        ("not_done", D(2025, 3, 1), D(2024, 1, 1), D(2025, 12, 31)),  # not done, end ahead: no plan to judge
        ("in_progress", D(2025, 7, 1), D(2024, 1, 1), D(2025, 12, 31)),  # status dated after the day asked
        ("done", D(2025, 7, 1), D(2024, 1, 1), D(2025, 3, 1)),  # done after the day: its state then is not recorded
    ],
)
def test_a_missing_fact_gives_unknown_never_a_guess(status, status_date, start, end):
    assert schedule_status(measure(status, status_date, start, end), ON) == ScheduleStatus.UNKNOWN


def test_the_reference_day_decides_not_today():
    late_in_2025 = measure("in_progress", D(2024, 1, 1), D(2024, 1, 1), D(2025, 5, 31))
    assert schedule_status(late_in_2025, D(2025, 5, 31)) == ScheduleStatus.ON_TIME
    assert schedule_status(late_in_2025, D(2025, 6, 1)) == ScheduleStatus.LATE


def test_late_measures_lists_exactly_the_late_ones():
    measures = [
        measure("planned", D(2025, 1, 1), D(2025, 3, 1), measure_id="m-late-start"),
        measure("in_progress", D(2024, 1, 1), measure_id="m-on-time"),
        measure("in_progress", D(2024, 1, 1), end=D(2025, 5, 1), measure_id="m-late-end"),
        measure("done", D(2025, 5, 1), measure_id="m-done"),
    ]
    assert [m.measure_id for m in late_measures(measures, ON)] == ["m-late-start", "m-late-end"]


def test_the_demo_register_on_a_fixed_day(store, programme):
    """Worked from programmes/trondheim.measures.demo.csv on 1 December 2026: in neighbourhood the Tempe
    meeting place (planned, start 1 January 2025) and the caretaker (changed, end 30 June 2025); in
    inclusion homework help (partly done, end 20 June 2025); in urban development the Lademoen square
    (in progress, end 30 September 2026); the stopped pilot is not late."""
    measures = stored_measures(store, programme.id)
    counts = late_counts(measures, programme, D(2026, 12, 1))
    assert {f: n for f, n in counts.items() if n} == {"neighbourhood": 2, "inclusion": 1, "urban_development": 1}
    late = filter_measures(measures, "neighbourhood", schedule="late", on=D(2026, 12, 1))
    assert sorted(m.measure_id for m in late) == ["m-caretaker", "m-meeting-place-tempe"]
    assert late_line(measures, programme, D(2026, 12, 1), "en").startswith("Measures late as of 1 December 2026: 4 (")
    assert late_line(measures, programme, D(2023, 1, 2), "nb") == "Ingen tiltak er forsinket per 2. januar 2023."


@pytest.mark.parametrize(("lang", "words"), [("nb", "Mangler data"), ("en", "No data")])
def test_a_missing_date_reads_as_the_one_no_data_wording(programme, lang, words):
    no_end = replace(measure("in_progress", D(2024, 1, 1), end=None), responsible=None, result=None)
    assert schedule_text(no_end, ON, lang) == words == t("no_data", lang)
    table = measure_table([no_end], programme, GoalHierarchy(programme=programme.id, goals=[]), lang, on=ON)
    row = table.iloc[0]
    assert row[t("schedule", lang)] == words
    assert row[t("result", lang)] == words and row[t("responsible", lang)] == words
    assert row[t("period", lang)] == f"2024-01-01 – {words}"


def test_a_schedule_filter_without_a_day_is_refused():
    with pytest.raises(ValueError, match="needs the day"):
        filter_measures([], schedule="late")


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_the_report_summary_says_which_measures_are_late(store, programme, report_content, lang):
    """The summary page carries the late line for the snapshot's reference day, right after its
    introduction. The day is today: the demo database is built today, so an earlier snapshot holds no
    measures; the caretaker (end 30 June 2025, not done) keeps the line from ever reading 'none'."""
    day = dt.date.today()
    content = report_content(lang)  # the report assembled for today's snapshot (conftest.py)
    assert content.late == late_line(stored_measures(store, programme.id), programme, day, lang)
    assert content.late.startswith("Forsinkede tiltak per" if lang == "nb" else "Measures late as of")
    html = report_html(content, lambda figure, width, height: "data:,")
    summary = html[html.index(f"<h2>{t('report_summary', lang)}</h2>") :]
    assert summary.index(escape(content.late)) < summary.index("<table")
