"""Who is using the app: local login (kept by a signed session cookie), OIDC through st.login, or
anonymous reading.

Every run re-checks the identity: a local session against the server's session list (so a logout
anywhere ends it), an OIDC login against the users table. Cookies are written by a small script
(``st.html``) because Streamlit only reads them (``st.context.cookies``).
"""

from __future__ import annotations

import hashlib
import json
import logging
import sqlite3
import time
import uuid
from urllib.parse import unquote

import streamlit as st

from omrademonitor import labels
from omrademonitor.access import ANONYMOUS, Principal
from omrademonitor.accounts import IdentityRefused, authenticate, local_principal, provider_principal
from omrademonitor.i18n import t
from omrademonitor.presentation.refusals import refusal_text
from omrademonitor.sessions import COOKIE_NAME, SessionError, SessionStore
from omrademonitor.store import database_path
from ui import cached

SESSION_KEY = "principal"
TOKEN_KEY = "session_token"
SCRIPT_KEY = "_auth_cookie_script"
REFUSAL_KEY = "_oidc_refusal"  # why the provider login gives no access: an IdentityRefused
NEXT_COOKIE = "omrademonitor_next"
NEXT_MAX_AGE_S = 900
STORE_ERRORS = (SessionError, OSError, sqlite3.Error)  # the session files cannot be used
log = logging.getLogger("omrademonitor.auth")


@st.cache_resource
def session_store() -> SessionStore:
    """The server's list of local-login sessions, beside the database."""
    return SessionStore(database_path(), cached.settings().session_hours * 3600)


def _cookie_js(name: str, value: str, max_age: int) -> str:
    """A script that sets (or, with max_age 0, deletes) a cookie for the whole app."""
    return (
        f"document.cookie = {json.dumps(name)} + '=' + {json.dumps(value)} + '; Path=/; Max-Age={max_age}"
        "; SameSite=Lax' + (location.protocol === 'https:' ? '; Secure' : '');"
    )


def _queue_script(script: str) -> None:
    st.session_state[SCRIPT_KEY] = st.session_state.get(SCRIPT_KEY, "") + script


def render_cookie_script(session_cookie: bool = True) -> None:
    """Send this run's cookie changes to the browser. With ``session_cookie``, also (again) the session
    cookie whenever the browser's, as it was when this tab connected, differs from the session's: a
    script that a quick rerun kept from running gets its next chance, and an unchanged one is not
    run twice (the element stays)."""
    script = st.session_state.pop(SCRIPT_KEY, "")
    if session_cookie:
        seen = st.context.cookies.get(COOKIE_NAME)
        token = st.session_state.get(TOKEN_KEY)
        if token and token != seen:
            remaining = int(token.split(".")[1]) - int(time.time())
            script = _cookie_js(COOKIE_NAME, token, max(remaining, 0)) + script
        elif seen and not token:
            script = _cookie_js(COOKIE_NAME, "", 0) + script
    if script:
        script = script.replace("<", "\\u003c")  # nothing in it can close the script element
        with st.sidebar:
            st.html(f"<script>{script}</script>", unsafe_allow_javascript=True, width=1)


def provider_logged_in() -> bool:
    """Whether Streamlit's identity cookie says the provider logged someone in (False, not an error,
    when secrets.toml has no ``[auth]``)."""
    return bool(st.user.to_dict().get("is_logged_in"))


def _oidc_login_key(user) -> str:
    """Names one provider login (subject, issue time, nonce), so a logout can revoke it server-side."""
    parts = [str(user.get(k, "")) for k in ("iss", "sub", "iat", "nonce")]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


def identity_claim(provider: str | None) -> str:
    """The claim that names a person for ``provider``: ``identity_claim`` in its ``[auth.<name>]`` block
    of secrets.toml (the ``[auth]`` block for the default provider), else ``email``."""
    try:
        section = st.secrets.get("auth", {})
        if provider and provider != "default":
            section = section.get(provider, {})
        return str(section.get("identity_claim", "email"))
    except (FileNotFoundError, AttributeError):
        return "email"


def _local_session() -> Principal | None:
    token = st.session_state.get(TOKEN_KEY) or st.context.cookies.get(COOKIE_NAME)
    if not token:
        return None
    try:
        username = session_store().verify(token)
    except STORE_ERRORS:
        log.exception("session store unusable")
        return None
    principal = local_principal(cached.database(), username) if username else None
    if principal is None:
        st.session_state.pop(TOKEN_KEY, None)
        return None
    st.session_state[TOKEN_KEY] = token
    return principal


def _oidc_session(settings) -> Principal | None:
    st.session_state.pop(REFUSAL_KEY, None)
    if not provider_logged_in():
        return None
    user = st.user.to_dict()
    login_age_s = time.time() - float(user.get("iat") or time.time())
    ended = login_age_s > settings.session_hours * 3600 or session_store_revoked(_oidc_login_key(user))
    claim = identity_claim(user.get("provider"))
    try:
        return provider_principal(cached.database(), user, claim, settings.oidc_default_role, ended=ended)
    except IdentityRefused as refused:
        log.warning("OIDC login refused (%s, claim %s, sub %s)", refused.reason, claim, user.get("sub"))
        st.session_state[REFUSAL_KEY] = refused.with_traceback(None)  # not the frames (claims, database) behind it
        return None


def session_store_revoked(key: str) -> bool:
    """Whether this provider login was logged out; True (fail closed) when that cannot be checked."""
    try:
        return session_store().is_revoked(key)
    except STORE_ERRORS:
        log.exception("session store unusable; provider login refused")
        return True


