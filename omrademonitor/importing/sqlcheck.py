"""Checking a CSV file in DuckDB: the file is read by DuckDB's CSV reader (every column as text), and
the checks ``RowChecker`` makes row by row are made as SQL over the whole table at once.

SQL decides which rows are clean: a row passes only when every cell is read the way ``RowChecker``
reads it (the same number, period, area code and status) and every check holds. Cells that need
Python's rules (area names and old codes, periods, status words, SSB symbols, numbers written with
spaces) are read once per distinct text in Python and joined back. The rows SQL does not pass are
handed, in file order, to ``RowChecker`` with the table-wide point readings found in SQL, so every
problem is reported by the same code as before: file, row, column, value and reason, grouped as
before. Clean rows make no problems, so the problems found are those a row-by-row pass finds.

Only files DuckDB reads exactly as Python's csv module does are checked here (UTF-8, no blank or
note rows under the header, one record per line, no quoted line breaks); for any other file, or any
mapping that filters, leaves out, adds up or is laid out wide by year, ``check`` returns None and
the row-by-row path is used. A file DuckDB cannot read (a row of another width, a bad byte) is
handed to the row-by-row path too, which finds and locates the problem.
"""

from __future__ import annotations

import csv
import io
import math
import os
import re
import tempfile
from dataclasses import dataclass, field

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from omrademonitor.importing.cells import NotANumber, parse_number, parse_period, symbol_status
from omrademonitor.importing.checks import COLUMNS, STATUS_WORDS, RowChecker
from omrademonitor.importing.codes import AreaNames, current_code
from omrademonitor.importing.issues import Issue
from omrademonitor.importing.limits import MAX_CELLS, MAX_COUNT, MAX_FIELD_CHARS, MAX_MAGNITUDE
from omrademonitor.importing.points import DECIMAL, ONE_GROUP, THOUSANDS, cleaned, undecided
from omrademonitor.importing.spec import ImportSpec
from omrademonitor.importing.table import STATUS_SUFFIX, CsvSource, Table
from omrademonitor.indicator_registry import Aggregation, Registry, Unit
from omrademonitor.schema import NUMBER_COLUMNS, OBSERVATION_COLUMNS

ENABLED = True  # tests switch it off to compare with the row-by-row path
FETCH_ROWS = 10_000  # rows handed to RowChecker per fetch
MEMORY_LIMIT = "600MB"
NO_CELL = "\x01\x02\x03"  # read as NULL; a file with such a cell goes row by row
QUOTE_SPACES = (b' "', b'" ', b'\t"', b'"\t')  # where DuckDB and csv may read quoted fields differently
SPACE_BY_QUOTE = re.compile(rb'[ \t]"|"[ \t]')
SUSPECT_LINES = 10_000  # lines with a space beside a quote compared with csv's reading; more go row by row

# The cells SQL reads itself: a plain number with at most 12 digits before the point or comma (so
# below MAX_MAGNITUDE), except the ones whose point may be a thousands separator ('1.234').
SIMPLE = r"-?[0-9]{1,12}([.,][0-9]{1,40})?"
ONE_GROUP_SQL = r"[+-]?[1-9][0-9]{0,2}\.[0-9]{3}"
THOUSANDS_SQL = r"[+-]?[1-9][0-9]{0,2}(\.[0-9]{3})+(,[0-9]+)?%?"
DECIMAL_SQL = (
    r"([+-]?[0-9]*\.([0-9]{1,2}|[0-9]{4,})%?|[+-]?0\.[0-9]+%?"
    r"|[+-]?[0-9]{4,}\.[0-9]+%?|[+-]?[0-9]{1,3}(,[0-9]{3})+\.[0-9]+)"
)
# when a number field is a count, so that '1.234' is 1234 whatever its column says (``RowChecker.number``)
WHOLE = {"value": "i.whole_value", "numerator": "NOT i.fractional"}
WHOLE["denominator"] = WHOLE["numerator"]
ASCII_SPACES = r"[\x09-\x0d\x1c-\x20]"  # what Python's \s matches among ASCII characters
# Python's str.strip() and \s also take these; a row whose cells may all be blank goes to Python.
# The sort key of a good row, one integer: the indicator's and the area code's place among the file's
# ids and codes (sorted as DuckDB and Arrow compare text), then the year; ordered as (indicator, area,
# period) are, so the good rows sort on one fixed-size key (``good_rows``). A row whose parts do not fit
# has none (then the rows are sorted by their text).
AREA_BITS, PERIOD_BITS = 24, 20
WHOLE_LIMIT = 10**12  # a whole number SQL reads itself has at most 12 digits, as ``SIMPLE`` allows
MAYBE_BLANK = r"^[\s\x0b\x1c-\x1f\x{85}\x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}]*$"


@dataclass
class Checked:
    """The result of checking a table in DuckDB, in the shape ``RowChecker`` leaves it."""

    rows: pd.DataFrame
    issues: list[Issue]
    read: int = 0
    skipped: int = 0
    filtered: int = 0
    parts: dict[int, tuple[str, str]] = field(default_factory=dict)
    totals_seen: dict[str, tuple[int, str]] = field(default_factory=dict)
    con: duckdb.DuckDBPyConnection | None = None  # holds ``figures`` (every row read) and ``python_good``
    figures: pa.Table | None = None  # ``figures`` as Arrow, when it was not changed after the first pass


