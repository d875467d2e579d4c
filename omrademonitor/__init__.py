"""Områdemonitor core: programme, geography, indicators, store and analysis. No Streamlit here."""

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
