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

import math
import os
import tempfile
from dataclasses import dataclass, field

import duckdb
import pandas as pd

from omrademonitor.importing.cells import NotANumber, parse_number, parse_period, symbol_status
from omrademonitor.importing.checks import COLUMNS, STATUS_WORDS, RowChecker
from omrademonitor.importing.codes import AreaNames, current_code
from omrademonitor.importing.issues import Issue
from omrademonitor.importing.limits import MAX_CELLS, MAX_COUNT, MAX_FIELD_CHARS, MAX_MAGNITUDE
from omrademonitor.importing.points import DECIMAL, ONE_GROUP, THOUSANDS, cleaned, undecided
from omrademonitor.importing.spec import ImportSpec
from omrademonitor.importing.table import STATUS_SUFFIX, CsvSource, Table
from omrademonitor.ingest import OBSERVATION_COLUMNS
from omrademonitor.registry import Registry

ENABLED = True  # tests switch it off to compare with the row-by-row path
FETCH_ROWS = 10_000  # rows handed to RowChecker per fetch
MEMORY_LIMIT = "600MB"

# The cells SQL reads itself: a plain number with at most 12 digits before the point or comma (so
# below MAX_MAGNITUDE), except the ones whose point may be a thousands separator ('1.234').
SIMPLE = r"-?[0-9]{1,12}([.,][0-9]{1,40})?"
ONE_GROUP_SQL = r"[+-]?[1-9][0-9]{0,2}\.[0-9]{3}"
THOUSANDS_SQL = r"[+-]?[1-9][0-9]{0,2}(\.[0-9]{3})+(,[0-9]+)?%?"
DECIMAL_SQL = (
    r"([+-]?[0-9]*\.([0-9]{1,2}|[0-9]{4,})%?|[+-]?0\.[0-9]+%?"
    r"|[+-]?[0-9]{4,}\.[0-9]+%?|[+-]?[0-9]{1,3}(,[0-9]{3})+\.[0-9]+)"
)
ASCII_SPACES = r"[\x09-\x0d\x1c-\x20]"  # what Python's \s matches among ASCII characters
# Python's str.strip() and \s also take these; a row whose cells may all be blank goes to Python.
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
    con: duckdb.DuckDBPyConnection | None = None  # holds table ``checked`` (the good rows, with row)


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
    if spec.column("period") is None or source.encoding not in ("utf-8", "utf-8-sig"):
        return None
    body = _body(source)
    if body is None:
        return None
    con = duckdb.connect()
    _run(con, f"SET memory_limit = '{MEMORY_LIMIT}'")
    _run(con, "SET preserve_insertion_order = true")
    try:
        loaded = _load(con, body, source, len(table.columns))
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


def _body(source: CsvSource) -> bytes | None:
    """The bytes under the header, when DuckDB reads them record by record as csv does; else None."""
    data = source.data
    if b'"' in data or (b"\r" in data and data.count(b"\r") != data.count(b"\r\n")):
        return None
    start = 0
    for _ in range(source.header_line):
        found = data.find(b"\n", start)
        if found < 0:
            return b""
        start = found + 1
    body = data[start:].rstrip(b"\r\n")
    if b"\n\n" in body or b"\n\r\n" in body or body.startswith((b"\n", b"\r")):
        return None
    return body


def _load(con, body: bytes, source: CsvSource, width: int) -> bool:
    """Read the body into table ``raw`` (c0 … cN as text, '' for empty, and ``row``, the line in the
    file); False when DuckDB cannot read it as csv would, or the file is past a reading limit."""
    columns = ", ".join(f"'c{i}': 'VARCHAR'" for i in range(width))
    lines = body.count(b"\n") + 1 if body else 0
    if lines * width > MAX_CELLS:
        return False
    handle, path = tempfile.mkstemp(suffix=".csv")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(body)
        delimiter = source.delimiter.replace("'", "''")
        try:
            _run(
                con,
                f"""CREATE TABLE raw_read AS SELECT * FROM read_csv(?, header = false, delim = '{delimiter}',
                    quote = '', escape = '', auto_detect = false, columns = {{{columns}}},
                    max_line_size = 4194304)""",
                [path],
            )
        except duckdb.Error:
            return False
    finally:
        os.unlink(path)
    cells = ", ".join(f"coalesce(c{i}, '') AS c{i}" for i in range(width))
    _run(con, f"CREATE TABLE raw AS SELECT rowid + {source.header_line + 1} AS row, {cells} FROM raw_read")
    _run(con, "DROP TABLE raw_read")
    count = con.execute("SELECT count(*) FROM raw").fetchall()[0][0]
    if count != lines:
        return False
    longest = " OR ".join(f"strlen(c{i}) > {MAX_FIELD_CHARS}" for i in range(width))
    all_blank = " AND ".join(f"regexp_matches(c{i}, '{MAYBE_BLANK}')" for i in range(width))
    note_like = " AND ".join(f"regexp_matches(c{i}, '{MAYBE_BLANK}')" for i in range(1, width)) or "true"
    unusual = con.execute(f"SELECT count(*) FROM raw WHERE ({longest}) OR ({all_blank}) OR ({note_like})").fetchall()[0]
    return unusual[0] == 0


