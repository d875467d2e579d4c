"""The schedule status in the app through AppTest, in both languages: the register's column, the
overview grid's late count per focus area, and that each count's link opens exactly that many rows,
all of them late."""

from urllib.parse import parse_qsl

import pytest

from omrademonitor.i18n import t
from tests.test_pages_roles import new_app
from tests.test_tracking_pages import page_links


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_the_register_shows_the_schedule_column(demo_db, monkeypatch, lang):
    app = new_app(demo_db, monkeypatch, lang)
    app.switch_page("pages/measures.py").run()
    assert not app.exception, app.exception
    table = app.dataframe[0].value
    assert t("schedule", lang) == ("Tidsplan" if lang == "nb" else "Schedule")
    columns = list(table.columns)
    assert t("schedule", lang) in columns
    # status, schedule, result and recommendation come right after the title (seen first on a screen)
    assert columns[0] == t("measure_title", lang)
    assert columns[2:6] == [t(k, lang) for k in ("status", "schedule", "result", "recommendation")]
    # the stopped pilot reads as stopped, never as late
    stopped = table[table["Id"] == "m-mixed-tenure-pilot"][t("schedule", lang)]
    assert list(stopped) == [t("schedule_stopped", lang)]


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_each_late_count_opens_exactly_the_measures_it_counts(demo_db, monkeypatch, programme, lang):
    app = new_app(demo_db, monkeypatch, lang)
    assert not app.exception, app.exception
    late = [(label, query) for page, label, query in page_links(app) if "schedule=late" in query]
    word = "forsinket" if lang == "nb" else "late"
    assert late, "no late count links in the grid"
    assert all(label.endswith(f" {word}") for label, _ in late)
    focus_areas = [dict(parse_qsl(query))["fa"] for _, query in late]
    assert len(focus_areas) == len(set(focus_areas))  # one count per focus area
    for label, query in late:
        count = int(label.split()[0])
        page = new_app(demo_db, monkeypatch, lang)
        page.query_params.update(dict(parse_qsl(query)))
        page.switch_page("pages/measures.py").run()
        assert not page.exception, page.exception
        rows = page.dataframe[0].value
        assert len(rows) == count, (label, list(rows["Id"]))
        assert set(rows[t("schedule", lang)]) == {t("schedule_late", lang)}
        number = programme.focus_area(dict(parse_qsl(query))["fa"]).number
        assert set(rows[t("focus_area", lang)]) == {number}
    # and together the counts are every late measure in the register
    every = new_app(demo_db, monkeypatch, lang)
    every.query_params["schedule"] = "late"
    every.switch_page("pages/measures.py").run()
    assert len(every.dataframe[0].value) == sum(int(label.split()[0]) for label, _ in late)
