"""The import pipeline shared by the import page and the command line: prepare, then commit.

``prepare`` reads, maps and validates without touching the database; ``commit`` writes the result
as one batch, or refuses. By default a file with any bad row is refused whole; with
``accept_valid_rows`` the good rows are imported and the bad ones recorded with their reasons.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable
from dataclasses import asdict, dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa

from omrademonitor import periods
from omrademonitor.access import Principal
from omrademonitor.breakdowns import TOTAL
from omrademonitor.importing import sqlcheck
from omrademonitor.importing.checks import COLUMNS, RowChecker
from omrademonitor.importing.codes import AreaNames
from omrademonitor.importing.issues import Figure, Issue, outline, place
from omrademonitor.importing.limits import MAX_ROW_PROBLEMS
from omrademonitor.importing.readers import ReadError, Table, read_table
from omrademonitor.importing.spec import ImportSpec, guess_spec, year_columns
from omrademonitor.importing.totals import compare_with_totals, total_in_sum
from omrademonitor.indicator_registry import Aggregation, Registry
from omrademonitor.schema import OBSERVATION_COLUMNS
from omrademonitor.uploads import display_name
from omrademonitor.writer import BatchInfo, Writer


class ImportRefused(Exception):
    """Nothing was written; ``issues`` say why."""

    def __init__(self, issues: list[Issue]) -> None:
        super().__init__(outline(issues))
        self.issues = issues


@dataclass
class Prepared:
    """A file read, mapped and checked, ready to commit (or to show why not).

    ``good`` holds the good rows: a DataFrame, or, for a file checked in DuckDB, an Arrow table (sorted
    by key, not by row) that goes to the database as it is; ``observations`` gives them as a DataFrame
    in file order (converted once, when first asked for), ``row_count`` and ``head`` without converting."""

    file: str
    content_hash: str
    spec: ImportSpec
    good: pd.DataFrame | pa.Table
    issues: list[Issue] = field(default_factory=list)
    rows_read: int = 0
    rows_skipped: int = 0
    sheets: tuple[str, ...] = ()
    columns: tuple[str, ...] = ()
    footnotes: dict[int, str] = field(default_factory=dict)  # notes below the table, left out: row → text

    @property
    def observations(self) -> pd.DataFrame:
        """The good rows in file order: observation columns and ``row``."""
        if isinstance(self.good, pa.Table):
            self.good = sqlcheck.arrow_to_pandas(self.good)
        return self.good

    @observations.setter
    def observations(self, frame: pd.DataFrame) -> None:
        self.good = frame

    @property
    def row_count(self) -> int:
        return self.good.num_rows if isinstance(self.good, pa.Table) else len(self.good)

    def head(self, rows: int) -> pd.DataFrame:
        """The first good rows, as a DataFrame (for a preview)."""
        if isinstance(self.good, pa.Table):
            return sqlcheck.arrow_to_pandas(sqlcheck.in_file_order(self.good, rows))
        return self.good.head(rows)

    @property
    def fatal(self) -> list[Issue]:
        """Problems with the whole file."""
        return [i for i in self.issues if i.fatal]

    @property
    def rejected(self) -> list[Issue]:
        """Problems with single rows."""
        return [i for i in self.issues if not i.fatal]


def prepare(
    data: bytes,
    name: str,
    spec: ImportSpec | None,
    registry: Registry,
    area_codes: set[str],
    this_year: int | None = None,
    areas: pd.DataFrame | None = None,
) -> Prepared:
    """Read ``data`` (a file called ``name``), map it with ``spec`` (guessed when None), and check every row.

    ``areas`` (code, name, level) lets rows give their area by name as well as by code."""
    file = display_name(name)
    try:
        table = read_table(data, file, spec.sheet if spec else None, spec.header_row if spec else None)
    except ReadError as exc:
        empty = pd.DataFrame(columns=COLUMNS)
        return Prepared(file, _digest(data, spec), spec or ImportSpec(), empty, [exc.issue])
    spec = spec or guess_spec(table.frame)
    prepared = Prepared(
        file,
        _digest(data, spec),
        spec,
        pd.DataFrame(columns=COLUMNS),
        sheets=table.sheets,
        columns=tuple(table.columns),
    )
    fatal = _check_spec(table, spec, registry)
    if fatal:
        prepared.issues = fatal
        return prepared
    names = AreaNames(areas)
    year = this_year or dt.date.today().year
    checked = sqlcheck.check(table, spec, registry, area_codes, year, names)
    if checked is not None:
        try:
            return _finish_in_duckdb(prepared, checked, table, spec)
        finally:
            checked.con.close()
    checker = RowChecker(table, spec, registry, area_codes, year, names)
    rows = checker.run()
    prepared.rows_read, prepared.rows_skipped = checker.read, checker.skipped
    prepared.footnotes = dict(table.footnotes)
    prepared.issues = checker.issues
    if prepared.fatal:
        return prepared
    if rows.empty and not prepared.issues:
        prepared.issues = [_nothing_left(table, checker)]
        return prepared
    if checker.categories:  # figures by breakdown: each row's part of the population
        parts = rows["row"].map(checker.categories)
        total = (TOTAL, TOTAL)
        rows = rows.assign(
            breakdown=[(p if isinstance(p, tuple) else total)[0] for p in parts],
            category=[(p if isinstance(p, tuple) else total)[1] for p in parts],
        )
    totals = rows[rows["row"].isin(checker.parts.keys())]
    rows = rows[~rows["row"].isin(checker.parts.keys())]
    if spec.sum_rows and checker.totals_seen:
        prepared.issues += total_in_sum(file, table.sheet, checker.totals_seen)
        return prepared
    if spec.sum_rows and not rows.empty:
        rows, summing_issue = _sum_rows(rows, registry, file)
        prepared.issues += summing_issue
        prepared.issues += compare_with_totals(rows, totals, checker.parts, file, table.sheet)
    prepared.issues += _duplicates(rows, table, spec, MAX_ROW_PROBLEMS - len(prepared.issues), registry)
    bad_rows = {i.row for i in prepared.issues}
    prepared.observations = rows[~rows["row"].isin(bad_rows)].reset_index(drop=True)
    return prepared


def _finish_in_duckdb(prepared: Prepared, checked: sqlcheck.Checked, table: Table, spec: ImportSpec) -> Prepared:
    """The end of ``prepare`` for a table checked in DuckDB: repeated keys found in SQL, the good rows
    fetched once. (Files checked there are never filtered, summed or split into totals.)"""
    prepared.rows_read, prepared.rows_skipped = checked.read, checked.skipped
    prepared.issues = checked.issues
    if prepared.fatal:
        return prepared
    good = sqlcheck.good_rows(checked)
    if good.num_rows == 0:
        if not prepared.issues:
            prepared.issues = [_nothing_left(table, checked)]
        return prepared
    room = MAX_ROW_PROBLEMS - len(prepared.issues)
    repeated = sqlcheck.duplicates(good, room)
    listed = repeated[: max(room, 0)]
    prepared.issues += [
        Issue(
            table.file,
            "duplicate_key",
            row=row,
            column=spec.column("area"),
            value=area,
            sheet=table.sheet,
            params={"first": first, "period": period},
        )
        for row, area, period, first in listed
    ]
    if len(repeated) > len(listed):
        count = Figure(MAX_ROW_PROBLEMS)
        prepared.issues.append(
            Issue(
                table.file,
                "too_many_problems",
                row=repeated[len(listed)][0],
                sheet=table.sheet,
                whole_file=True,
                params={"count": count},
            )
        )
    prepared.good = sqlcheck.without(good, {i.row for i in prepared.issues})
    return prepared


def commit(
    writer: Writer,
    prepared: Prepared,
    actor: Principal,
    accept_valid_rows: bool = False,
    reason: Callable[[Issue], str] | None = None,
) -> int:
    """Write the prepared rows as one batch; refused (nothing written) when the file has problems,
    unless ``accept_valid_rows`` and only single rows are bad, which are then recorded each with
    ``reason(issue)`` (``presentation.import_messages.stored_reason``; needed then). Returns the batch
    id; NothingChanged when every figure is stored as it is already."""
    if prepared.rejected and accept_valid_rows and reason is None:
        raise ValueError("recording rejected rows needs their reason: pass reason=")
    if prepared.fatal or (prepared.rejected and not accept_valid_rows):
        raise ImportRefused(prepared.issues)
    if prepared.row_count == 0:
        raise ImportRefused([Issue(prepared.file, "nothing_to_import")])
    info = BatchInfo(
        source=prepared.spec.source or prepared.file,
        content_hash=prepared.content_hash,
        file_name=prepared.file,
        note=f"rows skipped (unknown areas): {prepared.rows_skipped}" if prepared.rows_skipped else None,
    )
    rejections = [{**place(i), "reason": reason(i)} for i in prepared.rejected]
    return writer.add_observations(prepared.good, info, actor, rejections)


def _digest(data: bytes, spec: ImportSpec | None) -> str:
    """The file's bytes and the mapping together: the same file mapped differently is another import."""
    mapping = json.dumps(asdict(spec) if spec else {}, sort_keys=True, default=str)
    digest = hashlib.sha256(data)
    digest.update(b"\0" + mapping.encode())
    return digest.hexdigest()


