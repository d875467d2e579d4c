"""The import pipeline shared by the import page and the command line: prepare, then commit.

``prepare`` reads, maps and validates without touching the database; ``commit`` writes the result
as one batch, or refuses. By default a file with any bad row is refused whole; with
``accept_valid_rows`` the good rows are imported and the bad ones recorded with their reasons.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import asdict, dataclass, field

import numpy as np
import pandas as pd

from omrademonitor.access import Principal
from omrademonitor.importing.cells import NotANumber, parse_number, parse_period, symbol_status
from omrademonitor.importing.codes import current_code
from omrademonitor.importing.issues import Issue
from omrademonitor.importing.readers import STATUS_SUFFIX, ReadError, Table, read_table
from omrademonitor.importing.spec import ImportSpec, guess_spec, year_columns
from omrademonitor.ingest import OBSERVATION_COLUMNS, BatchInfo, Writer
from omrademonitor.registry import Aggregation, Indicator, Registry, Unit
from omrademonitor.uploads import display_name

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


class ImportRefused(Exception):
    """Nothing was written; ``issues`` say why."""

    def __init__(self, issues: list[Issue]) -> None:
        super().__init__("; ".join(issue.message() for issue in issues[:5]))
        self.issues = issues


@dataclass
class Prepared:
    """A file read, mapped and checked, ready to commit (or to show why not)."""

    file: str
    content_hash: str
    spec: ImportSpec
    observations: pd.DataFrame
    issues: list[Issue] = field(default_factory=list)
    rows_read: int = 0
    rows_skipped: int = 0
    sheets: tuple[str, ...] = ()
    columns: tuple[str, ...] = ()

    @property
    def fatal(self) -> list[Issue]:
        """Problems with the whole file."""
        return [i for i in self.issues if i.fatal]

    @property
    def rejected(self) -> list[Issue]:
        """Problems with single rows."""
        return [i for i in self.issues if not i.fatal]

    def report(self, lang: str = "en") -> pd.DataFrame:
        """The validation report: one line per problem."""
        return pd.DataFrame(
            [i.as_row(lang) for i in self.issues], columns=["file", "sheet", "row", "column", "value", "reason"]
        )


def prepare(
    data: bytes,
    name: str,
    spec: ImportSpec | None,
    registry: Registry,
    area_codes: set[str],
    this_year: int | None = None,
) -> Prepared:
    """Read ``data`` (a file called ``name``), map it with ``spec`` (guessed when None), and check every row."""
    file = display_name(name)
    try:
        table = read_table(data, file, spec.sheet if spec else None, spec.header_row if spec else None)
    except ReadError as exc:
        empty = pd.DataFrame(columns=[*OBSERVATION_COLUMNS, "row"])
        return Prepared(file, _digest(data, spec), spec or ImportSpec(), empty, [exc.issue])
    spec = spec or guess_spec(table.frame)
    prepared = Prepared(
        file,
        _digest(data, spec),
        spec,
        pd.DataFrame(columns=[*OBSERVATION_COLUMNS, "row"]),
        sheets=table.sheets,
        columns=tuple(table.frame.columns),
    )
    fatal = _check_spec(table, spec, registry)
    if fatal:
        prepared.issues = fatal
        return prepared
    checker = _RowChecker(table, spec, registry, area_codes, this_year or dt.date.today().year)
    rows = checker.run()
    prepared.rows_read, prepared.rows_skipped = checker.read, checker.skipped
    prepared.issues = checker.issues
    if spec.sum_rows and not rows.empty:
        rows, summing_issue = _sum_rows(rows, registry, file)
        prepared.issues += summing_issue
    prepared.issues += _duplicates(rows, table, spec)
    bad_rows = {i.row for i in prepared.issues}
    prepared.observations = rows[~rows["row"].isin(bad_rows)].reset_index(drop=True)
    return prepared


def commit(writer: Writer, prepared: Prepared, actor: Principal, accept_valid_rows: bool = False) -> int:
    """Write the prepared rows as one batch; refused (nothing written) when the file has problems,
    unless ``accept_valid_rows`` and only single rows are bad. Returns the batch id."""
    if prepared.fatal or (prepared.rejected and not accept_valid_rows):
        raise ImportRefused(prepared.issues)
    if prepared.observations.empty:
        raise ImportRefused([Issue(prepared.file, "nothing_to_import")])
    info = BatchInfo(
        source=prepared.spec.source or prepared.file,
        content_hash=prepared.content_hash,
        file_name=prepared.file,
        note=f"rows skipped (unknown areas): {prepared.rows_skipped}" if prepared.rows_skipped else None,
    )
    rejections = [i.as_row("nb") for i in prepared.rejected]
    return writer.add_observations(prepared.observations, info, actor, rejections)


def _digest(data: bytes, spec: ImportSpec | None) -> str:
    """The file's bytes and the mapping together: the same file mapped differently is another import."""
    mapping = json.dumps(asdict(spec) if spec else {}, sort_keys=True, default=str)
    return hashlib.sha256(data + b"\0" + mapping.encode()).hexdigest()


