"""The two halves of the import page: mapping a table, and choosing a boundary file's level."""

from __future__ import annotations

import streamlit as st

from omrademonitor.i18n import t
from omrademonitor.importing import ImportSpec, Prepared, prepare
from omrademonitor.importing.boundaries import PreparedBoundaries, prepare_boundaries
from omrademonitor.importing.readers import ReadError, read_table
from omrademonitor.importing.spec import FIELDS, guess_spec, parse_exclusions, parse_filters, year_columns
from omrademonitor.registry import Registry
from omrademonitor.views import shapes
from ui import cached


def boundary_form(data: bytes, name: str, lang: str) -> PreparedBoundaries:
    """Level and code column for a boundary file; returns it read and checked."""
    database = cached.store()
    level = st.selectbox(
        t("choose_level", lang),
        ["levekarssone", "bydel", "kommune", "grunnkrets"],
        format_func=lambda lv: t(f"level_{lv}", lang),
        key="boundary_level",
    )
    code_column = st.text_input(t("code_column", lang), key="boundary_code_column") or None
    prepared = prepare_boundaries(
        data, name, level, cached.areas(cached.data_version()), shapes(database, "levekarssone"), code_column
    )
    st.write(t("boundary_summary", lang, shapes=len(prepared.shapes), areas=len(prepared.new_areas)))
    return prepared


def _table(data: bytes, name: str, lang: str, sheet=None, header_row=None):
    try:
        return read_table(data, name, sheet, header_row)
    except ReadError as exc:
        st.error(exc.issue.message(lang))
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
    spec = ImportSpec(
        indicator_id=indicator,
        columns=columns,
        sheet=sheet,
        header_row=header_row,
        filters=parse_filters(filters),
        exclude=parse_exclusions(filters),
        sum_rows=st.checkbox(t("sum_rows", lang), key="sum_rows"),
        skip_unknown_areas=st.checkbox(t("skip_unknown_areas", lang), key="skip_unknown"),
        source=st.text_input(t("source", lang), key="import_source"),
    )
    prepared = prepare(data, name, spec, registry, set(cached.areas(cached.data_version())["code"]))
    st.subheader(t("preview", lang))
    st.dataframe(prepared.observations.head(20), hide_index=True, width="stretch")
    st.write(
        t("rows_summary", lang, read=prepared.rows_read, ok=len(prepared.observations), skipped=prepared.rows_skipped)
    )
    return prepared
