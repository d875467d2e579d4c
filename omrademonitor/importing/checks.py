"""Checking a table row by row: each row becomes an observation or a located problem.

Rows are streamed from the table. The first MAX_ROW_PROBLEMS problems are listed one by one, the
next ones counted by kind, and checking stops after MAX_COUNTED_PROBLEMS (the file is then refused
whole): a file of millions of bad rows is answered in seconds, with true counts up to that limit.
"""

from __future__ import annotations

import math
from dataclasses import replace

import pandas as pd

from omrademonitor import periods
from omrademonitor.breakdowns import BREAKDOWNS, TOTAL, breakdown_of_column, category_of
from omrademonitor.importing.cells import NotANumber, NotAYear, parse_number, parse_period, symbol_status
from omrademonitor.importing.codes import AreaNames, current_code
from omrademonitor.importing.issues import Figure, Issue, kept
from omrademonitor.importing.limits import MAX_COUNT, MAX_COUNTED_PROBLEMS, MAX_MAGNITUDE, MAX_ROW_PROBLEMS
from omrademonitor.importing.points import PointReading, cleaned, undecided
from omrademonitor.importing.spec import ImportSpec, year_columns
from omrademonitor.importing.table import STATUS_SUFFIX, ReadError, Table
from omrademonitor.importing.totals import is_total, split_columns
from omrademonitor.indicator_registry import Aggregation, Indicator, Registry, Unit
from omrademonitor.schema import NUMBER_COLUMNS, OBSERVATION_COLUMNS

UNIT_WORDS = {
    Unit.PERCENT: {"percent", "prosent", "%", "andel", "pct"},
    Unit.PER_1000: {"per_1000", "per 1000", "per 1 000", "promille", "‰"},
    Unit.COUNT: {"count", "antall", "personer", "persons", "number", "stk"},
    Unit.NOK: {"nok", "kr", "kroner"},
    Unit.YEARS: {"years", "år"},
    Unit.SCORE: {"score", "skår", "poeng"},
    Unit.SQUARE_METRES: {"square_metres", "m2", "m²", "kvadratmeter"},
}
STATUS_WORDS = {
    "final": "final",
    "endelig": "final",
    "provisional": "provisional",
    "foreløpig": "provisional",
    "forelopig": "provisional",
    "suppressed": "suppressed",
    "skjermet": "suppressed",
    "missing": "missing",
    "mangler": "missing",
}
RANGES = {Unit.PERCENT: (0, 100), Unit.PER_1000: (0, 1000)}
COLUMNS = [*OBSERVATION_COLUMNS, "row"]


class _Stop(Exception):
    """Too many problems: checking ends at this row."""

    def __init__(self, row: int) -> None:
        super().__init__(row)
        self.row = row


