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


def download_button(container, label: str, data, file_name: str, mime: str | None = None, *, key: str | None = None):
    """A download button in ``container`` that does not rerun the page when pressed (``on_click="ignore"``):
    the file is all a press needs, and a press while the page was running could go unanswered."""
    return container.download_button(label, data, file_name, mime, key=key, on_click="ignore")


def excel_file(figures: pd.DataFrame):
    """The Excel file of ``figures`` (a few hundred ms through openpyxl), made when its button is pressed."""
    return lambda: to_excel(figures)


def download_pair(figures: pd.DataFrame, name: str, lang: str):
    """A note on the files' layout, then a CSV and an Excel button for the same figures; returns the
    two columns, so a page can put more buttons under them."""
    st.caption(t("download_numbers_note", lang))
    left, right = st.columns(2)
    download_button(left, t("download_csv", lang), csv_file(figures), safe_file_name(name, "csv"), "text/csv")
    download_button(right, t("download_excel", lang), excel_file(figures), safe_file_name(name, "xlsx"))
    return left, right


def open_data_buttons(files: dict[str, bytes], indicator_id: str, dataset: bytes, version: str, lang: str) -> None:
    """The open-data files of one indicator (CSV, JSON, metadata) and the whole dataset (zip)."""
    with st.expander(t("open_data", lang)):
        st.caption(t("open_data_note", lang, version=version))
        buttons = (
            ("open_data_csv", files[f"data/{indicator_id}.csv"], f"{indicator_id}.csv", "text/csv"),
            ("open_data_json", files[f"data/{indicator_id}.json"], f"{indicator_id}.json", "application/json"),
            ("open_data_meta", files[f"meta/{indicator_id}.json"], f"{indicator_id}-meta.json", "application/json"),
            ("open_data_zip", dataset, f"omrademonitor-data-{version}.zip", "application/zip"),
        )
        for column, (label, data, file_name, mime) in zip(st.columns(4), buttons, strict=True):
            download_button(column, t(label, lang), data, file_name, mime)


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
        for column, (fmt, label) in zip(st.columns(2), (("png", "chart_png"), ("svg", "chart_svg")), strict=True):
            download_button(
                column, t(label, lang), draw(fmt), safe_file_name(name, fmt), FORMATS[fmt], key=f"{fmt}_{name}"
            )
