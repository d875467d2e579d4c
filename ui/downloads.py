"""The public download buttons: one CSV and one Excel file of numeric figures (``omrademonitor.downloads``)."""

import pandas as pd
import streamlit as st

from omrademonitor.exports import safe_file_name, to_csv, to_excel
from omrademonitor.i18n import t


def download_pair(figures: pd.DataFrame, name: str, lang: str):
    """A note on the files' layout, then a CSV and an Excel button for the same figures; returns the
    two columns, so a page can put more buttons under them."""
    st.caption(t("download_numbers_note", lang))
    left, right = st.columns(2)
    left.download_button(t("download_csv", lang), to_csv(figures), safe_file_name(name, "csv"), "text/csv")
    right.download_button(t("download_excel", lang), to_excel(figures), safe_file_name(name, "xlsx"))
    return left, right
