"""Real and demonstration figures told apart point by point (issue 18, item 3): one real year imported
into a copy of the demo database through the Writer, then the series, chart, table, captions and map."""

from contextlib import closing

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from omrademonitor import PROJECT_ROOT, figures
from omrademonitor.access import SYSTEM
from omrademonitor.national import POPULATION_INDICATOR
from omrademonitor.presentation import tables, texts
from omrademonitor.presentation.charts import choropleth, time_series
from omrademonitor.store import Store
from omrademonitor.writer import BatchInfo, Writer

NO_EVENTS = pd.DataFrame(columns=["year", "title_nb", "title_en"])


def area_lines(fig):
    return {tr.meta["code"]: tr for tr in fig.data if isinstance(tr.meta, dict) and "code" in tr.meta}


@pytest.fixture()
def one_real_year(demo_copy, registry, programme):
    """The demo database with one real figure: the first programme zone's value for a middle year."""
    indicator = registry["persistent_low_income"]
    zone = programme.programme_area_codes[0]
    with closing(Store(demo_copy)) as store:
        before = figures.series(store, indicator, [zone])
    years = sorted(before.loc[before["value"].notna(), "period"].astype(int))
    year = years[len(years) // 2]
    real = pd.DataFrame(
        [{"indicator_id": indicator.id, "area_code": zone, "period": year, "value": 17.25, "status": "final"}]
    )
    with Writer(demo_copy) as writer:
        writer.add_observations(real, BatchInfo("SSB (test)", "real-one-year", is_demo=False), SYSTEM)
    return demo_copy, indicator, zone, year


def test_demo_database_is_all_demo_and_says_so(store, registry, programme):
    indicator = registry["persistent_low_income"]
    frame = figures.series(store, indicator, [*programme.programme_area_codes, programme.municipality_code])
    assert frame["is_demo"].all()
    assert texts.shown_data_note(frame, "nb") == "Alle tallene som vises, er demonstrasjonsdata, ikke statistikk."
    fig = time_series(frame, indicator, 2022, 2026, NO_EVENTS, "nb")
    for trace in area_lines(fig).values():
        assert trace.marker.symbol.endswith("-open")  # every point hollow: one symbol for the line
        assert None not in list(trace.y)  # one unbroken line: every figure is of one kind
    assert not [tr for tr in fig.data if isinstance(tr.meta, dict) and "demo_link" in tr.meta]
    assert "Demonstrasjonsdata, ikke statistikk" in [a.text for a in fig.layout.annotations]
    table = tables.series_table(frame, indicator, "en")
    assert set(table["Data"]) == {"demonstration data"}


def test_one_real_year_is_marked_real_and_the_line_breaks_around_it(one_real_year, programme):
    path, indicator, zone, year = one_real_year
    city = programme.municipality_code
    with closing(Store(path)) as store:
        frame = figures.series(store, indicator, [zone, city])
    real = frame[~frame["is_demo"]]
    assert list(zip(real["area_code"], real["period"], real["value"], strict=True)) == [(zone, year, 17.25)]

    fig = time_series(frame, indicator, 2022, 2026, NO_EVENTS, "en")
    line = area_lines(fig)[zone]
    assert line.meta["demo"] == [p != year for p in line.meta["periods"]]
    points = {x: (y, s, t) for x, y, s, t in zip(line.x, line.y, line.marker.symbol, line.text, strict=True)}
    value, symbol, text = points[year]
    assert value == 17.25 and not symbol.endswith("-open") and "demonstration" not in text
    others = [p for p in line.meta["periods"] if p != year]
    assert all(points[p][1].endswith("-open") and points[p][2].endswith("(demonstration data)") for p in others)
    assert None in list(line.y)  # the area's line breaks where real meets demonstration data
    links = [tr for tr in fig.data if isinstance(tr.meta, dict) and tr.meta.get("demo_link") == zone]
    assert len(links) == 1 and links[0].line.dash == "dash" and year in list(links[0].x)
    assert None not in list(area_lines(fig)[city].y)  # the city is all demonstration data: one line
    assert [tr.name for tr in fig.data if isinstance(tr.meta, dict) and tr.meta.get("demo_legend")] == [
        "Demonstration data (hollow points)"
    ]
    assert "Mixed: real figures and demonstration data" in [a.text for a in fig.layout.annotations]

    table = tables.series_table(frame, indicator, "nb").set_index("År")
    assert table.loc[year, "Data"] == "blandet"
    assert set(table.drop(index=year)["Data"]) == {"demonstrasjonsdata"}
    note = texts.shown_data_note(frame, "en")
    assert note.startswith(f"Mixed: 1 real figure and {len(frame) - 1} demonstration figures")
    assert figures.series_download(frame, indicator)["is_demo"].sum() == len(frame) - 1


def test_map_caption_and_table_say_what_is_drawn(one_real_year, registry, programme):
    path, indicator, zone, year = one_real_year
    with closing(Store(path)) as store:
        frame = figures.map_frame(store, indicator, "levekarssone", year)
        flags = figures.demo_flags(store.query("batches"), frame["batch_id"])
    frame = frame.assign(is_demo=flags.to_numpy())
    drawn = frame[frame["value"].notna()]
    assert list(drawn.loc[~drawn["is_demo"], "code"]) == [zone]
    assert texts.shown_data_note(drawn, "nb", per_area=True).startswith("Blandet: 1 område med ekte tall")
    table = tables.map_table(frame, indicator, "en").set_index("Area")
    assert table.loc[frame.loc[frame["code"] == zone, "name"].iloc[0], "Data"] == "real figures"
    assert (table["Data"] == "demonstration data").sum() == len(drawn) - 1
    empty = frame.iloc[0:0]
    for state, note in (("mixed", "Mixed: real figures and demonstration data"), ("real", None)):
        fig = choropleth(empty, indicator, year, None, empty, "en", approximate=False, demo=state)
        assert [a.text for a in fig.layout.annotations] == ([note] if note else [])


def test_explorer_page_captions_the_mix(one_real_year, monkeypatch):
    path, indicator, _, _ = one_real_year
    monkeypatch.setenv("OMRADEMONITOR_DB", str(path))
    import streamlit as st

    st.cache_resource.clear()
    st.cache_data.clear()
    app = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=60)
    app.run()
    app.switch_page("pages/explorer.py").run()
    app.selectbox(key="indicator").select(indicator.id).run()
    assert not app.exception, app.exception
    captions = [c.value for c in app.caption]
    assert any(c.startswith("Blandet: 1 ekte tall og") for c in captions), captions
    assert not app.get("checkbox") or "Vis landet som sammenligning" not in [c.label for c in app.checkbox]


def test_explorer_offers_the_country_when_loaded(shipped_db, monkeypatch):
    monkeypatch.setenv("OMRADEMONITOR_DB", str(shipped_db))
    import streamlit as st

    st.cache_resource.clear()
    st.cache_data.clear()
    with closing(Store(shipped_db)) as store:
        country = store.query("areas").query("level == 'land'")
    assert len(country) == 1
    app = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=60)
    app.run()
    app.switch_page("pages/explorer.py").run()
    app.selectbox(key="indicator").select(POPULATION_INDICATOR).run()
    assert not app.exception, app.exception
    national = [c for c in app.checkbox if c.label == "Vis landet som sammenligning"]
    assert national and national[0].value
    table = app.dataframe[0].value
    assert country["name"].iloc[0] in table.columns