def check(
    table: Table,
    spec: ImportSpec,
    registry: Registry,
    area_codes: set[str],
    this_year: int,
    names: AreaNames,
) -> Checked | None:
    """Check ``table`` in DuckDB; None when it must be checked row by row instead."""
    source = getattr(table, "csv", None)
    if not ENABLED or source is None or spec.filters or spec.exclude or spec.sum_rows:
        return None
    if spec.column("period") is None:
        return None
    involved = [registry[spec.indicator_id]] if spec.indicator_id in registry else list(registry)
    if any(not ind.annual or ind.breakdowns for ind in involved):
        return None  # periods other than years, and breakdowns, are read row by row
    data = _utf8(source)
    found = None if data is None else _body(data, source)
    if found is None:
        return None
    con = duckdb.connect()
    _run(con, f"SET memory_limit = '{MEMORY_LIMIT}'")
    _run(con, "SET preserve_insertion_order = true")
    try:
        loaded = _load(con, *found, source, len(table.columns))
        if not loaded:
            con.close()
            return None
        return _Check(con, table, spec, registry, area_codes, this_year, names, source).run()
    except BaseException:
        con.close()
        raise


def _run(con, sql: str, params: list | None = None) -> list:
    """Run a statement to its end (the connection takes no other work while a result is open)."""
    return con.execute(sql, params).fetchall()


def _utf8(source: CsvSource) -> bytes | None:
    """The file's bytes as UTF-8: as they are, or re-encoded from Windows-1252, Latin-1 or UTF-16 (the
    lines stay the lines they were, so rows keep their numbers); None when they cannot be."""
    if source.encoding in ("utf-8", "utf-8-sig"):
        return source.data
    try:
        return source.data.decode(source.encoding).encode("utf-8")
    except (UnicodeError, LookupError):
        return None


def _body(data: bytes, source: CsvSource) -> tuple[bytes, int, int, int] | None:
    """The bytes under the header (the file's bytes, where the body starts and ends) and their number
    of lines, when DuckDB reads them record by record as csv does and they are within the reading
    limits; else None. (Quoted fields are checked once read: ``_quoting_agrees``.)"""
    if b"\r" in data and data.count(b"\r") != data.count(b"\r\n"):
        return None
    start = 0
    for _ in range(source.header_line):
        found = data.find(b"\n", start)
        if found < 0:
            return b"", 0, 0, 0
        start = found + 1
    if b'"' in data and not _header_on_one_line(data, start, source):
        return None
    end = len(data)
    while end > start and data[end - 1] in b"\r\n":
        end -= 1
    # a blank line inside the body is not looked for here (two scans of the whole file): DuckDB skips
    # it, so it reads fewer records than there are lines and ``_load`` refuses the file
    if end > start and data[start] in b"\r\n":
        return None
    lines = data.count(b"\n", start, end) + 1 if end > start else 0
    if lines * source.width > MAX_CELLS:
        return None
    return data, start, end, lines


def _header_on_one_line(data: bytes, body_start: int, source: CsvSource) -> bool:
    """Whether the header is one whole record on its own line (no quoted line break in it), so that
    the body starts where the line after it does."""
    line_start = data.rfind(b"\n", 0, max(body_start - 1, 0)) + 1
    line = bytes(data[line_start:body_start]).decode("utf-8", errors="replace")
    try:
        records = list(csv.reader(io.StringIO(line, newline=""), delimiter=source.delimiter))
    except csv.Error:
        return False
    return len(records) == 1 and len(records[0]) == source.width


def _load(con, data: bytes, start: int, end: int, lines: int, source: CsvSource, width: int) -> bool:
    """Read the body (``data[start:end]``) into table ``raw_read`` and view ``raw`` (c0 … cN as text,
    and ``row``, the line in the file); False when DuckDB cannot read it as csv would."""
    columns = ", ".join(f"'c{i}': 'VARCHAR'" for i in range(width))
    quoted = data.find(b'"', start, end) >= 0
    quote = '"' if quoted else ""
    handle, path = tempfile.mkstemp(suffix=".csv")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(memoryview(data)[start:end])
        delimiter = source.delimiter.replace("'", "''")
        try:
            # empty cells stay '' (as csv reads them): the null text is one no cell of a text file holds;
            # quoted fields as csv reads them ('""' inside for a quote); anything irregular is an error here
            _run(
                con,
                f"""CREATE TABLE raw_read AS SELECT * FROM read_csv(?, header = false, delim = '{delimiter}',
                    quote = '{quote}', escape = '{quote}', strict_mode = true, auto_detect = false,
                    columns = {{{columns}}}, nullstr = '{NO_CELL}', max_line_size = 4194304)""",
                [path],
            )
        except duckdb.Error:
            return False
    finally:
        os.unlink(path)
    _run(con, f"CREATE VIEW raw AS SELECT rowid + {source.header_line + 1} AS row, * FROM raw_read")
    count = con.execute("SELECT count(*) FROM raw_read").fetchall()[0][0]
    if count != lines:
        return False  # a record over several lines (a quoted line break), or lines DuckDB left out
    if quoted and not _quoting_agrees(con, data, start, end, source, width):
        return False
    odd = [f"c{i} IS NULL OR strlen(c{i}) > {MAX_FIELD_CHARS}" for i in range(width)]
    all_blank = " AND ".join(_maybe_blank(f"c{i}") for i in range(width))
    note_like = " AND ".join(_maybe_blank(f"c{i}") for i in range(1, width)) or "true"
    unusual = con.execute(
        f"SELECT count(*) FROM raw_read WHERE {' OR '.join(odd)} OR ({all_blank}) OR ({note_like})"
    ).fetchall()
    return unusual[0][0] == 0


