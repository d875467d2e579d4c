"""Excel workbooks (.xlsx), streamed: any sheet, the header not necessarily in the first row.

Before openpyxl sees a file it is checked: an encrypted workbook or an old .xls is named as such,
and the archive's size is capped. Formula cells without a saved value (files written by programs
that do not calculate) are an error naming the cells, never read as missing.
"""

from __future__ import annotations

import io
import re
import zipfile
from xml.etree import ElementTree

from openpyxl.utils import coordinate_to_tuple, get_column_letter

from omrademonitor.importing.archives import archive_issue
from omrademonitor.importing.headers import TwoLevel, long_rows, two_level
from omrademonitor.importing.issues import Figure, Issue
from omrademonitor.importing.limits import (
    HEADER_SEARCH_ROWS,
    MAX_CELLS,
    MAX_COLUMNS,
    MAX_SHARED_STRINGS_BYTES,
    MAX_WORKBOOK_BYTES,
)
from omrademonitor.importing.table import ReadError, Rows, Table, without_footnotes

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
FORMULA_TAG = re.compile(rb"<(?:\w+:)?f[\s/>]")
CELLS_NAMED = 10


def read_excel(data: bytes, file: str, sheet: str | None, header_row: int | None) -> Table:
    """The table on ``sheet`` (default: the first)."""
    _check_container(data, file)
    workbook = _open(data, file)
    names = tuple(workbook.sheetnames)
    workbook.close()
    chosen = sheet or names[0]
    if chosen not in names:
        raise ReadError(Issue(file, "unknown_sheet", sheet=chosen, params={"sheets": ", ".join(names)}))

    def cells() -> Rows:
        return _sheet_rows(data, file, chosen)

    start, header = _header(cells(), header_row, file, chosen)
    two, start = _two_level(cells(), start, header_row)
    if two is not None:
        header = two.names
    missing = _formulas_without_values(data, file, chosen, start, len(header))
    if missing:
        row, column = missing[0]
        named = ", ".join(f"{get_column_letter(c)}{r}" for r, c in missing[:CELLS_NAMED])
        raise ReadError(
            Issue(
                file,
                "formula_without_value",
                row=row,
                column=header[column - 1],
                sheet=chosen,
                whole_file=True,
                params={"count": len(missing), "cells": named + (", …" if len(missing) > CELLS_NAMED else "")},
            )
        )

    notes: dict[int, str] = {}

    def rows() -> Rows:
        width = len(header)
        for number, row in cells():
            if number <= start:
                continue
            row = (list(row) + [None] * width)[:width]
            if all(c in (None, "") for c in row):
                continue
            yield number, ["" if c is None else c for c in row]

    def stream() -> Rows:
        return without_footnotes(rows(), len(header), notes)

    if two is not None and two.uniform:  # one row per area and year: every count keeps its year
        return Table(file, chosen, two.long_columns(), lambda: long_rows(two, stream()), names, footnotes=notes)
    return Table(file, chosen, header, stream, names, footnotes=notes)


def _two_level(rows: Rows, start: int, header_row: int | None) -> tuple[TwoLevel | None, int]:
    """The two-level header around the found header row (it and the next, or the one before and it),
    and the number of its last row; (None, start) when there is none or the user named the header row."""
    if header_row is not None:
        return None, start
    near = {}
    for number, row in rows:
        if number >= start - 1:
            near[number] = list(row)
        if number > start:
            break
    for upper, lower in ((start, start + 1), (start - 1, start)):
        if upper in near and lower in near:
            found = two_level(near[upper], near[lower])
            if found is not None:
                return found, lower
    return None, start


def _check_container(data: bytes, file: str) -> None:
    if data.startswith(OLE_MAGIC):
        encrypted = "EncryptedPackage".encode("utf-16-le") in data
        raise ReadError(Issue(file, "encrypted_workbook" if encrypted else "old_excel"))
    if not data.startswith(b"PK"):
        raise ReadError(Issue(file, "not_xlsx"))
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            problem = archive_issue(archive, file, MAX_WORKBOOK_BYTES)
            strings = next((m for m in archive.infolist() if m.filename.endswith("sharedStrings.xml")), None)
            if problem is None and strings is not None and strings.file_size > MAX_SHARED_STRINGS_BYTES:
                problem = archive_issue(archive, file, MAX_SHARED_STRINGS_BYTES)
    except Exception as exc:  # zipfile raises many types for a broken archive
        raise ReadError(_unreadable(file, exc)) from exc
    if problem is not None:
        raise ReadError(problem)


def _open(data: bytes, file: str):
    import openpyxl  # imported here: only Excel imports need it

    try:
        return openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a broken file
        raise ReadError(_unreadable(file, exc)) from exc


def _unreadable(file: str, exc: Exception, sheet: str | None = None, row: int | None = None) -> Issue:
    error = f"{type(exc).__name__}: {exc}"[:120]
    return Issue(file, "unreadable", row=row, sheet=sheet, whole_file=row is not None, params={"error": error})


