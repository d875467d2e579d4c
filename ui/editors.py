"""Small editing forms shared by pages; every change goes through the core's audited writer."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from omrademonitor.access import AccessDenied, Principal
from omrademonitor.i18n import t
from omrademonitor.writer import WriteError
from ui import cached
from ui.writes import clear_after_saving, show_saved_message, show_write_error


def event_editor(actor: Principal, programme_id: str, events, lang: str) -> None:
    """Add or delete the events drawn on every time series."""
    show_saved_message()
    with st.form("add_event"):
        year = st.number_input(t("year", lang), 1990, 2100, dt.date.today().year, key="event_year")
        title_nb = st.text_input(t("event_title_nb", lang), key="event_title_nb")
        title_en = st.text_input(t("event_title_en", lang), key="event_title_en")
        submitted = st.form_submit_button(t("add_event", lang))
        if submitted and _write(lambda w: w.add_event(programme_id, int(year), title_nb, title_en, actor), lang):
            clear_after_saving(["event_title_nb", "event_title_en"], t("saved", lang))
    labels = {e.event_id: f"{e.year}: {e.title_en if lang == 'en' else e.title_nb}" for e in events.itertuples()}
    chosen = st.selectbox(t("delete_event", lang), list(labels), format_func=labels.get, key="event_delete")
    if st.button(t("delete_event", lang), key="event_delete_button") and chosen is not None:
        _write(lambda w: w.delete_event(int(chosen), actor), lang)


def _write(action, lang: str) -> bool:
    try:
        cached.database().write(action)
    except (WriteError, AccessDenied) as exc:
        show_write_error(exc, lang)
        return False
    st.success(t("saved", lang))
    return True