def _maybe_blank(column: str) -> str:
    """SQL: whether a cell may be blank to Python's str.strip(); the pattern is tried only on cells
    that are empty or start with a character outside printable ASCII."""
    unusual_start = f"(ord({column}) < 33 OR ord({column}) > 126)"
    return f"({column} = '' OR ({unusual_start} AND regexp_matches({column}, '{MAYBE_BLANK}')))"


def _quoting_agrees(con, data: bytes, start: int, end: int, source: CsvSource, width: int) -> bool:
    """Whether DuckDB read the quoted fields as csv does. Both read '"a;b"', '""' and quotes inside
    unquoted text alike, and DuckDB refuses what csv reads leniently ('"a"b'); they differ only on
    spaces or tabs beside a quote (DuckDB trims ' "a" ' to 'a'). Lines with those are read again by
    csv and compared cell by cell (at most SUSPECT_LINES of them)."""
    if not any(data.find(pair, start, end) >= 0 for pair in QUOTE_SPACES):
        return True
    starts: list[int] = []
    for match in SPACE_BY_QUOTE.finditer(data, start, end):
        line_start = max(data.rfind(b"\n", start, match.start()) + 1, start)
        if not starts or starts[-1] != line_start:
            starts.append(line_start)
            if len(starts) > SUSPECT_LINES:
                return False
    numbers = []
    counted, at = 0, start
    for line_start in starts:
        counted += data.count(b"\n", at, line_start)
        at = line_start
        numbers.append(counted)
    cells = ", ".join(f"c{i}" for i in range(width))
    first_row = source.header_line + 1
    con.register("suspect_rows", pd.DataFrame({"row": [first_row + n for n in numbers]}, dtype="int64"))
    try:
        read = dict(
            (r[0], list(r[1:]))
            for r in con.execute(f"SELECT row, {cells} FROM raw SEMI JOIN suspect_rows USING (row)").fetchall()
        )
    finally:
        con.unregister("suspect_rows")
    for number, line_start in zip(numbers, starts, strict=True):
        line_end = data.find(b"\n", line_start)
        line = data[line_start : line_end if 0 <= line_end < end else end].decode("utf-8")
        try:
            records = list(csv.reader(io.StringIO(line, newline=""), delimiter=source.delimiter))
        except csv.Error:
            return False
        if len(records) != 1 or records[0] != read.get(first_row + number):
            return False
    return True


