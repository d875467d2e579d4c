"""Import: upload a file, map its columns, see the validation report, confirm. Editors only."""

import streamlit as st

from omrademonitor.access import AccessDenied, Permission
from omrademonitor.i18n import t
from omrademonitor.importing import ImportRefused, commit
from omrademonitor.importing.boundaries import commit_boundaries, is_boundary_file
from omrademonitor.ingest import WriteError
from omrademonitor.uploads import UploadError, check_upload
from omrademonitor.views import batches_table
from ui import cached
from ui.chrome import current_language, guard
from ui.import_forms import boundary_form, table_form
from ui.writes import show_write_error

lang = current_language()
actor = guard(Permission.IMPORT)
database = cached.store()
_, registry = cached.definitions()
st.title(t("import_title", lang))
st.caption(t("import_intro", lang))

upload = st.file_uploader(t("choose_file", lang), type=["csv", "txt", "xlsx", "json", "geojson", "gpkg", "zip"])
if upload is not None:
    try:
        name = check_upload(upload.name, upload.size, cached.settings())
    except UploadError as exc:
        st.error(str(exc))
        st.stop()
    data = upload.getvalue()
    accept = st.checkbox(t("accept_valid_rows", lang), key="accept_valid")
    if is_boundary_file(name, data):
        prepared, commit_step = boundary_form(data, name, lang), commit_boundaries
    else:
        prepared, commit_step = table_form(data, name, registry, lang), commit
    st.subheader(t("validation_report", lang))
    if prepared.issues:
        st.error(t("problems_found", lang, count=len(prepared.issues)))
        st.dataframe(prepared.report(lang), hide_index=True, width="stretch")
    else:
        st.success(t("no_problems", lang))
    if st.button(t("confirm_import", lang), type="primary", key="confirm_import"):
        try:
            batch = database.write(lambda writer: commit_step(writer, prepared, actor, accept))
            st.success(t("imported_as", lang, batch=batch))
        except ImportRefused as exc:
            st.error(t("import_refused", lang, count=len(exc.issues)))
        except (WriteError, AccessDenied) as exc:
            show_write_error(exc, lang)

st.subheader(t("batches", lang))
batches = cached.batches(cached.data_version())
st.dataframe(batches_table(batches, lang), hide_index=True, width="stretch")
active = batches.loc[batches["rolled_back_at"].isna() & (batches["kind"] != "areas"), "batch_id"].tolist()
left, right = st.columns([3, 1])
chosen = left.selectbox(t("rollback_batch", lang), active[::-1], key="rollback_choice")
if right.button(t("roll_back", lang), key="roll_back") and chosen is not None:
    try:
        database.write(lambda writer: writer.rollback_batch(int(chosen), actor))
        st.success(t("rolled_back_msg", lang, batch=chosen))
    except (WriteError, AccessDenied) as exc:
        show_write_error(exc, lang)
