"""The parts of the import page: mapping a table, choosing a boundary file's level, the
validation report with the confirm button, and a rollback that asks before it undoes."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from omrademonitor import labels
from omrademonitor.access import AccessDenied
from omrademonitor.figures import shapes
from omrademonitor.i18n import t
from omrademonitor.importing import ImportSpec, Prepared, prepare
from omrademonitor.importing.boundaries import PreparedBoundaries, prepare_boundaries
from omrademonitor.importing.issues import grouped
from omrademonitor.importing.readers import ReadError, read_table
from omrademonitor.importing.spec import FIELDS, guess_spec, parse_exclusions, parse_filters, year_columns
from omrademonitor.indicator_registry import Registry
from omrademonitor.presentation.formatting import NO_VALUE, spaced
from omrademonitor.presentation.import_messages import (
    footnotes_note,
    issue_message,
    problem_report,
    skipped_areas_note,
)
from omrademonitor.presentation.import_tables import preview_table, report_table
from omrademonitor.presentation.texts import actor_text
from omrademonitor.vocabulary import MUNICIPAL_LEVELS, AreaLevel
from omrademonitor.writer import WriteError
from ui import cached
from ui.writes import show_write_error

LEVEL_CODES = [level.value for level in MUNICIPAL_LEVELS]


def boundary_form(data: bytes, name: str, lang: str) -> PreparedBoundaries:
    """Level and code column for a boundary file; returns it read and checked."""
    database = cached.database()
    level = st.selectbox(
        t("level", lang),
        LEVEL_CODES,
        index=LEVEL_CODES.index(AreaLevel.LEVEKARSSONE),
        format_func=lambda lv: t(labels.LEVEL_LABEL_KEYS[lv], lang),
        key="boundary_level",
    )
    code_column = st.text_input(t("code_column", lang), key="boundary_code_column") or None
    skip = st.checkbox(t("skip_unknown_areas", lang), key="boundary_skip_unknown")
    prepared = prepare_boundaries(
        data,
        name,
        level,
        cached.areas(cached.data_version()),
        shapes(database, "levekarssone"),
        code_column,
        skip_unknown_areas=skip,
    )
    st.write(t("boundary_summary", lang, shapes=len(prepared.shapes), areas=len(prepared.new_areas)))
    if prepared.skipped:
        st.info(skipped_areas_note(prepared, lang))
    return prepared


def _table(data: bytes, name: str, lang: str, sheet=None, header_row=None):
    try:
        return read_table(data, name, sheet, header_row)
    except ReadError as exc:
        st.error(issue_message(exc.issue, lang))
        st.stop()


def table_form(data: bytes, name: str, registry: Registry, lang: str) -> Prepared:
    """Sheet, header row, indicator and column mapping (guessed first); returns the file prepared."""
    table = _table(data, name, lang)
    left, right = st.columns(2)
    sheet = left.selectbox(t("sheet", lang), table.sheets, key="sheet") if table.sheets else None
    header_row = right.number_input(t("header_row", lang), min_value=0, value=0, key="header_row") or None
    table = _table(data, name, lang, sheet, header_row)
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
            t(labels.IMPORT_FIELD_LABEL_KEYS[field], lang),
            choices,
            key=f"map_{field}",
            index=choices.index(guess.column(field)) if guess.column(field) else 0,
            format_func=lambda c: NO_VALUE if c is None else str(c),
        )
        for i, field in enumerate(FIELDS)
    }
    if columns["period"] is None and year_columns(table.frame):
        st.caption(t("year_columns_used", lang, columns=", ".join(map(str, year_columns(table.frame)))))
    filters = st.text_area(t("filters", lang), key="filters", help=t("filters_help", lang))
    spec = ImportSpec(
        indicator_id=indicator,
        columns=columns,
        sheet=sheet,
        header_row=header_row,
        filters=parse_filters(filters),
        exclude=parse_exclusions(filters),
        sum_rows=st.checkbox(t("sum_rows", lang), key="sum_rows"),
        skip_unknown_areas=st.checkbox(t("skip_unknown_areas", lang), key="skip_unknown"),
        area_level=st.selectbox(
            t("area_level", lang),
            [None, *LEVEL_CODES],
            key="area_level",
            format_func=lambda lv: t("area_level_any", lang) if lv is None else t(labels.LEVEL_LABEL_KEYS[lv], lang),
        ),
        source=st.text_input(t("source", lang), key="import_source"),
    )
    areas = cached.areas(cached.data_version())
    prepared = prepare(data, name, spec, registry, set(areas["code"]), areas=areas)
    st.subheader(t("preview", lang))
    if prepared.row_count == 0:
        st.caption(t("preview_empty", lang))
    else:
        st.dataframe(preview_table(prepared.head(20), registry, lang), hide_index=True, width="stretch")
    st.write(t("rows_summary", lang, read=prepared.rows_read, ok=prepared.row_count, skipped=prepared.rows_skipped))
    if footnotes_note(prepared, lang):
        st.info(footnotes_note(prepared, lang))
    return prepared


def validation_report(prepared, accept: bool, lang: str) -> bool:
    """The problems, grouped (one line per kind with a count and examples); returns whether the
    import may be confirmed: never while problems would refuse it."""
    st.subheader(t("validation_report", lang))
    rejected = [i for i in prepared.issues if not i.fatal]
    if not prepared.issues:
        st.success(t("no_problems", lang))
        return True
    rows = sum(i.count for i in rejected)
    summary = t("problems_in_rows", lang, problems=len(grouped(prepared.issues)), rows=spaced(rows))
    st.error(summary if rows else t("problems_listed", lang, problems=len(grouped(prepared.issues))))
    st.dataframe(report_table(problem_report(prepared.issues, lang), lang), hide_index=True, width="stretch")
    if prepared.fatal or not accept:
        st.caption(t("confirm_blocked", lang))
        return False
    st.warning(t("confirm_leaves_out", lang, rows=spaced(rows)))
    return True


def rollback_form(database, batches, actor, lang: str) -> None:
    """Choose a batch, see what rolling it back will undo, and confirm (or cancel)."""
    active = batches.loc[batches["rolled_back_at"].isna() & (batches["kind"] != "areas"), "batch_id"].tolist()
    left, right = st.columns([3, 1])
    chosen = left.selectbox(t("rollback_batch", lang), active[::-1], key="rollback_choice")
    if right.button(t("roll_back", lang), key="roll_back") and chosen is not None:
        st.session_state["rollback_pending"] = int(chosen)
    pending = st.session_state.get("rollback_pending")
    if pending is None or pending not in active:
        return
    batch = batches.set_index("batch_id").loc[pending]
    what = "rollback_undoes_shapes" if batch["kind"] == "boundaries" else "rollback_undoes_figures"
    st.warning(
        t(
            what,
            lang,
            batch=pending,
            file=batch["source"] if pd.isna(batch["file_name"]) else batch["file_name"],
            when=f"{batch['imported_at']:%d.%m.%Y %H:%M}",
            who=actor_text(batch["imported_by"], lang),
            rows=spaced(batch["rows_accepted"]),
        )
    )
    yes, no = st.columns(2)
    if no.button(t("cancel_rollback", lang), key="cancel_rollback"):
        del st.session_state["rollback_pending"]
        st.rerun()
    if yes.button(t("confirm_rollback", lang, batch=pending), type="primary", key="confirm_rollback"):
        del st.session_state["rollback_pending"]
        try:
            database.write(lambda writer: writer.rollback_batch(pending, actor))
            st.success(t("rolled_back_msg", lang, batch=pending))
        except (WriteError, AccessDenied) as exc:
            show_write_error(exc, lang)
