"""Reading the register of measures from Excel or CSV: one row per measure, every cell checked.

A file with any bad row is refused whole (nothing is written) with an issue per problem that names
the file, sheet, row, column and value. Column headers may be English or Norwegian; statuses,
recommendations and focus areas may be given by id or by their Norwegian or English words.
"""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd

from omrademonitor.importing.cells import NotANumber, parse_number
from omrademonitor.importing.issues import Issue, outline
from omrademonitor.importing.readers import ReadError, read_table
from omrademonitor.measures import (
    Measure,
    MeasureContext,
    MeasureStatus,
    OutputTarget,
    Recommendation,
    problems,
)
from omrademonitor.uploads import display_name

COLUMNS: dict[str, tuple[str, ...]] = {  # canonical column → accepted headers (lower case)
    "measure_id": ("measure_id", "tiltak_id", "id"),
    "title_nb": ("title_nb", "tittel", "tittel_nb", "tiltak"),
    "title_en": ("title_en", "tittel_en"),
    "focus_area": ("focus_area", "innsatsområde", "innsatsomrade"),
    "strategy": ("strategy", "strategi"),
    "districts": ("districts", "områder", "omrader", "område", "omrade"),
    "responsible": ("responsible", "ansvarlig"),
    "partners": ("partners", "samarbeidspartnere", "partnere"),
    "start": ("start", "start_date", "oppstart"),
    "end": ("end", "end_date", "slutt"),
    "budget_planned_nok": ("budget_planned_nok", "budsjett_planlagt", "planlagt_budsjett"),
    "budget_spent_nok": ("budget_spent_nok", "budsjett_brukt", "forbruk"),
    "status": ("status",),
    "status_date": ("status_date", "statusdato", "status_dato"),
    "result": ("result", "resultat"),
    "recommendation": ("recommendation", "anbefaling"),
    "output_indicators": ("output_indicators", "prosessindikatorer", "resultatindikatorer"),
}
REQUIRED = ("measure_id", "title_nb", "focus_area", "districts", "status", "status_date")
FIELD_COLUMN = {  # Measure field → canonical column, for locating problems
    "measure_id": "measure_id",
    "title_nb": "title_nb",
    "focus_area": "focus_area",
    "strategy_id": "strategy",
    "area_codes": "districts",
    "end_date": "end",
    "budget_planned_nok": "budget_planned_nok",
    "budget_spent_nok": "budget_spent_nok",
    "outputs": "output_indicators",
    "programme_id": "measure_id",
}
STATUS_WORDS = {
    **{s.value: s for s in MeasureStatus},
    "planlagt": MeasureStatus.PLANNED,
    "pågår": MeasureStatus.IN_PROGRESS,
    "under arbeid": MeasureStatus.IN_PROGRESS,
    "in progress": MeasureStatus.IN_PROGRESS,
    "gjennomført": MeasureStatus.DONE,
    "utført": MeasureStatus.DONE,
    "delvis gjennomført": MeasureStatus.PARTLY_DONE,
    "delvis utført": MeasureStatus.PARTLY_DONE,
    "partly done": MeasureStatus.PARTLY_DONE,
    "ikke gjennomført": MeasureStatus.NOT_DONE,
    "ikke utført": MeasureStatus.NOT_DONE,
    "not done": MeasureStatus.NOT_DONE,
    "endret": MeasureStatus.CHANGED,
    "stanset": MeasureStatus.STOPPED,
    "avsluttet": MeasureStatus.STOPPED,
}
RECOMMENDATION_WORDS = {
    **{r.value: r for r in Recommendation},
    "videreføres": Recommendation.CONTINUE,
    "videreføre": Recommendation.CONTINUE,
    "endres": Recommendation.CHANGE,
    "endre": Recommendation.CHANGE,
    "avsluttes": Recommendation.STOP,
    "avslutte": Recommendation.STOP,
}
OUTPUT_ITEM = re.compile(r"^\s*([a-z0-9_]+)\s*(?:=\s*([^@]+?)\s*@\s*(\d{4}))?\s*$")


