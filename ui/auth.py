"""Who is using the app: local login, OIDC through st.login, or anonymous reading."""

from __future__ import annotations

import streamlit as st

from omrademonitor.access import ANONYMOUS, Principal
from omrademonitor.accounts import authenticate, oidc_principal
from omrademonitor.i18n import t
from ui import cached

SESSION_KEY = "principal"


def current_principal() -> Principal | None:
    """The logged-in principal, else the anonymous reader where this deployment allows it, else None."""
    settings = cached.settings()
    principal = st.session_state.get(SESSION_KEY)
    if principal is not None:
        return principal
    if settings.auth == "oidc" and st.user.is_logged_in:
        principal = oidc_principal(
            cached.store(), st.user.get("email"), st.user.get("name", ""), settings.oidc_default_role
        )
        if principal is not None:
            st.session_state[SESSION_KEY] = principal
            return principal
    return ANONYMOUS if settings.anonymous_read else None


def who_caption(principal: Principal | None, lang: str) -> str:
    """ "Logged in as …" for a user; the anonymous-reading note otherwise."""
    if principal is None or principal.via == "anonymous":
        return t("not_logged_in", lang)
    return t("logged_in_as", lang, name=principal.label, role=t(f"role_{principal.role}", lang))


def account_panel(lang: str) -> None:
    """The account page: a login form (or the identity provider's button), or who you are and a logout."""
    principal = current_principal()
    settings = cached.settings()
    if principal is not None and principal.via != "anonymous":
        st.write(who_caption(principal, lang))
        if st.button(t("log_out", lang), key="logout"):
            st.session_state.pop(SESSION_KEY, None)
            if principal.via == "oidc":
                st.logout()
            st.rerun()
        return
    if principal is None:
        st.info(t("login_required", lang), icon=":material/lock:")
    if settings.auth == "oidc":
        if st.user.is_logged_in:
            st.error(t("no_role", lang))
        elif st.button(t("log_in", lang), key="login_oidc", type="primary"):
            st.login(settings.oidc_provider or None)
        return
    with st.form("login", border=True):
        username = st.text_input(t("username", lang), key="login_username")
        password = st.text_input(t("password", lang), type="password", key="login_password")
        submitted = st.form_submit_button(t("log_in", lang))
    if submitted:
        found = authenticate(cached.store(), username, password)
        if found is None:
            st.error(t("login_failed", lang))
        else:
            st.session_state[SESSION_KEY] = found
            st.rerun()