def _nothing_left(table: Table, checker: RowChecker | sqlcheck.Checked) -> Issue:
    """Why a file without problems still gives nothing to import: no data rows, or all left out."""
    if checker.read == 0 and checker.filtered == 0:
        return Issue(table.file, "no_data_rows", sheet=table.sheet)
    counts = {"read": checker.read + checker.filtered, "skipped": checker.skipped, "filtered": checker.filtered}
    params = {name: Figure(count) for name, count in counts.items()}
    return Issue(table.file, "nothing_left", sheet=table.sheet, params=params)


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


def _duplicates(
    rows: pd.DataFrame, table: Table, spec: ImportSpec, room: int, registry: Registry | None = None
) -> list[Issue]:
    """Rows that repeat an indicator, area and period already given in the file (at most ``room``
    of them, then one problem saying that checking stopped)."""
    key = ["indicator_id", "area_code", "period"]
    key += [c for c in ("breakdown", "category") if c in rows.columns]  # each part of the population once
    repeated = rows[rows.duplicated(key, keep="first")]
    first = rows.drop_duplicates(key).set_index(key)["row"]
    issues = [
        Issue(
            table.file,
            "duplicate_key",
            row=int(r.row),
            column=spec.column("area"),
            value=r.area_code,
            sheet=table.sheet,
            params={"first": int(first.loc[tuple(getattr(r, k) for k in key)]), "period": _shown(r, registry)},
        )
        for r in repeated.head(max(room, 0)).itertuples()
    ]
    if len(repeated) > len(issues):
        stop = int(repeated["row"].iloc[len(issues)])
        count = Figure(MAX_ROW_PROBLEMS)
        issues.append(
            Issue(
                table.file, "too_many_problems", row=stop, sheet=table.sheet, whole_file=True, params={"count": count}
            )
        )
    return issues


def _shown(row, registry: Registry | None):
    """A row's period as SSB writes it ('2023K4'; the year for annual indicators)."""
    indicator = registry[row.indicator_id] if registry is not None and row.indicator_id in registry else None
    if indicator is None or indicator.annual:
        return row.period
    return periods.code(row.period, indicator.period_type, indicator.period_span)
