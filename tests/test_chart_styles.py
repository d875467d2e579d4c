"""One style per area across every chart, and every chart with more than one trace says what each is."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from omrademonitor import figures
from omrademonitor.did import event_study
from omrademonitor.presentation.charts import CITY_STYLE, area_style, choropleth, event_study_chart, time_series
from tests.test_did import simulated_panel

NO_EVENTS = pd.DataFrame(columns=["year", "title_nb", "title_en"])


def area_lines(figure) -> dict[str, tuple]:
    """Code → (colour, dash, marker) of every area line in a time series."""
    return {
        tr.meta["code"]: (tr.line.color, tr.line.dash, tr.marker.symbol)
        for tr in figure.data
        if isinstance(tr.meta, dict) and "code" in tr.meta
    }


def test_an_area_has_the_same_colour_in_every_chart(store, registry, programme):
    """Two charts with different areas, orders and gaps (an area with no figures at all, as happens for
    an indicator a district lacks) still draw each area alike."""
    lademoen, tempe = programme.programme_area_codes
    first = figures.series(store, registry["persistent_low_income"], [lademoen, tempe, "5001"])
    second = figures.series(store, registry["residents_feel_safe"], ["5001", tempe, "500102", "5001LKS05"])
    first_lines = area_lines(time_series(first, registry["persistent_low_income"], 2022, 2026, NO_EVENTS, "nb"))
    second_lines = area_lines(time_series(second, registry["residents_feel_safe"], 2022, 2026, NO_EVENTS, "en"))
    assert set(first_lines) == {lademoen, tempe, "5001"} and {tempe, "5001"} <= set(second_lines)
    assert first_lines["5001"] == second_lines["5001"]
    assert first_lines[tempe] == second_lines[tempe]
    assert second_lines["5001"][0] != first_lines[lademoen][0]  # the city never borrows Lademoen's colour


def test_every_area_of_the_city_has_its_own_style(areas, programme):
    codes = [c for c in areas["code"] if areas.set_index("code").loc[c, "level"] != "grunnkrets"]
    styles = {code: area_style(code) for code in codes}
    assert len(codes) == 65  # the city, 4 districts, 60 zones
    assert len({(s.colour, s.dash, s.marker) for s in styles.values()}) == len(codes)
    emphasised = [CITY_STYLE.colour] + [styles[c].colour for c in programme.programme_area_codes]
    assert len(set(emphasised)) == 3
    others = [s.colour for c, s in styles.items() if c not in ("5001", *programme.programme_area_codes)]
    assert not set(emphasised) & set(others)  # the city and the programme zones stand out everywhere


def test_programme_zone_styles_follow_the_programme_order():
    assert area_style("X1", {"X1": 0, "X2": 1}) != area_style("X2", {"X1": 0, "X2": 1})
    assert area_style("X1", {"X1": 0}) == area_style("Y9", {"Y9": 0})


def multi_trace_figures(store, registry, programme):
    """One figure of each kind the app draws, with more than one trace."""
    indicator = registry["persistent_low_income"]
    frame = figures.series(store, indicator, [*programme.programme_area_codes, "5001"])
    events = store.query("events", programme_id="trondheim")
    study = event_study(simulated_panel(4, gaps=0.0), first_post_period=2023, max_draws=20)
    zones = figures.map_frame(store, indicator, "levekarssone", 2024)
    outlines = figures.shapes(store, "levekarssone")
    outlines = outlines[outlines["code"].isin(programme.programme_area_codes)]
    return {
        "time_series": time_series(frame, indicator, 2022, 2026, events, "nb", demo=True),
        "event_study": event_study_chart(study.table, indicator, 2023, "en"),
        "choropleth": choropleth(zones, indicator, 2024, 10.0, outlines, "nb", approximate=True, demo=True),
    }


@pytest.mark.parametrize("kind", ["time_series", "event_study", "choropleth"])
def test_every_figure_with_several_traces_has_a_legend(store, registry, programme, kind):
    figure = multi_trace_figures(store, registry, programme)[kind]
    assert len(figure.data) > 1
    assert figure.layout.showlegend is True
    named = [tr for tr in figure.data if tr.showlegend is not False]
    assert named and all(tr.name for tr in named)


def test_every_chart_on_the_focus_area_page_has_a_legend(demo_db, monkeypatch):
    from streamlit.testing.v1 import AppTest

    from omrademonitor import PROJECT_ROOT

    monkeypatch.setenv("OMRADEMONITOR_DB", str(demo_db))
    app = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=60)
    app.run()
    app.switch_page("pages/focus_area.py").run()
    app.toggle(key="all_charts").set_value(True).run()  # the charts after the first row, drawn on demand
    assert not app.exception
    charts = [json.loads(chart.proto.spec) for chart in app.get("plotly_chart")]
    assert len(charts) >= 4
    assert sum(len(spec["data"]) > 1 for spec in charts) >= 4
    for spec in charts:
        if len(spec["data"]) > 1:
            assert spec["layout"].get("showlegend") is True, [tr.get("name") for tr in spec["data"]]


def test_status_is_never_colour_alone():
    """Each indicator status group has its own symbol and words in both languages (a guard: already so)."""
    from omrademonitor.i18n import t
    from omrademonitor.presentation.tracking_tables import STATUS_SYMBOL
    from omrademonitor.tracking import StatusGroup

    assert len({STATUS_SYMBOL[group] for group in StatusGroup}) == len(StatusGroup)
    for lang in ("nb", "en"):
        assert len({t(f"group_{group.value}", lang) for group in StatusGroup}) == len(StatusGroup)
