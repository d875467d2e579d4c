"""Download buttons: CSV and Excel of numeric figures (``omrademonitor.downloads``), open-data files, chart images."""

import datetime as dt
import logging

import pandas as pd
import streamlit as st

from omrademonitor.exports import safe_file_name, to_csv, to_excel
from omrademonitor.i18n import t
from omrademonitor.presentation.chart_images import FORMATS, ChartImageError, chart_image

LOG = logging.getLogger(__name__)


def csv_file(figures: pd.DataFrame):
    """The CSV file of ``figures``, made when its button is pressed (not on every run of the page)."""
    return lambda: to_csv(figures)


def excel_file(figures: pd.DataFrame):
    """The Excel file of ``figures`` (a few hundred ms through openpyxl), made when its button is pressed."""
    return lambda: to_excel(figures)


def download_pair(figures: pd.DataFrame, name: str, lang: str):
    """A note on the files' layout, then a CSV and an Excel button for the same figures; returns the
    two columns, so a page can put more buttons under them."""
    st.caption(t("download_numbers_note", lang))
    left, right = st.columns(2)
    left.download_button(
        t("download_csv", lang), csv_file(figures), safe_file_name(name, "csv"), "text/csv", on_click="ignore"
    )
    right.download_button(
        t("download_excel", lang), excel_file(figures), safe_file_name(name, "xlsx"), on_click="ignore"
    )
    return left, right


def open_data_buttons(files: dict[str, bytes], indicator_id: str, dataset: bytes, version: str, lang: str) -> None:
    """The open-data files of one indicator (CSV, JSON, metadata) and the whole dataset (zip)."""
    with st.expander(t("open_data", lang)):
        st.caption(t("open_data_note", lang, version=version))
        columns = st.columns(4)
        columns[0].download_button(
            t("open_data_csv", lang),
            files[f"data/{indicator_id}.csv"],
            f"{indicator_id}.csv",
            "text/csv",
            on_click="ignore",
        )
        columns[1].download_button(
            t("open_data_json", lang),
            files[f"data/{indicator_id}.json"],
            f"{indicator_id}.json",
            "application/json",
            on_click="ignore",
        )
        columns[2].download_button(
            t("open_data_meta", lang),
            files[f"meta/{indicator_id}.json"],
            f"{indicator_id}-meta.json",
            "application/json",
            on_click="ignore",
        )
        columns[3].download_button(
            t("open_data_zip", lang), dataset, f"omrademonitor-data-{version}.zip", "application/zip", on_click="ignore"
        )


def chart_image_buttons(figure, title: str, source: str, name: str, lang: str, container=st) -> None:
    """PNG and SVG buttons for a chart, drawn with title, source and today's date only when clicked.

    ``figure`` may be a function giving the figure to draw (e.g. one with its map shapes inline, where
    the page's own names a file the browser fetches)."""

    def draw(fmt: str):
        def make() -> bytes:
            try:
                drawn = figure() if callable(figure) else figure
                return chart_image(drawn, fmt, title, source, dt.date.today(), lang)
            except ChartImageError:
                LOG.exception("chart image (%s) failed for %s", fmt, name)
                raise

        return make

    with container.expander(t("chart_image", lang)):
        left, right = st.columns(2)
        left.download_button(
            t("chart_png", lang),
            draw("png"),
            safe_file_name(name, "png"),
            FORMATS["png"],
            key=f"png_{name}",
            on_click="ignore",
        )
        right.download_button(
            t("chart_svg", lang),
            draw("svg"),
            safe_file_name(name, "svg"),
            FORMATS["svg"],
            key=f"svg_{name}",
            on_click="ignore",
        )
