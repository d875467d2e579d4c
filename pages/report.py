"""Status report for review meetings: make a frozen PDF (and its Excel pack) for a reference date,
and fetch or remake the stored ones."""

import datetime as dt

import streamlit as st

from omrademonitor import labels, report
from omrademonitor.access import AccessDenied, Permission
from omrademonitor.errors import WriteError
from omrademonitor.i18n import t
from omrademonitor.pdf import PdfError
from omrademonitor.presentation.refusals import refusal_text
from omrademonitor.presentation.report_document import make_report, report_file_name
from ui import cached
from ui.chrome import dashboard_page, demo_banner
from ui.downloads import download_button
from ui.writes import show_write_error

lang, principal, programme, registry, version, scope = dashboard_page()
st.title(t("nav_report", lang))
demo_banner(lang)
st.caption(t("report_intro", lang))

if principal.can(Permission.EDIT_PROGRAMME):
    with st.form("make_report"):
        left, right = st.columns(2)
        reference = left.date_input(t("reference_date", lang), dt.date.today(), key="report_date")
        languages = right.multiselect(
            t("report_languages", lang), ["nb", "en"], ["nb"], format_func={"nb": "Norsk", "en": "English"}.get
        )
        submitted = st.form_submit_button(t("make_report", lang))
    if submitted:
        for chosen in languages:
            try:
                with st.spinner(f"{t('make_report', lang)} ({chosen})"):
                    report_id, made = report.generate(
                        cached.database(),
                        programme,
                        registry,
                        cached.policy(),
                        reference,
                        chosen,
                        principal,
                        make_report,
                    )
            except (PdfError, WriteError, AccessDenied) as exc:
                show_write_error(exc, lang)
                break
            st.success(t("report_made", lang, id=report_id, pages=made.pages))

st.subheader(t("stored_reports", lang))
stored = cached.database().query("reports", programme_id=programme.id)
if stored.empty:
    st.info(t("no_reports", lang))
    st.stop()
st.dataframe(stored.drop(columns=["pdf_sha256"]), hide_index=True, width="stretch")
stored_labels = {
    int(r.report_id): f"{r.report_id}: {r.reference_date} ({r.lang}), {r.generated_by}" for r in stored.itertuples()
}
chosen_id = st.selectbox(t("stored_reports", lang), list(stored_labels), format_func=stored_labels.get, key="report_id")
row = cached.database().query("report", report_id=chosen_id).iloc[0]
left, middle, right = st.columns(3)
download_button(
    left,
    t("download_pdf", lang),
    bytes(row["pdf"]),
    report_file_name(programme, row["reference_date"], row["lang"], "pdf"),
    "application/pdf",
)
download_button(
    middle,
    t("download_pack", lang),
    bytes(row["workbook"]),
    report_file_name(programme, row["reference_date"], row["lang"], "xlsx"),
)
if principal.can(Permission.EDIT_PROGRAMME) and right.button(t("regenerate", lang), key="regenerate"):
    try:
        with st.spinner(t("regenerate", lang)):
            outcome, _ = report.regenerate(cached.database(), chosen_id, principal, make_report)
    except (PdfError, AccessDenied) as exc:
        st.error(refusal_text(exc, lang))
        st.stop()
    message = {"identical": st.success, "text": st.info, "different": st.error}[outcome]
    message(t(labels.REGENERATED_LABEL_KEYS[outcome], lang))
