"""Writes from the pages: failures shown in the user's language, forms cleared only on success."""

from __future__ import annotations

import streamlit as st

from omrademonitor.errors import DatabaseBusy, Refused
from omrademonitor.i18n import t
from omrademonitor.presentation.refusals import refusal_text

FLASH_KEY = "_saved_flash"


def show_write_error(exc: Refused, lang: str) -> None:
    """Why a write did not happen, in ``lang``: 'busy, try again' as a warning when another write held
    the database, else the refusal's reason as an error."""
    if isinstance(exc, DatabaseBusy):
        st.warning(t("database_busy", lang))
    else:
        st.error(refusal_text(exc, lang))


def clear_after_saving(keys: list[str], message: str) -> None:
    """Empty a form's fields after a successful save and show ``message`` on the fresh page.

    Forms are not cleared on submit, so a failed save (a busy database, a refused value) keeps
    what the user typed.
    """
    for key in keys:
        st.session_state.pop(key, None)
    st.session_state[FLASH_KEY] = message
    st.rerun()


def show_saved_message() -> None:
    """The message left by ``clear_after_saving``, once."""
    message = st.session_state.pop(FLASH_KEY, None)
    if message:
        st.success(message)