class MeasuresRefused(Exception):
    """The file was not imported; ``issues`` say why, each with its location."""

    def __init__(self, issues: list[Issue]) -> None:
        super().__init__(outline(issues))
        self.issues = issues


def read_measures(data: bytes, name: str, context: MeasureContext, sheet: str | None = None) -> list[Measure]:
    """Every measure in the file, checked; raises MeasuresRefused listing every problem."""
    file = display_name(name)
    try:
        table = read_table(data, file, sheet=sheet)
    except ReadError as exc:
        raise MeasuresRefused([exc.issue]) from exc
    headers = _match_headers(list(table.columns))
    missing = [c for c in REQUIRED if c not in headers]
    if missing:
        raise MeasuresRefused(
            [Issue(file, "measure_missing_columns", sheet=table.sheet, params={"columns": ", ".join(missing)})]
        )
    issues: list[Issue] = []
    measures: list[Measure] = []
    seen: dict[str, int] = {}
    try:
        rows = list(table.rows())  # a register has hundreds of rows, not millions
    except ReadError as exc:
        raise MeasuresRefused([exc.issue]) from exc
    for row_number, values in rows:
        raw = dict(zip(table.columns, values, strict=True))
        cells = {column: _text(raw[header]) for column, header in headers.items()}
        row_issues: list[Issue] = []

        problem = _reporter(row_issues, headers, file=file, row=row_number, sheet=table.sheet)

        measure = _measure(cells, context, problem)
        if measure is not None:
            for found in problems(measure, context):
                column = FIELD_COLUMN.get(found.field, found.field)
                problem(column, found.code, cells.get(column), **found.params)
            if measure.measure_id in seen:
                problem("measure_id", "measure_duplicate_id", measure.measure_id, first=seen[measure.measure_id])
            seen.setdefault(measure.measure_id, row_number)
        if row_issues:
            issues.extend(row_issues)
        elif measure is not None:
            measures.append(measure)
    if issues:
        raise MeasuresRefused(issues)
    if not measures:
        raise MeasuresRefused([Issue(file, "empty_file", sheet=table.sheet)])
    return measures


def _reporter(found: list[Issue], headers: dict[str, str], **where):
    """A function that records one problem of a row at a canonical column."""

    def problem(column: str, code: str, shown: str | None = None, **params) -> None:
        found.append(Issue(code=code, column=headers.get(column, column), value=shown, params=params, **where))

    return problem


def _match_headers(columns: list[str]) -> dict[str, str]:
    """Canonical column → the file's header, for the columns the file has."""
    found = {}
    for header in columns:
        key = str(header).strip().lower().replace(" ", "_")
        for canonical, accepted in COLUMNS.items():
            if key in accepted or key.replace("_", " ") in accepted:
                found.setdefault(canonical, header)
    return found


def _text(cell) -> str | None:
    if cell is None or (isinstance(cell, float) and pd.isna(cell)):
        return None
    if isinstance(cell, dt.datetime):
        return cell.date().isoformat()
    if isinstance(cell, dt.date):
        return cell.isoformat()
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    text = str(cell).strip()
    return text or None


