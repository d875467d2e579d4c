"""Public downloads are numbers (issue 18.10, 19.4): numeric value columns, a unit and a status
column, hidden figures as empty cells with status ``suppressed`` and SSB's symbols (``:``, ``..``),
never display text such as "5,6 %" or "–". Read back from the bytes a viewer gets."""

import io

import pandas as pd
import pytest
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest

from omrademonitor import PROJECT_ROOT, figures
from omrademonitor.access import Permission
from omrademonitor.downloads import profile_figures, public_figures, series_figures
from omrademonitor.exports import to_csv, to_excel
from tests.test_views_and_charts import find_suppressed
from ui.page_list import PAGES

APP = str(PROJECT_ROOT / "app.py")
# every page a viewer may open (the page list) that offers the figures it shows for download
PUBLIC_PAGES = [
    page.file
    for page in PAGES
    if page.permission in (None, Permission.VIEW)
    and "download_pair(" in (PROJECT_ROOT / page.file).read_text(encoding="utf-8")
]


def read_back(frame: pd.DataFrame) -> list[pd.DataFrame]:
    """The frame as a viewer's CSV and Excel files, read again with pandas."""
    return [pd.read_csv(io.BytesIO(to_csv(frame)), encoding="utf-8-sig"), pd.read_excel(io.BytesIO(to_excel(frame)))]


def assert_numeric(table: pd.DataFrame, where: str, numbers=("value",)) -> None:
    """Numbers as numbers, unit and status given, hidden cells empty, SSB's symbols, no '–' anywhere."""
    assert {"unit", "status", "symbol", *numbers} <= set(table.columns), (where, list(table.columns))
    for column in numbers:
        assert pd.api.types.is_numeric_dtype(table[column]), (where, column, table[column].head().tolist())
    hidden = table["status"].isin(["suppressed", "missing"])
    assert table.loc[hidden, list(numbers)].isna().all().all(), where
    assert table.loc[table["status"] == "suppressed", "symbol"].eq(":").all(), where
    assert table.loc[table["status"] == "missing", "symbol"].eq("..").all(), where
    assert table.loc[~hidden, "value"].notna().all(), where
    text = table.astype(str)
    assert not text.isin(["–", "Skjermet", "Mangler data"]).any().any(), where
    assert not text.apply(lambda c: c.str.contains("%", regex=False)).any().any(), where


def test_map_download_is_numeric_with_hidden_cells_empty(store, registry):
    indicator, year = find_suppressed(store, registry)
    frame = figures.map_frame(store, indicator, "levekarssone", year)
    downloaded = public_figures(figures.map_download(frame, indicator, year), indicator, "nb", counts=True)
    for table in read_back(downloaded):
        assert_numeric(table, "map", ("value", "numerator", "denominator"))
        assert (table["status"] == "suppressed").sum() > 0 and len(table) == len(frame)
        assert set(table["unit"]) == {indicator.unit.value}
        shown = table[table["status"] == "final"].set_index("area_code")["value"]
        expected = frame.set_index("code")["value"].round(indicator.decimals)
        pd.testing.assert_series_equal(shown, expected.loc[shown.index], check_names=False)


def test_series_focus_area_and_profile_downloads_are_numeric(store, registry, programme):
    areas = [*programme.programme_area_codes, programme.municipality_code]
    frames = [(ind, figures.series(store, ind, areas)) for ind in programme.focus_indicators("neighbourhood", registry)]
    for table in read_back(series_figures(frames, "en")):
        assert_numeric(table, "focus area", ("value", "ci_lower", "ci_upper"))
        assert table["indicator_id"].nunique() > 2
        assert table.loc[table["indicator_id"] == "residents_feel_safe", "ci_lower"].notna().any()
    profile = figures.area_profile(store, registry, programme, "5001LKS09")
    for table in read_back(profile_figures(profile, registry, "5001LKS09", "Lademoen", "nb")):
        assert_numeric(table, "profile", ("value", "city_value"))
        assert len(table) == len(registry)
        assert set(table["vs_city"]) <= {"better", "similar", "worse", "no_direction", "not_assessed", "not_comparable"}


@pytest.fixture()
def served(monkeypatch):
    """Every file a page hands to a download button, by its media URL."""
    files = {}
    original = MemoryMediaFileStorage.load_and_get_id

    def record(self, path_or_data, mimetype, kind, filename=None):
        file_id = original(self, path_or_data, mimetype, kind, filename)
        files[self.get_url(file_id)] = bytes(path_or_data)
        return file_id

    def record_deferred(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        file_id = original_deferred(self, data_callable, mimetype, coordinates, file_name, **kwargs)
        files[file_id] = data_callable  # made when the button is pressed: call it as the click would
        return file_id

    original_deferred = MediaFileManager.add_deferred
    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", record)
    monkeypatch.setattr(MediaFileManager, "add_deferred", record_deferred)
    return files


def file_of(served: dict, button) -> bytes:
    """The bytes a download button hands over: its media file, or what its deferred maker returns."""
    if button.proto.url:
        return served[button.proto.url]
    made = served[button.proto.deferred_file_id]()
    return made.encode() if isinstance(made, str) else bytes(made)


@pytest.mark.parametrize("page", PUBLIC_PAGES)
def test_a_viewers_download_buttons_give_numbers(demo_db, monkeypatch, served, page):
    monkeypatch.setenv("OMRADEMONITOR_DB", str(demo_db))
    import streamlit as st

    st.cache_resource.clear()
    st.cache_data.clear()
    app = AppTest.from_file(APP, default_timeout=90)
    app.run()
    app.switch_page(page).run()
    assert not app.exception, app.exception
    buttons = {b.label: b for b in app.get("download_button")}
    assert {"Last ned CSV", "Last ned Excel"} <= set(buttons), buttons
    csv = pd.read_csv(io.BytesIO(file_of(served, buttons["Last ned CSV"])), encoding="utf-8-sig")
    excel = pd.read_excel(io.BytesIO(file_of(served, buttons["Last ned Excel"])))
    for table in (csv, excel):
        assert_numeric(table, page)
        assert len(table) > 0


def test_the_public_download_pages_come_from_the_page_list():
    """The pages checked above are read from ``ui/page_list.py`` (a new public page with downloads is
    checked without editing this file); the map, the first of them, is among them."""
    assert "pages/map.py" in PUBLIC_PAGES
    assert set(PUBLIC_PAGES) <= {page.file for page in PAGES}