def _check_spec(table: Table, spec: ImportSpec, registry: Registry) -> list[Issue]:
    """Problems with the mapping as a whole: columns that do not exist, required fields unmapped."""
    issues = []
    known = set(table.frame.columns)
    chosen = [*spec.columns.items(), *(("filter", column) for column in spec.filters)]
    for field_name, column in chosen:
        if column is not None and column not in known:
            params = {"field": field_name, "columns": ", ".join(map(str, known))}
            issues.append(Issue(table.file, "unknown_column", column=column, sheet=table.sheet, params=params))
    if spec.indicator_id is None and spec.column("indicator") is None:
        issues.append(Issue(table.file, "no_indicator", sheet=table.sheet))
    elif spec.indicator_id is not None and spec.indicator_id not in registry:
        issues.append(Issue(table.file, "unknown_indicator", value=spec.indicator_id, sheet=table.sheet))
    if spec.column("area") is None:
        issues.append(Issue(table.file, "no_area_column", sheet=table.sheet))
    if spec.column("period") is None and not year_columns(table.frame):
        issues.append(Issue(table.file, "no_period_column", sheet=table.sheet))
    has_value = spec.column("value") or (spec.column("period") is None and year_columns(table.frame))
    if not has_value and not (spec.column("numerator") and spec.column("denominator")):
        issues.append(Issue(table.file, "no_value_column", sheet=table.sheet))
    return issues


class _RowChecker:
    """Turns table rows into observation rows, collecting a located Issue for every bad cell."""

    def __init__(self, table: Table, spec: ImportSpec, registry: Registry, area_codes: set[str], this_year: int):
        self.table, self.spec, self.registry, self.area_codes, self.this_year = (
            table,
            spec,
            registry,
            area_codes,
            this_year,
        )
        self.issues: list[Issue] = []
        self.read = self.skipped = 0

    def issue(self, code: str, row: int, column: str | None, value, **params) -> None:
        text = None if value is None else str(value)
        self.issues.append(Issue(self.table.file, code, row, column, text, self.table.sheet, params))

    def records(self):
        """(row number, cells, period column or None): one per row, or per row and year column when wide."""
        frame = self.table.frame
        keep = pd.Series(True, index=frame.index)
        for column, wanted in self.spec.filters.items():
            keep &= frame[column].map(lambda v: str(v).strip()) == str(wanted)
        wide = year_columns(frame) if self.spec.column("period") is None else []
        columns = list(frame.columns)
        rows = zip(keep.to_numpy(), frame.itertuples(index=False, name=None), self.table.row_numbers, strict=True)
        for kept, values, number in rows:
            if not kept:
                continue
            cells = dict(zip(columns, values, strict=True))
            if wide:
                for column in wide:
                    yield number, cells, column
            else:
                yield number, cells, None

    def run(self) -> pd.DataFrame:
        out = [row for record in self.records() if (row := self.row(*record)) is not None]
        return pd.DataFrame(out, columns=[*OBSERVATION_COLUMNS, "row"])

    def row(self, number: int, cells: dict, year_column: str | None) -> dict | None:
        self.read += 1
        col = self.spec.column
        indicator = self.indicator(number, cells)
        area_column = col("area")
        area = current_code(cells[area_column])
        if area not in self.area_codes:
            if self.spec.skip_unknown_areas:
                self.skipped += 1
                return None
            self.issue("unknown_area", number, area_column, cells[area_column])
            return None
        period = self.period(number, cells, year_column, indicator)
        value_column = year_column or col("value")
        status = self.status(number, cells, value_column)
        value = self.number(number, cells, value_column, status)
        numerator = self.number(number, cells, col("numerator"), status)
        denominator = self.number(number, cells, col("denominator"), status)
        lower = self.number(number, cells, col("ci_lower"), status)
        upper = self.number(number, cells, col("ci_upper"), status)
        if (
            indicator is None
            or period is None
            or any(v is False for v in (value, numerator, denominator, lower, upper))
        ):
            return None
        if value is None and numerator is not None and denominator and indicator.aggregation == Aggregation.RATIO:
            value = numerator / denominator * indicator.scale
        if status in ("suppressed", "missing"):
            value = numerator = denominator = lower = upper = None
        elif value is None:
            status = "missing"
        if not self.plausible(number, cells, indicator, value, numerator, denominator):
            return None
        return {
            "indicator_id": indicator.id,
            "area_code": area,
            "period": period,
            "value": value,
            "numerator": numerator,
            "denominator": denominator,
            "ci_lower": lower,
            "ci_upper": upper,
            "status": status,
            "row": number,
        }

    def indicator(self, number: int, cells: dict) -> Indicator | None:
        if self.spec.indicator_id is not None:
            indicator = self.registry[self.spec.indicator_id]
        else:
            column = self.spec.column("indicator")
            raw = str(cells[column]).strip()
            if raw not in self.registry:
                self.issue("unknown_indicator", number, column, raw)
                return None
            indicator = self.registry[raw]
        unit_column = self.spec.column("unit")
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
        try:
            period = parse_period(raw)
        except NotANumber:
            self.issue("bad_period", number, column, raw)
            return None
        if indicator is not None and not indicator.first_period <= period <= self.this_year + 1:
            self.issue(
                "period_out_of_range", number, column, raw, first=indicator.first_period, last=self.this_year + 1
            )
            return None
        return period

    def status(self, number: int, cells: dict, value_column: str | None) -> str:
        status_column = self.spec.column("status")
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

    def number(self, number: int, cells: dict, column: str | None, status: str):
        """The cell as a float; None when empty or an SSB symbol; False (and an issue) when not a number."""
        if column is None:
            return None
        raw = cells[column]
        if symbol_status(raw) is not None:
            return None
        try:
            return parse_number(raw)
        except NotANumber:
            self.issue("not_a_number", number, column, raw)
            return False

    def plausible(self, number, cells, indicator: Indicator, value, numerator, denominator) -> bool:
        """Counts not negative, shares not above their whole, values in range and consistent."""
        col = self.spec.column
        value_column = col("value") or "value"
        for column, amount in ((col("numerator"), numerator), (col("denominator"), denominator)):
            if amount is not None and amount < 0:
                self.issue("negative_count", number, column, cells[column])
                return False
        if value is not None and value < 0 and indicator.unit in (Unit.COUNT, Unit.SQUARE_METRES):
            self.issue("negative_count", number, value_column, cells.get(value_column, value))
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
                col("numerator"),
                cells[col("numerator")],
                denominator=denominator,
            )
            return False
        low_high = RANGES.get(indicator.unit)
        if value is not None and low_high and not low_high[0] <= value <= low_high[1]:
            code = "percent_out_of_range" if indicator.unit == Unit.PERCENT else "rate_out_of_range"
            self.issue(code, number, value_column, cells.get(value_column, value))
            return False
        if value is not None and numerator is not None and denominator and indicator.aggregation == Aggregation.RATIO:
            expected = numerator / denominator * indicator.scale
            if abs(expected - value) > max(0.051, abs(expected) * 0.001) * (10 ** (1 - indicator.decimals)):
                self.issue(
                    "value_mismatch", number, value_column, cells.get(value_column, value), expected=round(expected, 3)
                )
                return False
        return True