def _measure(cells: dict, context: MeasureContext, problem) -> Measure | None:
    """Parse one row's cells; report each unparseable cell and return None if any."""
    failed = []

    def fail(column, code, **params):
        failed.append(column)
        problem(column, code, cells.get(column), **params)

    for column in REQUIRED:
        if not cells.get(column):
            fail(column, "measure_required")
    status = STATUS_WORDS.get((cells.get("status") or "").lower()) if cells.get("status") else None
    if cells.get("status") and status is None:
        fail("status", "measure_unknown_status", known=", ".join(s.value for s in MeasureStatus))
    recommendation = None
    if cells.get("recommendation"):
        recommendation = RECOMMENDATION_WORDS.get(cells["recommendation"].lower())
        if recommendation is None:
            fail("recommendation", "measure_unknown_recommendation", known=", ".join(r.value for r in Recommendation))
    dates = {}
    for column in ("start", "end", "status_date"):
        dates[column] = None
        if cells.get(column):
            try:
                dates[column] = parse_date(cells[column])
            except ValueError:
                fail(column, "measure_bad_date")
    budgets = {}
    for column in ("budget_planned_nok", "budget_spent_nok"):
        budgets[column] = None
        if cells.get(column):
            try:
                budgets[column] = parse_number(cells[column])
            except NotANumber:
                fail(column, "not_a_number")
    outputs = ()
    if cells.get("output_indicators"):
        try:
            outputs = parse_outputs(cells["output_indicators"])
        except ValueError:
            fail("output_indicators", "measure_bad_outputs")
    focus_area = _focus_area(cells.get("focus_area"), context)
    if failed:
        return None
    return Measure(
        measure_id=cells["measure_id"],
        programme_id=context.programme.id,
        focus_area=focus_area,
        title_nb=cells["title_nb"],
        title_en=cells.get("title_en"),
        strategy_id=cells.get("strategy"),
        area_codes=tuple(_district(d, context) for d in _split(cells["districts"])),
        responsible=cells.get("responsible"),
        partners=tuple(_split(cells.get("partners"), ";")),
        start_date=dates["start"],
        end_date=dates["end"],
        budget_planned_nok=budgets["budget_planned_nok"],
        budget_spent_nok=budgets["budget_spent_nok"],
        status=status,
        status_date=dates["status_date"],
        result=cells.get("result"),
        recommendation=recommendation,
        outputs=outputs,
    )


def parse_date(text: str) -> dt.date:
    """A day from ISO '2024-03-01' or Norwegian '01.03.2024'."""
    text = text.strip()
    match = re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", text)
    if match:
        return dt.date(int(match[3]), int(match[2]), int(match[1]))
    return dt.date.fromisoformat(text[:10])


def parse_outputs(text: str) -> tuple[OutputTarget, ...]:
    """Output indicators written ``id`` or ``id=target@year``, separated by ';'."""
    targets = []
    for item in _split(text, ";"):
        match = OUTPUT_ITEM.match(item)
        if not match:
            raise ValueError(item)
        value = None
        if match[2] is not None:
            try:
                value = parse_number(match[2])
            except NotANumber as exc:
                raise ValueError(item) from exc
        targets.append(OutputTarget(match[1], value, int(match[3]) if match[3] else None))
    return tuple(targets)


def format_outputs(outputs) -> str:
    """The inverse of ``parse_outputs``."""
    return "; ".join(
        o.indicator_id if o.target_value is None else f"{o.indicator_id}={o.target_value:g}@{o.target_year}"
        for o in outputs
    )


def _split(text: str | None, separators: str = ";,") -> list[str]:
    if not text:
        return []
    return [part.strip() for part in re.split(f"[{re.escape(separators)}]", text) if part.strip()]


def _district(text: str, context: MeasureContext) -> str:
    """An area code from a code or a programme area's name (checked later against the programme)."""
    for area in context.programme.programme_areas:
        if text.lower() in (area.area_code.lower(), area.name.lower()):
            return area.area_code
    return text


def _focus_area(text: str | None, context: MeasureContext) -> str | None:
    """A focus area id from its id, its number or its name in either language."""
    if not text:
        return None
    for focus in context.programme.focus_areas:
        if text.lower() in (focus.id, str(focus.number), focus.name.nb.lower(), focus.name.en.lower()):
            return focus.id
    return text


def example_measure(context: MeasureContext) -> dict:
    """The example row of the template (``presentation.import_messages.measures_template``): a measure
    of the programme's first focus area and strategy, in every programme area."""
    return {
        "measure_id": "m-example",
        "title_nb": "Eksempeltiltak",
        "title_en": "Example measure",
        "focus_area": context.programme.focus_areas[0].id,
        "strategy": next(iter(context.goals.strategies()), ""),
        "districts": "; ".join(a.name for a in context.programme.programme_areas),
        "status": MeasureStatus.PLANNED.value,
        "status_date": dt.date(2025, 1, 1).isoformat(),
        "recommendation": Recommendation.CONTINUE.value,
    }
