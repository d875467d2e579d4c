"""The audit trail: browse and export (admins only). Nothing here can change it."""

import streamlit as st

from omrademonitor.exports import to_csv, to_excel
from omrademonitor.figures import filter_audit
from omrademonitor.i18n import t
from omrademonitor.presentation.tables import audit_table
from omrademonitor.presentation.texts import action_text, actor_text
from ui import cached
from ui.chrome import current_language, guard
from ui.downloads import download_button

lang = current_language()
guard()
st.title(t("audit_title", lang))
st.caption(t("audit_intro", lang))

log = cached.database().query("audit_log")
left, right = st.columns(2)
actors = left.multiselect(
    t("filter_actor", lang),
    sorted(log["actor"].unique()),
    key="audit_actor",
    placeholder=t("all", lang),
    format_func=lambda a: actor_text(a, lang),
)
actions = right.multiselect(
    t("filter_action", lang),
    sorted(log["action"].unique(), key=lambda a: action_text(a, lang)),
    key="audit_action",
    placeholder=t("all", lang),
    format_func=lambda a: action_text(a, lang),
)
shown = filter_audit(log, actors, actions)
if shown.empty:
    st.caption(t("no_audit_rows", lang))
else:
    st.dataframe(audit_table(shown, lang), hide_index=True, width="stretch")
download_button(left, t("download_csv", lang), to_csv(shown), "audit-log.csv", "text/csv", key="audit_csv")
download_button(right, t("download_excel", lang), to_excel(shown, "audit"), "audit-log.xlsx", key="audit_xlsx")
