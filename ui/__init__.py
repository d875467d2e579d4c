"""Streamlit layer: caching around the core, and the common page furniture."""