def _sum_rows(rows: pd.DataFrame, registry: Registry, file: str) -> tuple[pd.DataFrame, list[Issue]]:
    """Add up rows that share indicator, area and period; only for indicators whose counts add."""
    issues = []
    for indicator_id in rows["indicator_id"].unique():
        if registry[indicator_id].aggregation not in (Aggregation.SUM, Aggregation.RATIO):
            issues.append(Issue(file, "cannot_sum", params={"indicator": indicator_id}))
    if issues:
        return rows.iloc[0:0], issues
    key = ["indicator_id", "area_code", "period"]
    grouped = rows.groupby(key, as_index=False, sort=False)
    summed = grouped.agg(
        value=("value", lambda s: s.sum(min_count=len(s))),
        numerator=("numerator", lambda s: s.sum(min_count=len(s))),
        denominator=("denominator", lambda s: s.sum(min_count=len(s))),
        status=("status", _worst),
        row=("row", "min"),
    )
    for indicator_id in summed["indicator_id"].unique():
        indicator = registry[indicator_id]
        if indicator.aggregation == Aggregation.RATIO:
            mask = summed["indicator_id"] == indicator_id
            summed.loc[mask, "value"] = (
                summed.loc[mask, "numerator"] / summed.loc[mask, "denominator"] * indicator.scale
            )
    hidden = summed["status"].isin(["suppressed", "missing"])
    summed.loc[hidden, ["value", "numerator", "denominator"]] = np.nan
    summed[["ci_lower", "ci_upper"]] = np.nan
    return summed[[*OBSERVATION_COLUMNS, "row"]], []


def _worst(statuses: pd.Series) -> str:
    """A sum is as hidden as its most hidden part."""
    for status in ("suppressed", "missing", "provisional"):
        if (statuses == status).any():
            return status
    return "final"


def _duplicates(rows: pd.DataFrame, table: Table, spec: ImportSpec) -> list[Issue]:
    """Rows that repeat an indicator, area and period already given in the file."""
    key = ["indicator_id", "area_code", "period"]
    repeated = rows[rows.duplicated(key, keep="first")]
    first = rows.drop_duplicates(key).set_index(key)["row"]
    return [
        Issue(
            table.file,
            "duplicate_key",
            row=int(r.row),
            column=spec.column("area"),
            value=r.area_code,
            sheet=table.sheet,
            params={"first": int(first.loc[(r.indicator_id, r.area_code, r.period)]), "period": r.period},
        )
        for r in repeated.itertuples()
    ]
