"""AppTest smoke and interaction tests over every page, against the demo database."""

import pytest
from streamlit.testing.v1 import AppTest

from omrademonitor import PROJECT_ROOT

APP = str(PROJECT_ROOT / "app.py")
PAGES = ["pages/overview.py", "pages/map.py"]


@pytest.fixture()
def app(demo_db, monkeypatch):
    monkeypatch.setenv("OMRADEMONITOR_DB", str(demo_db))
    import streamlit as st

    st.cache_resource.clear()
    st.cache_data.clear()
    return AppTest.from_file(APP, default_timeout=60)


@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs_without_error(app, page):
    app.run()
    app.switch_page(page).run()
    assert not app.exception, app.exception


def test_overview_shows_programme_and_demo_warning(app):
    app.run()
    assert app.title[0].value == "Områdesatsingene på Lademoen og Tempe-Sorgenfri"
    assert any("Demonstrasjonsdata" in w.value for w in app.warning)
    subheaders = [s.value for s in app.subheader]
    assert subheaders[0] == "1. Utvikling av gode bo- og nærmiljøkvaliteter" and len(subheaders) == 5
    labels = {m.label for m in app.metric}
    assert {"Lademoen", "Tempe-Sorgenfri", "Trondheim"} <= labels


def test_switching_language_to_english(app):
    app.run()
    app.sidebar.selectbox(key="lang").select("en").run()
    assert not app.exception
    assert app.title[0].value == "Area programmes in Lademoen and Tempe-Sorgenfri"
    assert any("Demonstration data" in w.value for w in app.warning)
    assert app.subheader[0].value == "1. Good housing and neighbourhood qualities"


def test_map_page_choices(app):
    app.run()
    app.switch_page("pages/map.py").run()
    assert app.title[0].value == "Kart"
    app.selectbox(key="indicator").select("crowded_housing").run()
    app.selectbox(key="year").select(2020).run()
    assert not app.exception
    assert any("omtrentlige" in w.value for w in app.warning)
    assert len(app.get("plotly_chart")) == 1
    app.selectbox(key="level").select("bydel").run()
    assert not app.exception
    assert len(app.dataframe[-1].value) == 4  # the table alternative lists the four districts
    assert "Demonstrasjonsdata" in app.dataframe[0].value.iloc[0, 2]  # where the figures come from
