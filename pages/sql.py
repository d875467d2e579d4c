"""SQL console for researchers: one read-only SELECT at a time on a research copy of the store, each in
a process of its own that is killed at the time limit and cannot use more than the memory limit."""

import streamlit as st

from omrademonitor import labels
from omrademonitor.exports import to_csv
from omrademonitor.i18n import t
from omrademonitor.presentation.formatting import format_number
from omrademonitor.sql_console import EXPORT_FORMATS, ROW_LIMIT, ConsoleError, ConsoleStopped
from ui import cached
from ui.chrome import current_language, guard, require_store
from ui.downloads import download_button


def limit_text(limit: float, lang: str) -> str:
    """A limit as people read it: whole numbers without decimals."""
    return format_number(limit, 0 if float(limit).is_integer() else 1, lang)


lang = current_language()
guard()
require_store(lang)
st.title(t("nav_sql", lang))
console = cached.research_copy(cached.data_version())
st.caption(
    t(
        "sql_intro",
        lang,
        seconds=limit_text(console.time_limit, lang),
        memory=limit_text(console.memory_limit_mb, lang),
        rows=format_number(ROW_LIMIT, 0, lang),
    )
)
with st.expander(t("sql_schema", lang)):
    st.dataframe(console.schema(), hide_index=True, width="stretch")

example = (
    "SELECT a.name, o.period, o.value\nFROM published_observations o JOIN areas a ON a.code = o.area_code\n"
    "WHERE o.indicator_id = 'persistent_low_income' AND a.level = 'levekarssone'\nORDER BY a.name, o.period"
)
with st.form("sql_form"):
    sql = st.text_area(t("sql_query", lang), example, height=160, key="sql_text")
    file_format = st.radio(
        t("sql_download_all", lang),
        ["none", *EXPORT_FORMATS],
        format_func=lambda f: t("sql_file_none", lang) if f == "none" else f.upper() if f == "csv" else "Parquet",
        horizontal=True,
        key="sql_file_format",
    )
    submitted = st.form_submit_button(t("sql_run", lang))
if submitted:
    try:
        result = console.run(sql)
    except ConsoleStopped as exc:
        st.error(t(labels.SQL_STOP_LABEL_KEYS[exc.reason], lang, limit=limit_text(exc.limit, lang), detail=exc.detail))
        st.stop()
    except ConsoleError as exc:
        st.error(t(labels.SQL_ERROR_LABEL_KEYS[exc.kind], lang))
        if exc.engine_message:
            st.caption(t("sql_error_detail", lang))
            st.code(exc.engine_message, language=None, wrap_lines=True)
        st.stop()
    st.caption(t("sql_rows", lang, rows=len(result.frame), seconds=format_number(result.seconds, 2, lang)))
    if result.truncated:
        st.warning(t("sql_truncated", lang, rows=format_number(ROW_LIMIT, 0, lang)))
    st.dataframe(result.frame, hide_index=True, width="stretch")
    download_button(st, t("download_result_csv", lang), to_csv(result.frame), "query.csv", "text/csv")
    if file_format != "none":
        try:
            made = console.export(sql, file_format)
        except ConsoleStopped as exc:
            st.error(
                t(labels.SQL_STOP_LABEL_KEYS[exc.reason], lang, limit=limit_text(exc.limit, lang), detail=exc.detail)
            )
            st.stop()
        except ConsoleError as exc:
            st.error(t(labels.SQL_ERROR_LABEL_KEYS[exc.kind], lang))
            st.stop()
        st.caption(
            t(
                "sql_download_ready",
                lang,
                rows=format_number(made.rows, 0, lang),
                seconds=format_number(made.seconds, 2, lang),
                size=format_number(made.bytes / 1e6, 1, lang),
            )
        )
        name = f"query.{file_format}"
        data = made.path.read_bytes()
        made.path.unlink(missing_ok=True)  # held by the download button from here on
        download_button(st, t("sql_download_button", lang, name=name), data, name, EXPORT_FORMATS[file_format])
