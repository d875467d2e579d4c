"""Accessibility statement (tilgjengelighetserklæring) in the form uutilsynet asks public bodies to use."""

from importlib.metadata import PackageNotFoundError, version

import streamlit as st

from omrademonitor import labels
from omrademonitor.accessibility import KNOWN_ISSUES, STATEMENT_DATE
from omrademonitor.i18n import t
from omrademonitor.presentation.formatting import format_date
from ui import cached
from ui.chrome import current_language

lang = current_language()
st.title(t("a11y_title", lang))
st.markdown(t("a11y_intro", lang))

st.header(t("status", lang))
st.markdown(t("a11y_status", lang))

st.header(t("a11y_not_met_heading", lang))
st.markdown(t("a11y_not_met_intro", lang))
lines = []
for issue in KNOWN_ISSUES:
    how = t("a11y_found_by_axe", lang, rule=issue.axe_rule) if issue.axe_rule else t("a11y_found_by_review", lang)
    text = t(labels.KNOWN_ISSUE_LABEL_KEYS[issue.id], lang).replace("<", "&lt;")
    lines.append(f"- **{t('a11y_criterion', lang, criterion=issue.criterion)}** ({how}): {text}")
st.markdown("\n".join(lines))

st.header(t("a11y_done_heading", lang))
st.markdown(t("a11y_done", lang))

st.header(t("a11y_method_heading", lang))
try:
    axe = f"axe-playwright-python {version('axe-playwright-python')}"
except PackageNotFoundError:  # a deployment without the test tools still names the tool
    axe = "axe-core"
st.markdown(t("a11y_method", lang, axe=axe))

st.header(t("a11y_feedback_heading", lang))
contact = cached.settings().feedback_contact.replace("<", "&lt;") or t("a11y_no_contact", lang)
st.markdown(t("a11y_feedback", lang, contact=contact))
st.markdown(t("a11y_complaint", lang))
st.caption(t("a11y_dates", lang, date=format_date(STATEMENT_DATE, lang)))