class _Check:
    def __init__(self, con, table, spec, registry, area_codes, this_year, names, source) -> None:
        self.con, self.table, self.spec, self.registry = con, table, spec, registry
        self.area_codes, self.this_year, self.names, self.source = area_codes, this_year, names, source
        self.position = {c: i for i, c in enumerate(table.columns)}
        self.undecided = False  # whether a number cell reads two ways ('1.234')
        self.seen: dict[str, dict[str, int]] | None = None  # the point readings, when found
        self.figures_read: pa.Table | None = None  # every row read and checked, in file order

    def col(self, name: str | None) -> str | None:
        """The raw table's column for a file column (None when not mapped)."""
        return None if name is None else f"c{self.position[name]}"

    def distinct(self, column: str) -> list[str]:
        return [r[0] for r in self.con.execute(f"SELECT DISTINCT {column} FROM raw").fetchall()]

    def register(self, name: str, frame: pd.DataFrame) -> None:
        self.con.register(f"{name}_frame", frame)
        _run(self.con, f"CREATE TABLE {name} AS SELECT * FROM {name}_frame")
        self.con.unregister(f"{name}_frame")

    # --- per distinct text, in Python ---------------------------------------------------------

    def indicators(self) -> None:
        """The indicators, with what the checks ask of their unit and aggregation as flags (so each row
        tests a flag, not text) and their place in sort order (``place``, for the sort key)."""
        rows = []
        for rank, ind in enumerate(sorted(self.registry, key=lambda ind: ind.id)):
            factor = 10 ** (1 - ind.decimals)
            unit, fractional = ind.unit, bool(ind.fractional_counts)
            rows.append(
                (
                    ind.id,
                    float(ind.scale),
                    fractional,
                    int(ind.first_period),
                    float(factor),
                    ind.aggregation == Aggregation.RATIO,
                    unit == Unit.COUNT and not fractional,  # a count: a whole value
                    unit in (Unit.COUNT, Unit.SQUARE_METRES),  # never below 0
                    unit in (Unit.PERCENT, Unit.PER_1000),  # a share: numerator at most the denominator
                    unit == Unit.PERCENT,
                    unit == Unit.PER_1000,
                    rank,
                )
            )
        columns = ["id", "scale", "fractional", "first_period", "factor", "ratio", "whole_value", "not_negative"]
        columns += ["share", "percent", "per_1000", "place"]
        self.register("inds", pd.DataFrame(rows, columns=columns).astype({"id": object, "place": "int64"}))

    def areas(self, column: str) -> None:
        """The area cells' codes, each with the code's place among the file's codes (``place``)."""
        pairs = []
        for raw in self.distinct(column):
            area = current_code(raw)
            if area not in self.area_codes:
                area = self.names.code(raw, self.spec.area_level)
            if isinstance(area, str):
                pairs.append((raw, area))
        codes = sorted({code for _, code in pairs})  # Python orders text by code point, as UTF-8 bytes do
        ranks = {code: rank if len(codes) < 1 << AREA_BITS else None for rank, code in enumerate(codes)}
        frame = pd.DataFrame([(raw, code, ranks[code]) for raw, code in pairs], columns=["raw", "code", "place"])
        self.register("area_map", frame.astype({"raw": object, "code": object, "place": "Int64"}))

    def periods(self, column: str) -> None:
        pairs = []
        for raw in self.distinct(column):
            try:
                pairs.append((raw, parse_period(raw)))
            except NotANumber:
                continue
        frame = pd.DataFrame(pairs, columns=["raw", "period"]).astype({"raw": object, "period": "int64"})
        self.register("period_map", frame)

    def units(self, indicator_sql: str, unit_column: str) -> None:
        pairs = self.con.execute(
            f"SELECT DISTINCT {indicator_sql}, {unit_column} FROM raw WHERE {indicator_sql} IS NOT NULL"
        ).fetchall()
        checker = RowChecker.unit_agrees
        ok = [(i, raw) for i, raw in pairs if i in self.registry and checker(None, self.registry[i], raw)]
        self.register("unit_map", pd.DataFrame(ok, columns=["ind", "raw"], dtype=object))

    def statuses(self, column: str) -> None:
        pairs = []
        for raw in self.distinct(column):
            text = str(raw).strip()
            symbol = symbol_status(text) if text else None
            word = STATUS_WORDS.get(text.lower(), symbol)
            if text and word is None:
                continue  # bad_status: the row goes to Python
            pairs.append((raw, word or ""))
        self.register("status_map", pd.DataFrame(pairs, columns=["raw", "status"], dtype=object))

    def siblings(self, column: str) -> None:
        pairs = [
            (raw, (symbol_status(raw) or "final") if str(raw).strip() else "final") for raw in self.distinct(column)
        ]
        self.register("sibling_map", pd.DataFrame(pairs, columns=["raw", "status"], dtype=object))

    def other_cells(self, columns: list[str]) -> int:
        """Number cells SQL does not read itself (in the pending rows): SSB symbols, spaces, signs, '%';
        read in Python, once per distinct text."""
        pending = "row IN (SELECT row FROM pending_rows)"
        union = " UNION ".join(f"SELECT {c} AS raw FROM raw WHERE {pending} AND NOT ({_plain(c)})" for c in columns)
        rows = []
        for (raw,) in self.con.execute(union).fetchall():
            symbol = symbol_status(raw)
            if symbol is not None:
                rows.append((raw, symbol, None, None, False))
                continue
            if undecided(raw):  # '1.234': both readings; the column (or a count) decides in SQL
                try:
                    readings = parse_number(raw), parse_number(cleaned(raw).replace(".", ""))
                except NotANumber:
                    continue
                rows.append((raw, None, *readings, True))
                continue
            try:
                amount = parse_number(raw)
            except NotANumber:
                continue
            if math.isfinite(amount) and abs(amount) <= MAX_MAGNITUDE:
                rows.append((raw, None, amount, None, False))
        frame = pd.DataFrame(rows, columns=["raw", "sym", "num", "thousands", "undecided"]).astype(
            {"raw": object, "sym": object, "num": "float64", "thousands": "float64", "undecided": bool}
        )
        self.register("cell_map", frame)
        self.undecided = bool(frame["undecided"].any())
        return len(frame)

    def points(self, columns: dict[str, str]) -> dict[str, dict[str, int]]:
        """What a point means per number column (see ``points.PointReading``), over every row."""
        seen: dict[str, dict[str, int]] = {}
        for name, c in columns.items():
            kinds: dict[str, int] = {}
            text = f"regexp_replace({c}, '{ASCII_SPACES}', '', 'g')"
            query = f"""
                WITH cells AS (SELECT row, {text} AS t FROM raw WHERE contains({c}, '.') AND strlen({c}) = length({c}))
                SELECT 'thousands', min(row) FROM cells
                 WHERE NOT regexp_full_match(t, '{ONE_GROUP_SQL}') AND regexp_full_match(t, '{THOUSANDS_SQL}')
                UNION ALL
                SELECT 'decimal', min(row) FROM cells
                 WHERE NOT regexp_full_match(t, '{ONE_GROUP_SQL}') AND NOT regexp_full_match(t, '{THOUSANDS_SQL}')
                   AND regexp_full_match(t, '{DECIMAL_SQL}')"""
            for kind, first in self.con.execute(query).fetchall():
                if first is not None:
                    kinds[kind] = first
            others = self.con.execute(
                f"SELECT {c}, min(row) FROM raw WHERE contains({c}, '.') AND strlen({c}) <> length({c}) GROUP BY {c}"
            ).fetchall()
            for raw, first in others:
                t = cleaned(raw)
                if ONE_GROUP.fullmatch(t):
                    continue
                kind = "thousands" if THOUSANDS.fullmatch(t) else "decimal" if DECIMAL.fullmatch(t) else None
                if kind and first < kinds.get(kind, first + 1):
                    kinds[kind] = first
            seen[name] = kinds
        return seen

    # --- the checks, in SQL --------------------------------------------------------------------

    def run(self) -> Checked:
        spec, col = self.spec, self.col
        self.indicators()
        given = None
        if spec.indicator_id is not None:
            indicator_sql = "'" + spec.indicator_id.replace("'", "''") + "'"
        else:
            given = col(spec.column("indicator"))
            indicator_sql = f"CASE WHEN {given} IN (SELECT id FROM inds) THEN {given} END"
        area = col(spec.column("area"))
        period = col(spec.column("period"))
        self.areas(area)
        self.periods(period)
        joins = [
            "LEFT JOIN inds i ON i.id = r.ind",
            f"LEFT JOIN area_map a ON a.raw = r.{area}",
            f"LEFT JOIN period_map p ON p.raw = r.{period}",
        ]
        flags = ["i.id IS NULL", "a.code IS NULL", "p.period IS NULL"]
        flags.append(f"p.period < i.first_period OR p.period > {int(self.this_year) + 1}")
        unit = col(spec.column("unit"))
        if unit:
            self.units(indicator_sql, unit)
            joins.append(f"LEFT JOIN unit_map u ON u.ind = i.id AND u.raw = r.{unit}")
            flags.append("u.ind IS NULL")
        # status: the status column's word, else the value column's sibling status mark, else final
        status_sql = "'final'"
        value_name = spec.column("value")
        sibling = f"{value_name}{STATUS_SUFFIX}" if value_name else None
        if sibling in self.position:
            self.siblings(col(sibling))
            joins.append(f"LEFT JOIN sibling_map sb ON sb.raw = r.{col(sibling)}")
            status_sql = "sb.status"
        status_column = col(spec.column("status"))
        if status_column:
            self.statuses(status_column)
            joins.append(f"LEFT JOIN status_map sm ON sm.raw = r.{status_column}")
            flags.append("sm.raw IS NULL")
            status_sql = f"CASE WHEN sm.status <> '' THEN sm.status ELSE {status_sql} END"
        numbers = {name: spec.column(name) for name in NUMBER_COLUMNS}
        mapped = {name: col(column) for name, column in numbers.items() if column}
        # an unknown indicator finds no row of ``inds`` (the LEFT JOIN below): the row is flagged
        picked = [f"{indicator_sql if spec.indicator_id is not None else given} AS ind"]
        sibling_column = col(sibling) if sibling in self.position else None
        picked += [f"{c} AS {c}" for c in sorted({area, period, unit, status_column, sibling_column} - {None})]
        common = (picked, joins, flags, status_sql, numbers, mapped)
        # first pass, over every row: the number cells SQL reads itself; a row with another number cell
        # (an SSB symbol, a space, '1.234') is ``pending``
        # fetched as Arrow, not stored as a table: a clean file's rows go on from here without a copy
        # in DuckDB (``good_rows`` sorts them in Arrow); the later queries read it as view ``figures``
        self.figures_read = self.con.sql(self.figures(*common, others=False)).to_arrow_table()
        self.con.register("figures_read", self.figures_read)
        pending = bool(mapped) and bool(pc.any(self.figures_read.column("pending")).as_py())
        if not pending:
            _run(self.con, "CREATE VIEW figures AS SELECT * FROM figures_read")
        else:
            # second pass, over the pending rows only: their other cells read once per distinct text in
            # Python (``cell_map``); rows still not read go to RowChecker like every bad row
            _run(self.con, "CREATE TABLE figures AS SELECT * FROM figures_read")
            self.con.unregister("figures_read")
            self.figures_read = None  # the table ``figures`` is changed below: read again by ``good_rows``
            _run(self.con, "CREATE TABLE pending_rows AS SELECT row FROM figures WHERE pending")
            if self.other_cells(sorted(set(mapped.values()))):
                if self.undecided:
                    self.seen = self.points({numbers[n]: c for n, c in mapped.items()})
                readings = {column: _reading(kinds) for column, kinds in (self.seen or {}).items()}
                redone = self.figures(*common, others=True, readings=readings)
                _run(self.con, "DELETE FROM figures WHERE pending")
                _run(self.con, f"INSERT INTO figures {redone}")
        _run(self.con, f"CREATE TABLE python_good AS SELECT {', '.join(COLUMNS)}, k FROM figures LIMIT 0")
        total = self.con.execute("SELECT count(*) FROM raw_read").fetchall()[0][0]
        return self.rows_in_python(total, {self.spec.column(n): c for n, c in mapped.items()})

    def figures(self, picked, joins, flags, status_sql, numbers, mapped, others: bool, readings=None) -> str:
        """The SELECT that reads and checks rows: every row, or (``others``) the pending rows with their
        number cells SQL does not read itself looked up in ``cell_map``. Its columns: the observation
        columns, ``row``, ``bad`` (the row goes to RowChecker), ``pending`` and ``k`` (the sort key)."""
        readings = readings or {}
        picked, joins, flags = list(picked), list(joins), list(flags)
        # each number cell is tested once for being a plain number SQL reads itself (``s_<field>``): a
        # whole number written as DuckDB writes it (``n_<field>``, its value ``t_<field>``; no pattern
        # to try), else ``SIMPLE``
        parsed, symbols, tested = {}, {}, []
        for name in numbers:
            c = mapped.get(name)
            if c is None:
                parsed[name], symbols[name] = "NULL::DOUBLE", "NULL::VARCHAR"
                continue
            picked.append(f"{c} AS x_{name}")
            # a cast that fails costs several times one that does not: tried only on text without a point
            guard = f"{c} <> '' AND strlen({c}) <= 13 AND NOT contains({c}, ',') AND NOT contains({c}, '.')"
            picked.append(f"CASE WHEN {guard} THEN TRY_CAST({c} AS BIGINT) END AS t_{name}")
            whole = f"coalesce(t_{name}::VARCHAR = x_{name} AND abs(t_{name}) < {WHOLE_LIMIT}, false)"
            tested.append(f"{whole} AS n_{name}")
            tested.append(f"CASE WHEN {whole} THEN true ELSE {_plain(f'x_{name}')} END AS s_{name}")
            number = (
                f"CASE WHEN r.n_{name} THEN r.t_{name}::DOUBLE ELSE CAST(replace(r.x_{name}, ',', '.') AS DOUBLE) END"
            )
            if others:
                alias = f"m_{name}"
                joins.append(f"LEFT JOIN cell_map {alias} ON {alias}.raw = r.x_{name} AND NOT r.s_{name}")
                # '1.234': read as the column's other points say; a count takes it as thousands
                reading, whole = readings.get(numbers[name]), WHOLE.get(name, "false")
                if reading == "thousands":
                    chosen, undecidable = f"{alias}.thousands", "false"
                elif reading == "decimal":
                    chosen, undecidable = f"{alias}.num", "false"
                else:
                    chosen, undecidable = f"CASE WHEN {whole} THEN {alias}.thousands END", f"NOT ({whole})"
                parsed[name] = (
                    f"CASE WHEN r.s_{name} THEN {number} WHEN {alias}.undecided THEN {chosen} ELSE {alias}.num END"
                )
                symbols[name] = f"CASE WHEN r.s_{name} THEN NULL ELSE {alias}.sym END"
                flags.append(f"NOT r.s_{name} AND ({alias}.raw IS NULL OR ({alias}.undecided AND {undecidable}))")
            else:
                parsed[name] = f"CASE WHEN r.s_{name} THEN {number} END"
                symbols[name] = "NULL::VARCHAR"
                flags.append(f"NOT r.s_{name}")
        plain = " AND ".join(f"r.s_{name}" for name in numbers if name in mapped) or "true"
        pending = "false" if others else f"NOT ({plain})"
        where = "WHERE row IN (SELECT row FROM pending_rows)" if others else ""
        shares = ("value", "numerator", "denominator")
        marked = " OR ".join(f"coalesce({symbols[n]}, '') = 'suppressed'" for n in shares)
        problems = [
            "numerator < 0 OR denominator < 0",
            f"NOT fractional AND (numerator <> floor(numerator) OR numerator > {MAX_COUNT})",
            f"NOT fractional AND (denominator <> floor(denominator) OR denominator > {MAX_COUNT})",
            "value < 0 AND not_negative",
            f"whole_value AND (value <> floor(value) OR value > {MAX_COUNT})",
            "denominator = 0 AND ratio",
            "numerator > denominator AND share",
            "percent AND (value < 0 OR value > 100)",
            "per_1000 AND (value < 0 OR value > 1000)",
            # a little stricter than RowChecker's tolerance: a value at its edge is left to RowChecker
            """denominator <> 0 AND ratio
               AND abs(numerator / denominator * scale - value)
                   > greatest(0.051, abs(numerator / denominator * scale) * 0.001) * factor * 0.999999""",
        ]
        # a check on an empty figure (NULL) does not apply; a row SQL cannot decide goes to RowChecker
        bad = "flagged OR " + " OR ".join(f"coalesce({p}, false)" for p in problems)
        return f"""
                WITH cells_read AS (SELECT row, {", ".join(picked)} FROM raw {where}),
                base AS (SELECT *{"".join(", " + t for t in tested)} FROM cells_read),
                cells AS (
                    SELECT r.row, i.id AS indicator_id, a.code AS area_code, p.period,
                           i.scale, i.fractional, i.factor, i.ratio, i.whole_value, i.not_negative, i.share,
                           i.percent, i.per_1000,
                           CASE WHEN p.period >= 0 AND p.period < {1 << PERIOD_BITS}
                                THEN (i.place << {AREA_BITS + PERIOD_BITS}) | (a.place << {PERIOD_BITS}) | p.period
                           END AS k,
                           {parsed["value"]} AS v0, {parsed["numerator"]} AS n0, {parsed["denominator"]} AS d0,
                           {parsed["ci_lower"]} AS l0, {parsed["ci_upper"]} AS u0,
                           CASE WHEN ({status_sql}) = 'final' AND ({marked}) THEN 'suppressed'
                                ELSE ({status_sql}) END AS s0,
                           coalesce(({" OR ".join(f"({f})" for f in flags)}), true) AS flagged,
                           {pending} AS pending
                    FROM base r {" ".join(joins)}),
                computed AS (
                    SELECT *, CASE WHEN v0 IS NULL AND n0 IS NOT NULL AND d0 IS NOT NULL AND d0 <> 0
                                    AND ratio THEN n0 / d0 * scale ELSE v0 END AS v1,
                              s0 IN ('suppressed', 'missing') AS gone
                    FROM cells),
                final AS (
                    SELECT row, indicator_id, area_code, period,
                           CASE WHEN gone THEN NULL ELSE v1 END AS value,
                           CASE WHEN gone THEN NULL ELSE n0 END AS numerator,
                           CASE WHEN gone THEN NULL ELSE d0 END AS denominator,
                           CASE WHEN gone THEN NULL ELSE l0 END AS ci_lower,
                           CASE WHEN gone THEN NULL ELSE u0 END AS ci_upper,
                           CASE WHEN gone THEN s0 WHEN v1 IS NULL THEN 'missing' ELSE s0 END AS status,
                           scale, fractional, factor, ratio, whole_value, not_negative, share, percent, per_1000,
                           flagged, pending, k
                    FROM computed)
                SELECT {", ".join(OBSERVATION_COLUMNS)}, row, coalesce({bad}, true) AS bad, pending, k FROM final"""

    def rows_in_python(self, total: int, number_columns: dict[str, str]) -> Checked:
        """The rows SQL did not pass, checked by ``RowChecker``, in file order, with the point readings
        of the whole columns (``number_columns``: file column → raw column); their good rows joined to
        the ones SQL passed."""
        width = len(self.table.columns)
        cells = ", ".join(f"c{i}" for i in range(width))
        if self.figures_read is not None:
            count = int(pc.sum(self.figures_read.column("bad")).as_py() or 0)
        else:
            count = self.con.execute("SELECT count(*) FROM figures WHERE bad").fetchall()[0][0]
        checker = None
        issues: list[Issue] = []
        skipped = 0
        if count:
            con = self.con
            # a table, not the view: the cursor below does not see what this connection registered
            _run(con, "CREATE TABLE bad_rows AS SELECT row FROM figures WHERE bad")

            def stream():
                cursor = con.cursor()
                try:
                    cursor.execute(f"SELECT row, {cells} FROM raw WHERE row IN (SELECT row FROM bad_rows) ORDER BY row")
                    while batch := cursor.fetchmany(FETCH_ROWS):
                        for record in batch:
                            yield record[0], list(record[1:])
                finally:
                    cursor.close()

            subset = Table(self.table.file, self.table.sheet, list(self.table.columns), stream)
            checker = RowChecker(subset, self.spec, self.registry, self.area_codes, self.this_year, self.names)
            checker.points.seen = self.seen if self.seen is not None else self.points(number_columns)
            good = checker.run()
            issues, skipped = checker.issues, checker.skipped
            if not good.empty:
                self.con.register("good_frame", good)
                # their sort key from the same places (an area code SQL did not read has none)
                key = f"(i.place << {AREA_BITS + PERIOD_BITS}) | (a.place << {PERIOD_BITS}) | g.period::BIGINT"
                _run(
                    self.con,
                    f"""INSERT INTO python_good SELECT {", ".join(f"g.{c}" for c in COLUMNS)},
                            CASE WHEN g.period >= 0 AND g.period < {1 << PERIOD_BITS} THEN {key} END
                        FROM good_frame g LEFT JOIN inds i ON i.id = g.indicator_id
                        LEFT JOIN (SELECT DISTINCT code, place FROM area_map) a ON a.code = g.area_code""",
                )
                self.con.unregister("good_frame")
        return Checked(
            rows=pd.DataFrame(columns=COLUMNS),
            issues=issues,
            read=total if checker is None else total - count + checker.read,
            skipped=skipped,
            con=self.con,
            figures=self.figures_read,
        )


