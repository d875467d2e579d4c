"""Import: upload a file, map its columns, see the validation report, confirm. Editors only."""

import streamlit as st

from omrademonitor.access import AccessDenied, Permission
from omrademonitor.i18n import t
from omrademonitor.importing import ImportRefused, ImportSpec, commit, prepare
from omrademonitor.importing.boundaries import commit_boundaries, is_boundary_file, prepare_boundaries
from omrademonitor.importing.readers import ReadError, read_table
from omrademonitor.importing.spec import FIELDS, guess_spec, parse_filters, year_columns
from omrademonitor.ingest import WriteError
from omrademonitor.uploads import UploadError, check_upload
from omrademonitor.views import batches_table, shapes
from ui import cached
from ui.chrome import current_language, guard

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
        level = st.selectbox(
            t("choose_level", lang),
            ["levekarssone", "bydel", "kommune", "grunnkrets"],
            format_func=lambda lv: t(f"level_{lv}", lang),
            key="boundary_level",
        )
        code_column = st.text_input(t("code_column", lang), key="boundary_code_column") or None
        prepared = prepare_boundaries(
            data, name, level, database.query("areas"), shapes(database, "levekarssone"), code_column
        )
        st.write(t("boundary_summary", lang, shapes=len(prepared.shapes), areas=len(prepared.new_areas)))
        commit_step = commit_boundaries
    else:
        try:
            table = read_table(data, name)
        except ReadError as exc:
            st.error(exc.issue.message(lang))
            st.stop()
        left, right = st.columns(2)
        sheet = left.selectbox(t("sheet", lang), table.sheets, key="sheet") if table.sheets else None
        header_row = right.number_input(t("header_row", lang), min_value=0, value=0, key="header_row") or None
        try:
            table = read_table(data, name, sheet, header_row)
        except ReadError as exc:
            st.error(exc.issue.message(lang))
            st.stop()
        guess = guess_spec(table.frame)
        indicator = st.selectbox(
            t("indicator", lang),
            [None, *registry.ids()],
            key="import_indicator",
            format_func=lambda i: t("from_column", lang) if i is None else registry[i].name.get(lang),
        )
        choices = [None, *table.frame.columns]
        cols = st.columns(4)
        columns = {
            field: cols[i % 4].selectbox(
                t(f"field_{field}", lang),
                choices,
                key=f"map_{field}",
                index=choices.index(guess.column(field)) if guess.column(field) else 0,
                format_func=lambda c: "–" if c is None else str(c),
            )
            for i, field in enumerate(FIELDS)
        }
        if columns["period"] is None and year_columns(table.frame):
            st.caption(t("year_columns_used", lang, columns=", ".join(map(str, year_columns(table.frame)))))
        filters = st.text_area(t("filters", lang), key="filters", help=t("filters_help", lang))
        sum_rows = st.checkbox(t("sum_rows", lang), key="sum_rows")
        skip_unknown = st.checkbox(t("skip_unknown_areas", lang), key="skip_unknown")
        source = st.text_input(t("source", lang), key="import_source")
        spec = ImportSpec(
            indicator_id=indicator,
            columns=columns,
            sheet=sheet,
            header_row=header_row,
            filters=parse_filters(filters),
            sum_rows=sum_rows,
            skip_unknown_areas=skip_unknown,
            source=source,
        )
        prepared = prepare(data, name, spec, registry, set(database.query("areas")["code"]))
        st.subheader(t("preview", lang))
        st.dataframe(prepared.observations.head(20), hide_index=True, width="stretch")
        st.write(
            t(
                "rows_summary",
                lang,
                read=prepared.rows_read,
                ok=len(prepared.observations),
                skipped=prepared.rows_skipped,
            )
        )
        commit_step = commit
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
            st.error(str(exc))

st.subheader(t("batches", lang))
batches = database.query("batches")
st.dataframe(batches_table(batches, lang), hide_index=True, width="stretch")
active = batches.loc[batches["rolled_back_at"].isna() & (batches["kind"] != "areas"), "batch_id"].tolist()
left, right = st.columns([3, 1])
chosen = left.selectbox(t("rollback_batch", lang), active[::-1], key="rollback_choice")
if right.button(t("roll_back", lang), key="roll_back") and chosen is not None:
    try:
        database.write(lambda writer: writer.rollback_batch(int(chosen), actor))
        st.success(t("rolled_back_msg", lang, batch=chosen))
    except (WriteError, AccessDenied) as exc:
        st.error(str(exc))
