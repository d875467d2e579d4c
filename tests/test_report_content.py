"""The status report's content and HTML without Chromium: key messages written from the figures, any
number of programme areas with every name from the definition and the store, the template's escaping,
Norwegian dates, and a clean file name."""

import datetime as dt
import re

import pandas as pd
import pytest

from omrademonitor import figures, report
from omrademonitor.disclosure import DEFAULT_POLICY
from omrademonitor.i18n import t
from omrademonitor.presentation.formatting import format_date
from omrademonitor.presentation.report_document import document_table, draft_report, report_file_name, report_html
from omrademonitor.schedule import late_measures
from omrademonitor.snapshots import capture, published_as_of
from omrademonitor.tracking import filter_measures, stored_measures

REFERENCE = dt.date.today()  # the demo database is built today: an earlier date would hold no data


def no_image(figure, width, height) -> str:
    return "data:,"


def content_for(store, programme, registry, lang, reference=REFERENCE):
    """The content without the effect estimates (slow, and shown by tests/test_report.py): their
    tables are then absent and drawn as 'no data'."""
    snapshot = capture(store, programme, registry, DEFAULT_POLICY, reference, dt.datetime(2026, 12, 1, 9), "Ada")
    content, _finish = draft_report(store, snapshot, lang, published_as_of(store, snapshot))
    return content


@pytest.fixture(scope="module")
def nb(store, programme, registry):
    return content_for(store, programme, registry, "nb")


def other_zones(store, programme, count):
    zones = store.query("areas")
    zones = zones[(zones["level"] == "levekarssone") & ~zones["code"].isin(programme.programme_area_codes)]
    return zones.head(count)


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_key_messages_name_what_improved_and_what_is_late(request, store, programme, registry, lang):
    """Each focus area's message names every headline indicator that improved since its baseline in a
    programme area (read here from the live figures, which the snapshot of today equals), and the
    measures late on the reference day."""
    # the Norwegian content is the module's (the same call), made once
    content = request.getfixturevalue("nb") if lang == "nb" else content_for(store, programme, registry, lang)
    assert [m.focus_id for m in content.messages] == [f.id for f in programme.focus_areas]
    headline = figures.headline_table(store, registry, programme)
    headline = headline[headline["area_code"].isin(programme.programme_area_codes)]
    measures = stored_measures(store, programme.id)
    improved_any = False
    for message, focus in zip(content.messages, programme.focus_areas, strict=True):
        lines = {line.label: line.text for line in message.lines}
        late = late_measures(filter_measures(measures, focus.id), REFERENCE)
        for measure in late[: report.MAX_MESSAGES]:
            assert measure.title(lang) in lines[t("report_late", lang)]
        if not late:
            assert lines[t("report_late", lang)] == t("report_none_late", lang)
        better = lines.get(t("report_improved", lang), "")
        for indicator in (i for i in programme.focus_indicators(focus.id, registry) if i.headline):
            rows = headline[headline["indicator_id"] == indicator.id]
            improved = bool((rows["change_assessment"] == "better").any())
            improved_any |= improved
            assert (f"{indicator.name.get(lang)} (" in better) == improved, (focus.id, indicator.id)
    assert improved_any  # the demo data have improvements to report


def test_a_late_measure_is_named_with_its_planned_date_in_norwegian_words(nb, store, programme):
    late = late_measures(stored_measures(store, programme.id), REFERENCE)
    assert late, "the demo register has late measures (the caretaker ended 30 June 2025, not done)"
    text = " ".join(line.text for m in nb.messages for line in m.lines)
    caretaker = next(m for m in late if m.end_date is not None and m.end_date < REFERENCE)
    assert f"planlagt ferdig {format_date(caretaker.end_date, 'nb')}" in text


@pytest.mark.parametrize("count", [1, 3])
def test_any_number_of_programme_areas_with_names_from_the_definition(store, programme, registry, count):
    """One programme area, or three (two plus another zone): every table and message names them as the
    definition does, and the city as the store does."""
    extra = other_zones(store, programme, 1)
    areas = [*programme.programme_areas[:1]]
    if count == 3:
        areas = [
            *programme.programme_areas,
            programme.programme_areas[0].model_copy(
                update={"area_code": extra["code"].iloc[0], "name": "Testområde Æøå"}
            ),
        ]
    changed = programme.model_copy(update={"programme_areas": areas})
    content = content_for(store, changed, registry, "nb")
    city = store.query("areas")
    city = city.loc[city["code"] == programme.municipality_code, "name"].iloc[0]
    for section in content.sections:
        if len(section.headline):
            assert list(section.headline.columns[2:]) == [a.name for a in areas] + [city]
    html = report_html(content, no_image)
    for area in areas:
        assert area.name in html
    assert len(content.summary) == len(programme.focus_areas) * count


def test_the_template_escapes_names_and_sets_the_footer_as_a_css_string(store, programme, registry):
    hostile = programme.model_copy(
        update={"name": programme.name.model_copy(update={"nb": 'Prog <script>alert(1)</script> "x" }'})}
    )
    html = report_html(content_for(store, hostile, registry, "nb"), no_image)
    assert "<script>" not in html and "&lt;script&gt;" in html
    footer = re.search(r"@bottom-left \{ content: (\"[^\"]*\");", html)
    assert footer and "<" not in footer.group(1) and "\\22 " in footer.group(1)


def test_dates_in_the_report_tables_are_in_words(nb):
    frames = [nb.batches, *(s.measures for s in nb.sections)]
    cells = " ".join(" ".join(frame.astype(str).to_numpy().ravel()) for frame in frames if frame is not None)
    assert not re.search(r"\d{4}-\d{2}-\d{2}", cells)
    assert "desember" in cells or "januar" in cells or any(month in cells for month in ("juni", "mars", "mai"))


def test_every_table_is_drawn_by_the_one_table_function(nb):
    html = report_html(nb, no_image)
    tables = [s.headline for s in nb.sections] + [nb.summary, nb.definitions, nb.batches]
    drawn = sum(1 for frame in tables if frame is not None and not frame.empty)
    drawn += sum(1 for s in nb.sections for f in (s.measures, s.effects) if f is not None and not f.empty)
    assert all(s.effects is None for s in nb.sections)  # drawn as a 'no data' note instead
    assert html.count("<table>") == drawn
    assert document_table(pd.DataFrame()) is None
    assert document_table(pd.DataFrame({"a": [1.5, None]})).rows == (("1.5",), ("",))


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("nb", "omrademonitor-statusrapport-trondheim-2026-12-01.pdf"),
        ("en", "omrademonitor-status-report-trondheim-2026-12-01.pdf"),
    ],
)
def test_a_clean_file_name(programme, lang, expected):
    assert report_file_name(programme, pd.Timestamp("2026-12-01 00:00:00"), lang, "pdf") == expected
    assert report_file_name(programme, dt.date(2026, 12, 1), lang, "pdf") == expected