def _plain(column: str) -> str:
    """SQL: whether a cell is a plain number SQL reads itself (``SIMPLE``, and not '1.234', whose
    point reads two ways; that pattern is tried only on cells with a point)."""
    one_group = f"contains({column}, '.') AND regexp_full_match({column}, '{ONE_GROUP_SQL}')"
    return f"(regexp_full_match({column}, '{SIMPLE}') AND NOT ({one_group}))"


def _reading(kinds: dict[str, int]) -> str | None:
    """A column's point reading as ``PointReading.of`` gives it: thousands, decimal, conflict or None."""
    if "thousands" in kinds and "decimal" in kinds:
        return "conflict"
    return next((kind for kind in ("thousands", "decimal") if kind in kinds), None)


def good_rows(checked: Checked) -> pa.Table:
    """The good rows (SQL's and RowChecker's), sorted by key (indicator, area, period) and row, as an
    Arrow table: repeated keys sit side by side (``duplicates``), and the writer inserts in key order
    (``Writer.add_observations``): it checks that no key repeats by comparing neighbours and stores them
    without sorting again (``batch_keys``). Sorted in Arrow on the one-integer key ``k`` (a stable sort
    of rows already in file order), or on the text when a row has none. Frees DuckDB's copy of the
    file (``raw_read``) and the table of every row as it goes: nothing after this reads them."""
    con = checked.con
    figures = checked.figures
    if figures is None:
        figures = con.sql("SELECT * FROM figures").to_arrow_table()
        _run(con, "DROP TABLE figures")
    else:
        _run(con, "DROP VIEW figures")
        con.unregister("figures_read")
    checked.figures = None
    python = con.sql("SELECT * FROM python_good").to_arrow_table()
    _run(con, "DROP TABLE raw_read")
    bad = figures.column("bad")
    if pc.any(bad).as_py():
        figures = figures.filter(pc.invert(bad))
    good = figures.select([*COLUMNS, "k"])
    del figures
    if python.num_rows:
        good = pa.concat_tables([good, python.select([*COLUMNS, "k"]).cast(good.schema)])
    return good.take(_key_order(good)).select(COLUMNS)


