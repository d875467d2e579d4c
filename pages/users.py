"""Users and roles (admins only)."""

import streamlit as st

from omrademonitor import labels
from omrademonitor.access import AccessDenied, Role
from omrademonitor.accounts import hash_password
from omrademonitor.i18n import t
from omrademonitor.presentation.tables import users_table
from omrademonitor.writer import WriteError
from ui import cached
from ui.chrome import current_language, guard
from ui.writes import clear_after_saving, show_saved_message, show_write_error

lang = current_language()
actor = guard()
database = cached.database()
st.title(t("users_title", lang))
st.caption(t("users_intro", lang))
show_saved_message()

users = database.query("users")
st.dataframe(users_table(users, lang), hide_index=True, width="stretch")
roles = [role.value for role in Role]
role_label = lambda role: t(labels.ROLE_LABEL_KEYS[role], lang)  # noqa: E731

left, right = st.columns(2)
with left.form("new_user"):
    st.subheader(t("new_user", lang))
    username = st.text_input(t("username", lang), key="new_username")
    name = st.text_input(t("display_name", lang), key="new_display_name")
    role = st.selectbox(t("role", lang), roles, format_func=role_label, key="new_role")
    method = st.radio(
        t("login_method", lang),
        list(labels.LOGIN_METHOD_LABEL_KEYS),
        key="new_method",
        format_func=lambda m: t(labels.LOGIN_METHOD_LABEL_KEYS[m], lang),
    )
    password = st.text_input(t("password", lang), type="password", key="new_password")
    if st.form_submit_button(t("create", lang)):
        try:
            password_hash = hash_password(password) if method == "local" else None
            database.write(lambda w: w.create_user(username, Role(role), actor, password_hash, name))
        except (WriteError, AccessDenied) as exc:
            show_write_error(exc, lang)
        else:
            clear_after_saving(["new_username", "new_display_name", "new_password"], t("saved", lang))

with right.form("change_user"):
    st.subheader(t("change_user", lang))
    who = st.selectbox(t("username", lang), users["username"].tolist(), key="change_username")
    current = users.set_index("username").loc[who] if who else None
    new_role = st.selectbox(
        t("role", lang),
        roles,
        format_func=role_label,
        key="change_role",
        index=roles.index(current["role"]) if current is not None else 0,
    )
    active = st.checkbox(
        t("active", lang), value=bool(current["active"]) if current is not None else True, key="change_active"
    )
    new_password = st.text_input(t("new_password", lang), type="password", key="change_password")
    if st.form_submit_button(t("save", lang)) and who:
        try:
            password_hash = hash_password(new_password) if new_password else None
            database.write(lambda w: w.update_user(who, actor, Role(new_role), active, password_hash))
            st.success(t("saved", lang))
        except (WriteError, AccessDenied) as exc:
            show_write_error(exc, lang)