class RowChecker:
    """Turns table rows into observation rows, collecting a located Issue for every bad cell."""

    def __init__(
        self,
        table: Table,
        spec: ImportSpec,
        registry: Registry,
        area_codes: set[str],
        this_year: int,
        names: AreaNames | None = None,
    ):
        self.table, self.spec, self.registry = table, spec, registry
        self.names = names or AreaNames(None)
        self.area_codes, self.this_year = area_codes, this_year
        self.issues: list[Issue] = []
        self.read = self.skipped = self.filtered = self.problems = 0
        self.unlisted: dict[tuple, Issue] = {}  # problems past MAX_ROW_PROBLEMS: counted per kind, not listed
        self.parts: dict[int, tuple[str, str]] = {}  # rows of a total left out: row → (column, category)
        self.totals_seen: dict[str, tuple[int, str]] = {}  # total categories kept: column → (first row, value)
        self.categories: dict[int, tuple[str, str]] = {}  # rows of indicators with breakdowns: row → part
        self._breakdown_columns: dict[str, list[tuple[str, str]]] = {}
        self.cols = {name: spec.column(name) for name in ("area", *NUMBER_COLUMNS, "status", "unit", "indicator")}
        numbers = [self.cols[c] for c in NUMBER_COLUMNS]
        wide = year_columns(table.frame) if spec.column("period") is None else []
        self.points = PointReading(table, [*numbers, *wide])

    def issue(self, code: str, row: int, column: str | None, value, **params) -> None:
        """Record a problem: the first MAX_ROW_PROBLEMS one by one, the next ones only counted."""
        self.problems += 1
        if len(self.issues) < MAX_ROW_PROBLEMS:
            self.issues.append(Issue(self.table.file, code, row, column, kept(value), self.table.sheet, params))
        else:
            first = self.unlisted.get((code, column))
            if first is None:
                first = Issue(self.table.file, code, row, column, kept(value), self.table.sheet, params, count=0)
            self.unlisted[(code, column)] = replace(first, count=first.count + 1, examples=((first.row, first.value),))
        if self.problems >= MAX_COUNTED_PROBLEMS:
            raise _Stop(row)

    def records(self):
        """(row number, cells, period column or None): one per row, or per row and year column when wide.

        Rows left out by an exclusion only because one column holds its total category are still
        checked, and remembered in ``parts`` (row → column, category), to compare sums with.
        """
        columns = self.table.columns
        position = {c: i for i, c in enumerate(columns)}
        filters = [(position[c], str(wanted)) for c, wanted in self.spec.filters.items()]
        excluded = [(c, position[c], set(values)) for c, values in self.spec.exclude.items() if c in position]
        split = [(c, position[c]) for c in split_columns(columns, self.spec, self.table.frame)]
        wide = year_columns(self.table.frame) if self.spec.column("period") is None else []
        for number, values in self.table.rows():
            if any(str(values[i]).strip() != wanted for i, wanted in filters):
                self.filtered += 1
                continue
            totals = [(c, str(values[i])) for c, i in split if is_total(c, values[i])]
            hits = [c for c, i, left_out in excluded if str(values[i]).strip() in left_out]
            if hits:
                if len(totals) != 1 or hits != [totals[0][0]]:
                    self.filtered += 1
                    continue
                self.parts[number] = totals[0]
            for column, value in totals:
                if column not in self.spec.exclude:
                    self.totals_seen.setdefault(column, (number, value))
            cells = dict(zip(columns, values, strict=True))
            if wide:
                for column in wide:
                    yield number, cells, column
            else:
                yield number, cells, None

    def run(self) -> pd.DataFrame:
        """Every good row as an observation (with its row number); problems collected in ``issues``."""
        out = []
        stopped = None
        try:
            for record in self.records():
                row = self.row(*record)
                if row is not None:
                    out.append(row)
        except _Stop as stop:
            stopped = stop.row
        except ReadError as exc:  # a row further down that cannot be read stops the file
            self.issues.append(exc.issue)
        self.issues.extend(self.unlisted.values())
        if stopped is not None or self.unlisted:
            code, params = "too_many_problems", {"count": Figure(self.problems), "listed": Figure(MAX_ROW_PROBLEMS)}
            if stopped is None:
                code, stopped = "too_many_listed", min(i.row for i in self.unlisted.values())
            self.issues.append(
                Issue(self.table.file, code, row=stopped, sheet=self.table.sheet, whole_file=True, params=params)
            )
        return pd.DataFrame.from_records(out, columns=COLUMNS)

    def row(self, number: int, cells: dict, year_column: str | None) -> tuple | None:
        self.read += 1
        col = self.cols
        indicator = self.indicator(number, cells)
        area_column = col["area"]
        area = current_code(cells[area_column])
        if area not in self.area_codes:
            area = self.names.code(cells[area_column], self.spec.area_level)
        if isinstance(area, list):
            self.issue("ambiguous_area_name", number, area_column, cells[area_column], candidates=", ".join(area))
            return None
        if area is None:
            if self.spec.skip_unknown_areas:
                self.skipped += 1
                return None
            self.issue("unknown_area", number, area_column, cells[area_column])
            return None
        period = self.period(number, cells, year_column, indicator)
        if indicator is not None and indicator.breakdowns and not self.part_of(number, cells, indicator):
            return None
        value_column = year_column or col["value"]
        status = self.status(number, cells, value_column)
        counted = indicator is not None and not indicator.fractional_counts
        value = self.number(number, cells, value_column, counted and indicator.unit == Unit.COUNT)
        numerator = self.number(number, cells, col["numerator"], counted)
        denominator = self.number(number, cells, col["denominator"], counted)
        lower = self.number(number, cells, col["ci_lower"])
        upper = self.number(number, cells, col["ci_upper"])
        if (
            indicator is None
            or period is None
            or value is False
            or numerator is False
            or denominator is False
            or lower is False
            or upper is False
        ):
            return None
        if value is None and numerator is not None and denominator and indicator.aggregation == Aggregation.RATIO:
            value = numerator / denominator * indicator.scale
        if status == "final" and self.marked_suppressed(cells, (value_column, col["numerator"], col["denominator"])):
            status = "suppressed"
        if status in ("suppressed", "missing"):
            value = numerator = denominator = lower = upper = None
        elif value is None:
            status = "missing"
        if not self.plausible(number, cells, indicator, value_column, value, numerator, denominator):
            return None
        return (indicator.id, area, period, value, numerator, denominator, lower, upper, status, number)

    @staticmethod
    def marked_suppressed(cells: dict, columns) -> bool:
        """Whether a value, numerator or denominator cell holds a mark for a hidden figure (':', 'Skjermet')."""
        return any(c is not None and symbol_status(cells.get(c)) == "suppressed" for c in columns)

    def indicator(self, number: int, cells: dict) -> Indicator | None:
        if self.spec.indicator_id is not None:
            indicator = self.registry[self.spec.indicator_id]
        else:
            column = self.cols["indicator"]
            raw = str(cells[column]).strip()
            if raw not in self.registry:
                self.issue("unknown_indicator", number, column, raw)
                return None
            indicator = self.registry[raw]
        unit_column = self.cols["unit"]
        if unit_column and not self.unit_agrees(indicator, cells[unit_column]):
            self.issue("unit_mismatch", number, unit_column, cells[unit_column], expected=indicator.unit.value)
            return None
        return indicator

    def unit_agrees(self, indicator: Indicator, raw) -> bool:
        text = str(raw).strip().lower()
        if not text:
            return True
        matches = [unit for unit, words in UNIT_WORDS.items() if text in words]
        return not matches or indicator.unit in matches

    def period(self, number: int, cells: dict, year_column: str | None, indicator: Indicator | None):
        column = year_column or self.spec.column("period")
        raw = year_column if year_column else cells[column]
        if indicator is not None and not indicator.annual:
            return self.other_period(number, column, raw, indicator)
        try:
            period = parse_period(raw)
        except NotAYear as exc:
            self.issue(f"period_is_{exc.kind}", number, column, raw)
            return None
        except NotANumber:
            self.issue("bad_period", number, column, raw)
            return None
        if indicator is not None and not indicator.first_period <= period <= self.this_year + 1:
            self.issue(
                "period_out_of_range", number, column, raw, first=indicator.first_period, last=self.this_year + 1
            )
            return None
        return period

    def breakdown_columns(self, indicator: Indicator) -> list[tuple[str, str]]:
        """The file's columns that hold a breakdown the indicator declares (SSB's ``Kjonn``, ``Alder``
        or our names), as (column, breakdown). None when rows are added up: then the file's totals
        are guarded as before (``totals.total_in_sum``)."""
        if self.spec.sum_rows:
            return []
        found = self._breakdown_columns.get(indicator.id)
        if found is None:
            found = [
                (column, breakdown)
                for column in self.table.columns
                if (breakdown := breakdown_of_column(column, indicator.breakdowns)) is not None
            ]
            self._breakdown_columns[indicator.id] = found
        return found

    def part_of(self, number: int, cells: dict, indicator: Indicator) -> bool:
        """Which part of the population the row is for, kept in ``categories`` (row → breakdown,
        category): the total when every breakdown column holds its total, else the one category
        given. An unknown category, or a row crossing two breakdowns, is a problem."""
        parts = []
        for column, breakdown in self.breakdown_columns(indicator):
            category = category_of(breakdown, cells[column])
            if category is None:
                known = ", ".join([TOTAL, *(c.id for c in BREAKDOWNS[breakdown].categories)])
                self.issue("unknown_category", number, column, cells[column], breakdown=breakdown, known=known)
                return False
            if category != TOTAL:
                parts.append((breakdown, category, column))
        if len(parts) > 1:
            column = parts[1][2]
            self.issue("crossed_breakdowns", number, column, cells[column], breakdowns=" × ".join(p[0] for p in parts))
            return False
        self.categories[number] = parts[0][:2] if parts else (TOTAL, TOTAL)
        return True

    def other_period(self, number: int, column: str, raw, indicator: Indicator) -> int | None:
        """The sortable reference of a period of the indicator's declared type other than the year
        (omrademonitor.periods); a period of another type is refused saying what was expected."""
        try:
            period = periods.parse_cell(raw, indicator.period_type, indicator.period_span, header=column == raw)
        except periods.PeriodMismatch as exc:
            self.issue(
                "period_type_mismatch",
                number,
                column,
                raw,
                expected=periods.example(indicator.period_type, indicator.period_span),
                found=exc.found or "?",
            )
            return None
        year = periods.year_of(period, indicator.period_type)
        if not indicator.first_period <= year <= self.this_year + 1:
            self.issue(
                "period_out_of_range", number, column, raw, first=indicator.first_period, last=self.this_year + 1
            )
            return None
        return period

    def status(self, number: int, cells: dict, value_column: str | None) -> str:
        status_column = self.cols["status"]
        if status_column:
            raw = str(cells[status_column]).strip()
            symbol = symbol_status(raw) if raw else None
            word = STATUS_WORDS.get(raw.lower(), symbol)
            if raw and word is None:
                self.issue("bad_status", number, status_column, raw)
                return "invalid"
            if word:
                return word
        sibling = f"{value_column}{STATUS_SUFFIX}" if value_column else None
        if sibling and sibling in cells and str(cells[sibling]).strip():
            return symbol_status(cells[sibling]) or "final"
        return "final"

    def number(self, number: int, cells: dict, column: str | None, whole: bool = False):
        """The cell as a float; None when empty or an SSB symbol; False (and an issue) when not a
        number, infinite, larger than any figure the monitor holds, or when its point may be read
        two ways ('1.234') and neither the column nor ``whole`` (a count) says which."""
        if column is None:
            return None
        raw = cells[column]
        if symbol_status(raw) is not None:
            return None
        if undecided(raw):
            reading, seen = self.points.of(column)
            if reading in (None, "conflict") and whole:
                reading = "thousands"
            if reading == "conflict":
                self.issue("point_conflict", number, column, raw, thousands=seen["thousands"], decimal=seen["decimal"])
                return False
            if reading is None:
                self.issue("point_ambiguous", number, column, raw)
                return False
            if reading == "thousands":
                raw = cleaned(raw).replace(".", "")
        try:
            amount = parse_number(raw)
        except NotANumber:
            self.issue("not_a_number", number, column, raw)
            return False
        if not math.isfinite(amount):
            self.issue("not_finite", number, column, raw)
            return False
        if abs(amount) > MAX_MAGNITUDE:
            self.issue("implausible_value", number, column, raw, limit=Figure(MAX_MAGNITUDE))
            return False
        return amount

    def plausible(self, number, cells, indicator: Indicator, value_column, value, numerator, denominator) -> bool:
        """Counts whole, not negative and not huge; shares not above their whole; values in range and consistent."""
        numerator_column, denominator_column = self.cols["numerator"], self.cols["denominator"]
        value_column = value_column or "value"
        shown = cells.get(value_column, value)
        for column, amount in ((numerator_column, numerator), (denominator_column, denominator)):
            if amount is not None and amount < 0:
                self.issue("negative_count", number, column, cells[column])
                return False
            if amount is not None and not self.count_ok(number, column, cells[column], indicator, amount):
                return False
        if value is not None and value < 0 and indicator.unit in (Unit.COUNT, Unit.SQUARE_METRES):
            self.issue("negative_count", number, value_column, shown)
            return False
        counted = value is not None and indicator.unit == Unit.COUNT
        if counted and not self.count_ok(number, value_column, shown, indicator, value):
            return False
        if denominator == 0 and indicator.aggregation == Aggregation.RATIO:
            self.issue("zero_denominator", number, denominator_column, cells[denominator_column])
            return False
        if (
            numerator is not None
            and denominator is not None
            and numerator > denominator
            and indicator.unit in (Unit.PERCENT, Unit.PER_1000)
        ):
            self.issue(
                "numerator_above_denominator",
                number,
                numerator_column,
                cells[numerator_column],
                denominator=denominator,
            )
            return False
        low_high = RANGES.get(indicator.unit)
        if value is not None and low_high and not low_high[0] <= value <= low_high[1]:
            code = "percent_out_of_range" if indicator.unit == Unit.PERCENT else "rate_out_of_range"
            self.issue(code, number, value_column, shown)
            return False
        if value is not None and numerator is not None and denominator and indicator.aggregation == Aggregation.RATIO:
            expected = numerator / denominator * indicator.scale
            if abs(expected - value) > max(0.051, abs(expected) * 0.001) * (10 ** (1 - indicator.decimals)):
                self.issue("value_mismatch", number, value_column, shown, expected=round(expected, 3))
                return False
        return True

    def count_ok(self, number: int, column: str, raw, indicator: Indicator, amount: float) -> bool:
        """A count is whole and below MAX_COUNT, unless the indicator's counts may be fractional
        (weighted survey answers, annual averages, amounts in NOK)."""
        if indicator.fractional_counts:
            return True
        if not float(amount).is_integer():
            self.issue("not_whole", number, column, raw)
            return False
        if amount > MAX_COUNT:
            self.issue("implausible_value", number, column, raw, limit=Figure(MAX_COUNT))
            return False
        return True