def _key_order(good: pa.Table) -> pa.Array | np.ndarray:
    """The positions of ``good``'s rows in key order (indicator, area, period, then row)."""
    if good.column("k").null_count:
        keys = ["indicator_id", "area_code", "period", "row"]
        return pc.sort_indices(good, sort_keys=[(name, "ascending") for name in keys])
    rows = good.column("row").to_numpy()
    if rows.size < 2 or bool((rows[1:] > rows[:-1]).all()):  # in file order: a stable sort on k keeps it
        return np.argsort(good.column("k").to_numpy(), kind="stable")
    return pc.sort_indices(good, sort_keys=[("k", "ascending"), ("row", "ascending")])


def duplicates(good: pa.Table, room: int) -> list[tuple[int, str, int, int]]:
    """Rows that repeat an indicator, area and period given in an earlier row, in file order: (row,
    area code, period, first row), at most ``room`` + 1 of them. ``good`` is sorted as ``good_rows``
    sorts it, so a repeated key follows its first row."""
    n = good.num_rows
    if n < 2:
        return []
    same = np.ones(n - 1, dtype=bool)
    for name in ("indicator_id", "area_code", "period"):
        column = good.column(name).combine_chunks()
        same &= pc.equal(column.slice(1), column.slice(0, n - 1)).to_numpy(zero_copy_only=False)
    if not same.any():
        return []
    starts = np.concatenate([[True], ~same])
    first_at = np.maximum.accumulate(np.where(starts, np.arange(n), 0))
    rows = good.column("row").to_numpy()
    at = np.flatnonzero(~starts)
    at = at[np.argsort(rows[at], kind="stable")][: max(room, 0) + 1]
    areas, periods = good.column("area_code").take(at).to_pylist(), good.column("period").take(at).to_pylist()
    return [
        (int(rows[i]), area, int(period), int(rows[first_at[i]]))
        for i, area, period in zip(at, areas, periods, strict=True)
    ]


def without(good: pa.Table, bad_rows: set[int]) -> pa.Table:
    """``good`` without the rows in ``bad_rows``."""
    if not bad_rows:
        return good
    return good.filter(pc.invert(pc.is_in(good.column("row"), pa.array(sorted(bad_rows), pa.int64()))))


def in_file_order(good: pa.Table, rows: int | None = None) -> pa.Table:
    """The rows of ``good`` in file order (the first ``rows`` of them)."""
    if rows is not None and rows < good.num_rows:
        if rows <= 0:
            return good.slice(0, 0)
        return good.take(pc.bottom_k_unstable(good.column("row"), rows)).sort_by("row")
    return good.sort_by("row")


def arrow_to_pandas(table: pa.Table) -> pd.DataFrame:
    """Good rows from ``good_rows`` as a DataFrame in file order (the Arrow copy freed as it goes)."""
    return in_file_order(table).to_pandas(self_destruct=True, split_blocks=True)[COLUMNS]