class _Check:
    def __init__(self, con, table, spec, registry, area_codes, this_year, names, source) -> None:
        self.con, self.table, self.spec, self.registry = con, table, spec, registry
        self.area_codes, self.this_year, self.names, self.source = area_codes, this_year, names, source
        self.position = {c: i for i, c in enumerate(table.columns)}

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
        rows = []
        for ind in self.registry:
            factor = 10 ** (1 - ind.decimals)
            rows.append(
                (
                    ind.id,
                    ind.unit.value,
                    ind.aggregation.value,
                    float(ind.scale),
                    bool(ind.fractional_counts),
                    int(ind.first_period),
                    float(factor),
                )
            )
        frame = pd.DataFrame(
            rows, columns=["id", "unit", "aggregation", "scale", "fractional", "first_period", "factor"]
        ).astype({"id": object, "unit": object, "aggregation": object})
        self.register("inds", frame)

    def areas(self, column: str) -> None:
        pairs = []
        for raw in self.distinct(column):
            area = current_code(raw)
            if area not in self.area_codes:
                area = self.names.code(raw, self.spec.area_level)
            if isinstance(area, str):
                pairs.append((raw, area))
        self.register("area_map", pd.DataFrame(pairs, columns=["raw", "code"], dtype=object))

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

    def other_cells(self, columns: list[str]) -> None:
        """Number cells SQL does not read itself: SSB symbols, spaces, signs, '%'; read in Python."""
        union = " UNION ".join(
            f"SELECT {c} AS raw FROM raw WHERE NOT regexp_full_match({c}, '{SIMPLE}')" for c in columns
        )
        rows = []
        for (raw,) in self.con.execute(union).fetchall():
            symbol = symbol_status(raw)
            if symbol is not None:
                rows.append((raw, symbol, None))
                continue
            if undecided(raw):
                continue
            try:
                amount = parse_number(raw)
            except NotANumber:
                continue
            if math.isfinite(amount) and abs(amount) <= MAX_MAGNITUDE:
                rows.append((raw, None, amount))
        frame = pd.DataFrame(rows, columns=["raw", "sym", "num"]).astype(
            {"raw": object, "sym": object, "num": "float64"}
        )
        self.register("cell_map", frame)

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
            f"LEFT JOIN inds i ON i.id = {indicator_sql}",
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
        numbers = {name: spec.column(name) for name in ("value", "numerator", "denominator", "ci_lower", "ci_upper")}
        mapped = {name: col(column) for name, column in numbers.items() if column}
        if mapped:
            self.other_cells(sorted(set(mapped.values())))
        parsed, symbols = {}, {}
        for name in numbers:
            c = mapped.get(name)
            if c is None:
                parsed[name], symbols[name] = "NULL::DOUBLE", "NULL::VARCHAR"
                continue
            alias = f"m_{name}"
            simple = f"(regexp_full_match(r.{c}, '{SIMPLE}') AND NOT regexp_full_match(r.{c}, '{ONE_GROUP_SQL}'))"
            joins.append(f"LEFT JOIN cell_map {alias} ON {alias}.raw = r.{c} AND NOT {simple}")
            parsed[name] = f"CASE WHEN {simple} THEN CAST(replace(r.{c}, ',', '.') AS DOUBLE) ELSE {alias}.num END"
            symbols[name] = f"CASE WHEN {simple} THEN NULL ELSE {alias}.sym END"
            flags.append(f"NOT {simple} AND {alias}.raw IS NULL")
        shares = ("value", "numerator", "denominator")
        marked = " OR ".join(f"coalesce({symbols[n]}, '') = 'suppressed'" for n in shares)
        _run(
            self.con,
            f"""CREATE TABLE cells AS SELECT r.row, i.id AS indicator_id, a.code AS area_code, p.period,
                   i.unit, i.aggregation, i.scale, i.fractional, i.factor,
                   {parsed["value"]} AS v0, {parsed["numerator"]} AS n0, {parsed["denominator"]} AS d0,
                   {parsed["ci_lower"]} AS l0, {parsed["ci_upper"]} AS u0,
                   CASE WHEN ({status_sql}) = 'final' AND ({marked}) THEN 'suppressed' ELSE ({status_sql}) END AS s0,
                   coalesce(({" OR ".join(f"({f})" for f in flags)}), true) AS flagged
                FROM raw r {" ".join(joins)}""",
        )
        _run(
            self.con,
            """CREATE TABLE figures AS
               WITH computed AS (
                   SELECT *, CASE WHEN v0 IS NULL AND n0 IS NOT NULL AND d0 IS NOT NULL AND d0 <> 0
                                   AND aggregation = 'ratio' THEN n0 / d0 * scale ELSE v0 END AS v1
                   FROM cells),
               hidden AS (
                   SELECT *, s0 IN ('suppressed', 'missing') AS gone FROM computed)
               SELECT row, indicator_id, area_code, period,
                      CASE WHEN gone THEN NULL ELSE v1 END AS value,
                      CASE WHEN gone THEN NULL ELSE n0 END AS numerator,
                      CASE WHEN gone THEN NULL ELSE d0 END AS denominator,
                      CASE WHEN gone THEN NULL ELSE l0 END AS ci_lower,
                      CASE WHEN gone THEN NULL ELSE u0 END AS ci_upper,
                      CASE WHEN gone THEN s0 WHEN v1 IS NULL THEN 'missing' ELSE s0 END AS status,
                      unit, aggregation, scale, fractional, factor, flagged
               FROM hidden""",
        )
        _run(self.con, "DROP TABLE cells")
        bad = f"""
            flagged
            OR numerator < 0 OR denominator < 0
            OR (NOT fractional AND numerator IS NOT NULL AND (numerator <> floor(numerator) OR numerator > {MAX_COUNT}))
            OR (NOT fractional AND denominator IS NOT NULL
                AND (denominator <> floor(denominator) OR denominator > {MAX_COUNT}))
            OR (value < 0 AND unit IN ('count', 'square_metres'))
            OR (value IS NOT NULL AND unit = 'count' AND NOT fractional
                AND (value <> floor(value) OR value > {MAX_COUNT}))
            OR (denominator = 0 AND aggregation = 'ratio')
            OR (numerator > denominator AND unit IN ('percent', 'per_1000'))
            OR (unit = 'percent' AND (value < 0 OR value > 100))
            OR (unit = 'per_1000' AND (value < 0 OR value > 1000))
            OR (value IS NOT NULL AND numerator IS NOT NULL AND denominator IS NOT NULL AND denominator <> 0
                AND aggregation = 'ratio'
                AND abs(numerator / denominator * scale - value)
                    > greatest(0.051, abs(numerator / denominator * scale) * 0.001) * factor * 0.999999)"""
        _run(
            self.con,
            f"""CREATE TABLE checked AS SELECT {", ".join(OBSERVATION_COLUMNS)}, row FROM figures
                WHERE NOT coalesce({bad}, true) ORDER BY row""",
        )
        _run(self.con, f"CREATE TABLE flagged AS SELECT row FROM figures WHERE coalesce({bad}, true)")
        _run(self.con, "DROP TABLE figures")
        total = self.con.execute("SELECT count(*) FROM raw").fetchall()[0][0]
        seen = self.points({self.spec.column(n): c for n, c in mapped.items()})
        return self.rows_in_python(total, seen)

    def rows_in_python(self, total: int, seen: dict[str, dict[str, int]]) -> Checked:
        """The rows SQL did not pass, checked by ``RowChecker``, in file order; their good rows joined
        to the ones SQL passed."""
        width = len(self.table.columns)
        cells = ", ".join(f"c{i}" for i in range(width))
        count = self.con.execute("SELECT count(*) FROM flagged").fetchall()[0][0]
        checker = None
        issues: list[Issue] = []
        skipped = 0
        if count:
            con = self.con

            def stream():
                cursor = con.cursor()
                try:
                    cursor.execute(f"SELECT row, {cells} FROM raw SEMI JOIN flagged USING (row) ORDER BY row")
                    while batch := cursor.fetchmany(FETCH_ROWS):
                        for record in batch:
                            yield record[0], list(record[1:])
                finally:
                    cursor.close()

            subset = Table(self.table.file, self.table.sheet, list(self.table.columns), stream)
            checker = RowChecker(subset, self.spec, self.registry, self.area_codes, self.this_year, self.names)
            checker.points.seen = seen
            good = checker.run()
            issues, skipped = checker.issues, checker.skipped
            if not good.empty:
                self.con.register("good_frame", good)
                _run(self.con, f"INSERT INTO checked SELECT {', '.join(COLUMNS)} FROM good_frame")
                self.con.unregister("good_frame")
        return Checked(
            rows=pd.DataFrame(columns=COLUMNS),
            issues=issues,
            read=total if checker is None else total - count + checker.read,
            skipped=skipped,
            con=self.con,
        )


def duplicates(con, room: int) -> list[tuple[int, str, int, int]]:
    """Rows that repeat an indicator, area and period given in an earlier row, in file order: (row,
    area code, period, first row), at most ``room`` + 1 of them."""
    return con.execute(
        """SELECT row, area_code, period, first FROM (
               SELECT row, area_code, period,
                      min(row) OVER (PARTITION BY indicator_id, area_code, period) AS first
               FROM checked)
           WHERE row > first ORDER BY row LIMIT ?""",
        [max(room, 0) + 1],
    ).fetchall()


def observations(con, bad_rows: set[int]) -> pd.DataFrame:
    """The good rows in file order, as the observations to write (without the rows in ``bad_rows``)."""
    if bad_rows:
        con.register("bad_rows", pd.DataFrame({"row": sorted(bad_rows)}, dtype="int64"))
        query = "SELECT * FROM checked ANTI JOIN bad_rows USING (row) ORDER BY row"
    else:
        query = "SELECT * FROM checked ORDER BY row"
    frame = con.execute(query).df()
    return frame[COLUMNS]
