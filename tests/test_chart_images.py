"""Chart exports (issue 19.4): PNG and SVG drawn by kaleido with the system's Chromium, with the title,
the source and the date inside the image; the page's own figure is left as it was."""

import datetime as dt
import re
import struct

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from omrademonitor import PROJECT_ROOT, figures
from omrademonitor.presentation.chart_images import chart_image, source_text
from omrademonitor.presentation.charts import time_series

MADE = dt.date(2026, 3, 9)


@pytest.fixture(scope="module")
def figure(store, registry, programme):
    indicator = registry["persistent_low_income"]
    frame = figures.series(store, indicator, [*programme.programme_area_codes, programme.municipality_code])
    events = store.query("events", programme_id=programme.id)
    return indicator, time_series(frame, indicator, programme.start_year, programme.end_year, events, "en")


def svg_text(svg: bytes) -> str:
    """The text the SVG draws (its <text> elements), entities decoded."""
    texts = re.findall(rb"<text[^>]*>(.*?)</text>", svg, re.S)
    return " ".join(re.sub(rb"<[^>]+>", b"", t).decode() for t in texts).replace("&amp;", "&").replace("\xa0", " ")


def test_the_svg_carries_title_source_and_date_and_the_page_figure_is_unchanged(figure):
    indicator, fig = figure
    before = fig.to_json()
    svg = chart_image(fig, "svg", indicator.name.en, source_text(indicator, "en"), MADE, "en")
    text = svg_text(svg)
    assert indicator.name.en in text
    assert f"Source: {indicator.source.name.en}" in text and "table 12944" in text
    assert "Made 9 March 2026" in text
    assert fig.to_json() == before


def test_the_png_is_a_png_of_the_asked_size_in_norwegian_too(figure):
    indicator, fig = figure
    png = chart_image(fig, "png", indicator.name.nb, source_text(indicator, "nb"), MADE, "nb", width=800, height=450)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png[16:24])
    assert (width, height) == (1600, 900)  # drawn at twice the size, for print


def test_an_unknown_format_is_refused(figure):
    _, fig = figure
    with pytest.raises(ValueError, match="png, svg"):
        chart_image(fig, "gif", "t", "s", MADE, "en")


@pytest.mark.parametrize("page", ["pages/explorer.py", "pages/map.py"])
def test_the_chart_pages_offer_png_and_svg(demo_db, monkeypatch, page):
    monkeypatch.setenv("OMRADEMONITOR_DB", str(demo_db))
    st.cache_resource.clear()
    st.cache_data.clear()
    app = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=90)
    app.query_params["lang"] = "en"
    app.run()
    app.switch_page(page).run()
    assert not app.exception, app.exception
    labels = {b.label for b in app.get("download_button")}
    assert {"Download PNG", "Download SVG"} <= labels, labels


def test_the_source_line_names_ssb_table_in_each_language(registry):
    """The table number in the reader's language (a catalogue text), and not twice when the name has it."""
    indicator = registry["persistent_low_income"]
    assert indicator.source.ssb_table == "12944"
    assert source_text(indicator, "nb") == f"{indicator.source.name.nb}, tabell 12944"
    assert source_text(indicator, "en") == f"{indicator.source.name.en}, table 12944"
    named = indicator.source.name.model_copy(update={"en": "SSB table 12944"})
    quoted = indicator.model_copy(update={"source": indicator.source.model_copy(update={"name": named})})
    assert source_text(quoted, "en") == "SSB table 12944"