def _sheet_rows(data: bytes, file: str, sheet: str) -> Rows:
    """(row number, values) of every row, without padding rows to a declared (possibly absurd) size."""
    workbook = _open(data, file)
    number = 0
    try:
        worksheet = workbook[sheet]
        worksheet.reset_dimensions()  # the sheet's own <dimension> may claim a million columns
        cells = 0
        for number, row in enumerate(worksheet.iter_rows(values_only=True), start=1):
            cells += max(1, len(row))
            if cells > MAX_CELLS:
                limit = Figure(MAX_CELLS)
                raise ReadError(
                    Issue(file, "too_many_cells", row=number, sheet=sheet, whole_file=True, params={"limit": limit})
                )
            yield number, row
    except ReadError:
        raise
    except Exception as exc:  # a broken sheet (bad XML, a damaged archive member) met while reading
        raise ReadError(_unreadable(file, exc, sheet, number + 1)) from exc
    finally:
        workbook.close()


def _header(rows: Rows, header_row: int | None, file: str, sheet: str) -> tuple[int, list[str]]:
    """The header's row number and names: the given row, or the first row filled about as wide as the top rows."""
    seen = []
    for number, row in rows:
        filled = sum(c not in (None, "") for c in row)
        if header_row is not None and number == header_row:
            return number, _names(row, file, sheet, number)
        if header_row is None and filled:
            seen.append((number, row, filled))
        if len(seen) >= HEADER_SEARCH_ROWS or (header_row is not None and number > header_row):
            break
    if header_row is not None:
        raise ReadError(Issue(file, "bad_header_row", sheet=sheet, params={"row": header_row}))
    if not seen or max(f for _, _, f in seen) < 2:
        raise ReadError(Issue(file, "no_table", sheet=sheet))
    widest = max(f for n, _, f in seen if n <= seen[0][0] + 29)
    number, row, _ = next(s for s in seen if s[2] >= max(2, widest // 2 + 1))
    return number, _names(row, file, sheet, number)


def _names(row, file: str, sheet: str, number: int) -> list[str]:
    filled = [i + 1 for i, c in enumerate(row) if c not in (None, "")]
    if not filled:
        raise ReadError(Issue(file, "no_table", sheet=sheet))
    width = max(filled)
    if width > MAX_COLUMNS:
        params = {"found": Figure(width), "limit": Figure(MAX_COLUMNS)}
        raise ReadError(Issue(file, "too_many_columns", row=number, sheet=sheet, whole_file=True, params=params))
    return [str(c).strip() if c is not None else f"column {i + 1}" for i, c in enumerate(row[:width])]


def _formulas_without_values(data: bytes, file: str, sheet: str, first_row: int, width: int) -> list[tuple[int, int]]:
    """(row, column) of formula cells at or below ``first_row`` and within ``width`` that hold no saved value."""
    workbook = _open(data, file)
    path = workbook[sheet]._worksheet_path  # openpyxl keeps where the sheet is in the archive only here
    workbook.close()
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if not _has_formulas(archive, path):
                return []
            with archive.open(path) as source:
                return _scan(source, first_row, width)
    except Exception as exc:  # bad XML or a damaged member, found before openpyxl would meet it
        raise ReadError(_unreadable(file, exc, sheet)) from exc


def _has_formulas(archive: zipfile.ZipFile, path: str) -> bool:
    """Whether the sheet's XML holds any formula element (a quick search before parsing)."""
    tail = b""
    with archive.open(path) as source:
        while chunk := source.read(1 << 20):
            if FORMULA_TAG.search(tail + chunk):
                return True
            tail = chunk[-16:]
    return False


def _scan(source, first_row: int, width: int) -> list[tuple[int, int]]:
    found = []
    row_number, column, rows = 0, 0, None
    for event, element in ElementTree.iterparse(source, events=("start", "end")):
        tag = element.tag.rsplit("}", 1)[-1]
        if event == "start":
            if tag == "sheetData":
                rows = element
            elif tag == "row":
                row_number, column = int(element.get("r") or row_number + 1), 0
            continue
        if tag == "c":
            where = element.get("r")
            row_number, column = coordinate_to_tuple(where) if where else (row_number, column + 1)
            if _unsaved_formula(element) and row_number >= first_row and column <= width:
                found.append((row_number, column))
        elif tag == "row" and rows is not None:
            rows.clear()  # the rows read so far: keeps memory flat however long the sheet
    return found


def _unsaved_formula(cell) -> bool:
    """A formula cell without a saved result (an empty result of a text formula is saved as t="str")."""
    parts = {child.tag.rsplit("}", 1)[-1]: child for child in cell}
    if "f" not in parts:
        return False
    value = parts.get("v")
    return value is None or (not value.text and cell.get("t") != "str")
