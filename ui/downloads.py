"""The public download buttons: one CSV and one Excel file of numeric figures (``omrademonitor.downloads``)."""

import pandas as pd
import streamlit as st

from omrademonitor.exports import safe_file_name, to_csv, to_excel
from omrademonitor.i18n import t


@st.cache_data(show_spinner=False, max_entries=64)
def csv_bytes(figures: pd.DataFrame) -> bytes:
    """``to_csv``, kept per content: a page rerun (another session, a widget change) reuses the file."""
    return to_csv(figures)


@st.cache_data(show_spinner=False, max_entries=64)
def excel_bytes(figures: pd.DataFrame) -> bytes:
    """``to_excel`` (a few hundred ms through openpyxl), kept per content like ``csv_bytes``."""
    return to_excel(figures)


def download_pair(figures: pd.DataFrame, name: str, lang: str):
    """A note on the files' layout, then a CSV and an Excel button for the same figures; returns the
    two columns, so a page can put more buttons under them."""
    st.caption(t("download_numbers_note", lang))
    left, right = st.columns(2)
    left.download_button(t("download_csv", lang), csv_bytes(figures), safe_file_name(name, "csv"), "text/csv")
    right.download_button(t("download_excel", lang), excel_bytes(figures), safe_file_name(name, "xlsx"))
    return left, right
