"""An import's problems as people read them: each typed problem (``importing.issues.Issue``: code,
params, file, sheet, row, column, value, count) as the located message "file, row, column (value):
reason", as a row of the validation report, and the import's other notes (footnotes left out, nothing
changed), in the user's language; and the template of the register of measures with its column help.

The core only records what went wrong; the command line, the import page and the measures form render
it here. Values and names are written as ``issues.shown`` escapes them, so a look-alike character can
be told apart in the message.
"""

from __future__ import annotations

import io

import pandas as pd

from omrademonitor import labels
from omrademonitor.errors import NothingChanged
from omrademonitor.i18n import t
from omrademonitor.importing.issues import Figure, Issue, grouped, place, shown
from omrademonitor.importing.measures import COLUMNS as MEASURE_COLUMNS
from omrademonitor.importing.measures import example_measure
from omrademonitor.importing.pipeline import Prepared
from omrademonitor.measures import MeasureContext, Problem
from omrademonitor.presentation.formatting import spaced
from omrademonitor.presentation.import_tables import REPORT_COLUMNS

STORED_LANGUAGE = "nb"  # the language rejected rows' reasons are recorded in
FOOTNOTES_SHOWN = 3
SKIPPED_SHOWN = 3


def written_params(params: dict, lang: str) -> dict:
    """A problem's params with its figures written for readers: whole numbers with spaces between
    thousands in both languages (10 000), others with the language's decimal mark (12,5 / 12.5)."""
    return {name: written_figure(value, lang) if isinstance(value, Figure) else value for name, value in params.items()}


def written_figure(figure: Figure, lang: str) -> str:
    """12 000 and 1 234,5 (nb) / 1 234.5 (en); "≥ 2 000" when the true figure may be higher."""
    number = float(figure.value)
    if number.is_integer():
        text = spaced(number)
    else:  # as many decimals as it has (up to six), thousands spaced as in whole numbers
        whole, decimals = f"{number:,.6f}".rstrip("0").split(".")
        text = whole.replace(",", " ") + ("," if lang == "nb" else ".") + decimals
    return f"≥ {text}" if figure.at_least else text


def issue_reason(issue: Issue, lang: str = "en") -> str:
    """Why the row or file was refused, in ``lang``; for a group, how many rows and examples."""
    text = t(labels.ISSUE_MESSAGE_KEYS[issue.code], lang, **written_params(issue.params, lang))
    if issue.count > 1:
        examples = ", ".join(
            f"{row}" + (f" «{shown(value)}»" if value not in (None, "") else "") for row, value in issue.examples
        )
        text += " " + t("import_grouped", lang, count=spaced(issue.count), examples=examples)
    return text


def issue_location(issue: Issue, lang: str = "en") -> str:
    """File, sheet, row and column, as far as known."""
    parts = [issue.file]
    if issue.sheet:
        parts.append(f"{t('sheet', lang)} {shown(issue.sheet)}")
    if issue.row is not None:
        parts.append(f"{t('row', lang)} {issue.row}")
    if issue.column:
        parts.append(f"{t('column', lang)} «{shown(issue.column)}»")
    return ", ".join(parts)


def issue_message(issue: Issue, lang: str = "en") -> str:
    """The whole message: where, what value, and why."""
    value = f" ({t('value', lang).lower()} «{shown(issue.value)}»)" if issue.value not in (None, "") else ""
    return f"{issue_location(issue, lang)}{value}: {issue_reason(issue, lang)}"


def measure_problem_text(problem: Problem, lang: str) -> str:
    """A measure's problem (``measures.problems``) as people read it: the field, then what is wrong."""
    return f"{problem.field}: {t(labels.ISSUE_MESSAGE_KEYS[problem.code], lang, **problem.params)}"


def issue_row(issue: Issue, lang: str = "en") -> dict:
    """The problem as a row of the validation report (and of the recorded rejections)."""
    return {**place(issue), "reason": issue_reason(issue, lang)}


def stored_reason(issue: Issue) -> str:
    """The reason a rejected row is recorded with in the database (``pipeline.commit``'s ``reason``)."""
    return issue_reason(issue, STORED_LANGUAGE)


def problem_report(issues: list[Issue], lang: str = "en") -> pd.DataFrame:
    """The validation report: one line per problem, many problems of one kind as one line."""
    return pd.DataFrame([issue_row(i, lang) for i in grouped(issues)], columns=REPORT_COLUMNS)


def footnotes_note(prepared: Prepared, lang: str = "en") -> str | None:
    """That the notes below the table were left out, and which (None when there were none)."""
    if not prepared.footnotes:
        return None
    rows = sorted(prepared.footnotes)
    notes = "; ".join(f"{row}: «{shown(prepared.footnotes[row])}»" for row in rows[:FOOTNOTES_SHOWN])
    more = "; …" if len(rows) > FOOTNOTES_SHOWN else ""
    return t("import_footnotes_left_out", lang, count=len(rows), notes=notes + more)


def skipped_areas_note(prepared, lang: str = "en") -> str | None:
    """How many boundary features were left out as areas the monitor does not know, with the first few
    (row and value); None when none were (``PreparedBoundaries.skipped``)."""
    if not prepared.skipped:
        return None
    examples = ", ".join(
        t("boundary_skipped_example", lang, row=row, value=shown(value))
        for row, value in prepared.skipped[:SKIPPED_SHOWN]
    )
    more = ", …" if len(prepared.skipped) > SKIPPED_SHOWN else ""
    return t("boundary_skipped", lang, count=len(prepared.skipped), examples=examples + more)


def nothing_changed_text(exc: NothingChanged, lang: str = "en") -> str:
    """Why an import changed nothing, in ``lang``."""
    if exc.batch is not None:
        return t("import_nothing_changed_same_file", lang, batch=exc.batch, figures=spaced(exc.figures))
    return t("import_nothing_changed", lang, figures=spaced(exc.figures))


def measures_template(context: MeasureContext, lang: str) -> bytes:
    """An Excel workbook to fill in: the measures sheet with every column and an example row, and a
    sheet explaining the columns in ``lang``."""
    columns = list(MEASURE_COLUMNS)
    explanations = pd.DataFrame(
        {
            t("column", lang): columns,
            t("measure_column_help_title", lang): [t(labels.MEASURE_COLUMN_LABEL_KEYS[c], lang) for c in columns],
        }
    )
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        pd.DataFrame([example_measure(context)], columns=columns).to_excel(writer, sheet_name="measures", index=False)
        explanations.to_excel(writer, sheet_name="help", index=False)
    return buffer.getvalue()
