"""Import: upload a file, map its columns, see the validation report, confirm. Editors only."""

from functools import partial

import streamlit as st

from omrademonitor.access import AccessDenied
from omrademonitor.i18n import t
from omrademonitor.importing import ImportRefused, NothingChanged, commit
from omrademonitor.importing.boundaries import commit_boundaries, is_boundary_file
from omrademonitor.importing.issues import grouped
from omrademonitor.presentation.import_messages import nothing_changed_text, stored_reason
from omrademonitor.presentation.refusals import refusal_text
from omrademonitor.presentation.tables import batches_table
from omrademonitor.uploads import UploadError, check_upload
from omrademonitor.writer import WriteError
from ui import cached
from ui.chrome import current_language, guard
from ui.import_forms import boundary_form, rollback_form, table_form, validation_report
from ui.writes import show_write_error

lang = current_language()
actor = guard()
database = cached.database()
_, registry = cached.definitions()
st.title(t("import_title", lang))
st.caption(t("import_intro", lang))

upload = st.file_uploader(t("file", lang), type=["csv", "txt", "xlsx", "json", "geojson", "gpkg", "gml", "zip"])
if upload is not None:
    try:
        name = check_upload(upload.name, upload.size, cached.settings())
    except UploadError as exc:
        st.error(refusal_text(exc, lang))
        st.stop()
    data = upload.getvalue()
    accept = st.checkbox(t("accept_valid_rows", lang), key="accept_valid")
    if is_boundary_file(name, data):
        prepared, commit_step = boundary_form(data, name, lang), commit_boundaries
    else:
        prepared, commit_step = table_form(data, name, registry, lang), partial(commit, reason=stored_reason)
    allowed = validation_report(prepared, accept, lang)
    if st.button(t("confirm_import", lang), type="primary", key="confirm_import", disabled=not allowed):
        try:
            batch = database.write(lambda writer: commit_step(writer, prepared, actor, accept))
            st.success(t("imported_as", lang, batch=batch))
        except NothingChanged as exc:
            st.info(nothing_changed_text(exc, lang))
        except ImportRefused as exc:
            st.error(t("import_refused", lang, count=len(grouped(exc.issues))))
        except (WriteError, AccessDenied) as exc:
            show_write_error(exc, lang)

st.subheader(t("batches", lang))
batches = cached.batches(cached.data_version())
if batches.empty:
    st.caption(t("no_batches", lang))
else:
    st.dataframe(batches_table(batches, lang), hide_index=True, width="stretch")
rollback_form(database, batches, actor, lang)