def current_principal() -> Principal | None:
    """The logged-in principal, else the anonymous reader where this deployment allows it, else None."""
    settings = cached.settings()
    principal = _oidc_session(settings) if settings.auth == "oidc" else _local_session()
    if principal is None:
        st.session_state.pop(SESSION_KEY, None)
        return ANONYMOUS if settings.anonymous_read else None
    st.session_state[SESSION_KEY] = principal
    return principal


def logged_in(principal: Principal | None) -> bool:
    return principal is not None and principal.via != "anonymous"


def who_caption(principal: Principal | None, lang: str) -> str:
    """ "Logged in as …" for a user; the anonymous-reading note otherwise."""
    if not logged_in(principal):
        return t("not_logged_in", lang)
    return t("logged_in_as", lang, name=principal.label, role=t(labels.ROLE_LABEL_KEYS[principal.role], lang))


def _log_in_local() -> None:
    """Form callback: check the password, start a session and set its cookie."""
    username = st.session_state.get("login_username", "")
    found = authenticate(cached.database(), username, st.session_state.get("login_password", ""))
    st.session_state["login_password"] = ""
    if found is None:
        st.session_state["_login_failed"] = True
        return
    try:
        token = session_store().issue(found.username)
    except STORE_ERRORS:
        st.session_state["_login_error"] = _log_error("could not start a session")
        return
    st.session_state[TOKEN_KEY] = token  # the entry point then sets the cookie


def _log_out_local() -> None:
    """Button callback: revoke the session on the server and delete its cookie."""
    token = st.session_state.pop(TOKEN_KEY, None) or st.context.cookies.get(COOKIE_NAME)
    st.session_state.pop(SESSION_KEY, None)
    if token:
        try:
            session_store().revoke(token)
        except STORE_ERRORS:
            _log_error("could not revoke a session")
    _queue_script(_cookie_js(COOKIE_NAME, "", 0))  # also when this tab connected without the cookie


def _log_error(what: str) -> str:
    """Log the exception being handled with a short id, and return the id to show the user."""
    error_id = uuid.uuid4().hex[:8]
    log.exception("%s [error id %s]", what, error_id)
    return error_id


def _oidc_log_in(settings, lang: str) -> None:
    """Start the provider's login; any failure becomes a friendly message with an error id."""
    try:
        st.login(settings.oidc_provider or None)
    except Exception:  # configuration or missing packages: the details go to the log
        st.error(t("login_error", lang, error_id=_log_error("st.login failed")), icon=":material/error:")


def _oidc_log_out() -> None:
    """End the provider login: revoke it server-side, then let Streamlit clear its cookies (no rerun)."""
    if provider_logged_in():
        try:
            session_store().revoke_key(_oidc_login_key(st.user.to_dict()))
        except STORE_ERRORS:
            _log_error("could not record the logout")
    st.session_state.pop(SESSION_KEY, None)
    st.logout()


def logout_button(principal: Principal | None, lang: str, key: str = "logout") -> None:
    """A logout button for anyone logged in, with a role or without."""
    if cached.settings().auth == "oidc":
        if provider_logged_in() and st.button(t("log_out", lang), key=key):
            _oidc_log_out()
    elif logged_in(principal):
        st.button(t("log_out", lang), key=key, on_click=_log_out_local)


def login_panel(lang: str) -> None:
    """The local login form, or the identity provider's button (with why someone has no access)."""
    settings = cached.settings()
    if settings.auth == "oidc":
        refusal = st.session_state.get(REFUSAL_KEY)
        if refusal is not None and provider_logged_in():
            st.error(refusal_text(refusal, lang), icon=":material/block:")
            logout_button(None, lang, key="logout_refused")
        elif st.button(t("log_in", lang), key="login_oidc", type="primary"):
            _oidc_log_in(settings, lang)
        return
    with st.form("login", border=True):
        st.text_input(t("username", lang), key="login_username")
        st.text_input(t("password", lang), type="password", key="login_password")
        st.form_submit_button(t("log_in", lang), on_click=_log_in_local)
    if st.session_state.pop("_login_failed", False):
        st.error(t("login_failed", lang))
    error_id = st.session_state.pop("_login_error", None)
    if error_id:
        st.error(t("login_error", lang, error_id=error_id), icon=":material/error:")


def remember_deep_link() -> None:
    """Keep this page's address in a short-lived cookie, to come back to it after the provider's login
    (whose callback always lands on the start page)."""
    _queue_script(
        f"document.cookie = '{NEXT_COOKIE}=' + encodeURIComponent(location.pathname + location.search)"
        f" + '; Path=/; Max-Age={NEXT_MAX_AGE_S}; SameSite=Lax';"
    )


def follow_deep_link(principal: Principal | None) -> None:
    """After a provider login lands on the start page, go on to the page that asked for it."""
    target = st.context.cookies.get(NEXT_COOKIE)
    if not target or not logged_in(principal) or st.session_state.get("_deep_link_done"):
        return
    st.session_state["_deep_link_done"] = True
    target = unquote(target)
    if not target.startswith("/") or target.startswith("//") or "\\" in target:
        return
    _queue_script(_cookie_js(NEXT_COOKIE, "", 0) + f"location.replace({json.dumps(target)});")


def account_panel(lang: str) -> None:
    """The account page: a login form (or the identity provider's button), or who you are and a logout."""
    principal = current_principal()
    if logged_in(principal):
        st.write(who_caption(principal, lang))
        logout_button(principal, lang)
        return
    if principal is None:
        st.info(t("login_required", lang), icon=":material/lock:")
    login_panel(lang)
