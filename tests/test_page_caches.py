"""Warm pages reuse what a data version, programme, language and choice already built (ui/cached.py):
a second session's run of a page builds no chart or table again, shows the same, and the shared
figure is not changed by drawing it."""

import datetime as dt
import json

import plotly.io as pio
import pytest
from streamlit.testing.v1 import AppTest

from omrademonitor import PROJECT_ROOT
from omrademonitor.presentation import page_views, tracking_tables
from omrademonitor.tracking import filter_measures, filter_progress

APP = str(PROJECT_ROOT / "app.py")


@pytest.fixture()
def fresh_caches(demo_db, monkeypatch):
    monkeypatch.setenv("OMRADEMONITOR_DB", str(demo_db))
    import streamlit as st

    st.cache_resource.clear()
    st.cache_data.clear()


def _session(page: str, **query) -> AppTest:
    """A new session (a new AppTest) on ``page``: the server-wide caches are kept between sessions."""
    app = AppTest.from_file(APP, default_timeout=120)
    for key, value in query.items():
        app.query_params[key] = value
    app.run()
    app.switch_page(page).run()
    assert not app.exception, app.exception
    return app


def _counted(monkeypatch, module, name: str) -> list:
    calls = []
    original = getattr(module, name)

    def counting(*args, **kwargs):
        calls.append(args)
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, counting)
    return calls


def _focus_session(counted: list | None = None) -> AppTest:
    """A new session on the focus-area page (``counted``: how many charts it built before asking for
    more), then with every chart shown and the first chart's table opened."""
    app = _session("pages/focus_area.py")
    if counted is not None:
        assert len(app.get("plotly_chart")) == len(counted) == 2  # the first row only
    app.toggle(key="all_charts").set_value(True).run()
    first = app.get("plotly_chart")[0].key.removeprefix("chart_")
    app.session_state[f"chart_data_{first}"] = True
    app.run()
    assert not app.exception, app.exception
    return app


def test_a_second_session_on_a_focus_area_builds_no_chart_table_or_download(fresh_caches, monkeypatch):
    from ui import cached

    charts = _counted(monkeypatch, cached, "time_series")
    tables = _counted(monkeypatch, page_views, "series_table")
    downloads = _counted(monkeypatch, cached, "series_figures")
    first = _focus_session(charts)
    shown = [chart.proto.spec for chart in first.get("plotly_chart")]
    frames = [frame.value for frame in first.dataframe]
    assert len(shown) == len(charts) > 2 and len(tables) == 1 and len(downloads) == 1  # one table opened

    second = _focus_session()
    assert (len(charts), len(tables), len(downloads)) == (len(shown), 1, 1)  # nothing built again
    assert [chart.proto.spec for chart in second.get("plotly_chart")] == shown
    assert len(frames) == 2  # the opened chart's table and the measures'
    assert all(a.equals(b) for a, b in zip(frames, [f.value for f in second.dataframe], strict=True))
    assert all(json.loads(spec)["layout"]["height"] == 380 for spec in shown)  # the focus page's own height


def test_the_shared_figure_is_what_was_sent_after_two_sessions_drew_it(fresh_caches):
    from ui import cached

    first = _session("pages/focus_area.py")
    _session("pages/focus_area.py")
    programme_id = first.session_state["ui_programme"]
    programmes, registry = cached.definitions()
    programme = programmes[programme_id]
    indicator = programme.focus_indicators(first.selectbox(key="fa").value, registry)[0]
    areas = (*programme.programme_area_codes, programme.municipality_code)
    version = cached.data_version()
    figure = cached.series_figure(version, programme_id, indicator.id, areas, "nb", dt.date.today(), height=380)
    assert json.loads(pio.to_json(figure, validate=False)) == json.loads(first.get("plotly_chart")[0].proto.spec)


def test_the_evaluation_tables_are_those_of_the_filter_in_the_link(fresh_caches):
    """A deep link from the overview (focus area, district, status group): the cached tables are the
    measures and progress rows the filter picks, as the page built them itself before."""
    from ui import cached

    programmes, registry = cached.definitions()
    programme = programmes["trondheim"]
    focus, district = programme.focus_areas[0].id, programme.programme_area_codes[0]
    version = cached.data_version()
    every = filter_progress(cached.indicator_progress(version, "trondheim"), focus, district)
    group = str(every["group"].iloc[-1])
    app = _session("pages/evaluation.py", programme="trondheim", fa=focus, district=district, group=group)
    measures, goals = cached.measures(version, "trondheim"), cached.goals(version, "trondheim")
    progress = filter_progress(every, group=group)
    mine = filter_measures(measures, focus, district)
    wanted = [
        tracking_tables.measure_table(mine, programme, goals, "nb", on=dt.date.today()),
        tracking_tables.progress_table(progress, registry, programme, "nb"),
    ]
    shown = [frame.value for frame in app.dataframe]
    assert mine and len(progress) and len(shown) == 2  # one focus area: its measures and its indicators
    assert all(a.reset_index(drop=True).equals(b) for a, b in zip(shown, wanted, strict=True))


def test_a_second_session_on_the_register_builds_no_table(fresh_caches, monkeypatch):
    registers = _counted(monkeypatch, tracking_tables, "measure_table")
    histories = _counted(monkeypatch, tracking_tables, "history_tables")
    first = _session("pages/measures.py")
    built = (len(registers), len(histories))
    assert built[0] >= 1 and built[1] == 1
    second = _session("pages/measures.py")
    assert (len(registers), len(histories)) == built
    assert [f.value.shape for f in second.dataframe] == [f.value.shape for f in first.dataframe]


def test_the_overview_shows_each_headline_cell_as_the_table_gives_it(fresh_caches):
    """The cached cells are those the page made itself before, row by row of the headline table."""
    from omrademonitor.presentation.formatting import period_text
    from omrademonitor.presentation.texts import headline_cell
    from ui import cached

    app = _session("pages/overview.py")
    programme_id = app.session_state["ui_programme"]
    programmes, registry = cached.definitions()
    programme = programmes[programme_id]
    version = cached.data_version()
    table = cached.headline_table(version, programme_id)
    names = cached.scope(version, programme_id).area_names()
    wanted = []
    for focus in programme.focus_areas:
        for ind in (i for i in programme.focus_indicators(focus.id, registry) if i.headline):
            for code, row in table[table["indicator_id"] == ind.id].set_index("area_code").iterrows():
                cell = headline_cell(
                    row.to_dict(), ind.unit.value, ind.decimals, ind.baseline_year, "nb", period_text(ind, "nb")
                )
                wanted.append((names[code], cell["value"], cell["change"]))
    shown = [(m.label, m.value, m.proto.delta or None) for m in app.metric][3:]  # after the three facts
    assert len(wanted) > 10 and shown == wanted
