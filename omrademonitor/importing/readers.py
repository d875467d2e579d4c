"""Reading a file into a table of raw cells, remembering each row's number in the file.

CSV: UTF-8 (with or without BOM) or Windows-1252/Latin-1; ';', ',' or tab; SSB's title lines
above the header are skipped. Excel: any sheet, header not necessarily in the first row.
JSON-stat 2.0 (SSB PxWebApi): one row per combination of the non-measure dimensions, one column
per measure (ContentsCode), with SSB's status symbols kept beside each.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import json
from collections import Counter
from dataclasses import dataclass
from pathlib import PurePath

import pandas as pd

from omrademonitor.importing.issues import Issue

STATUS_SUFFIX = ":status"


@dataclass
class Table:
    """Raw cells of one sheet: a header, rows as strings or numbers, and each row's number in the file."""

    file: str
    sheet: str | None
    frame: pd.DataFrame
    row_numbers: list[int]
    sheets: tuple[str, ...] = ()


class ReadError(Exception):
    """The file cannot be read as a table; ``issue`` says why."""

    def __init__(self, issue: Issue) -> None:
        super().__init__(issue.message())
        self.issue = issue


def kind_of(name: str) -> str:
    """'csv', 'excel' or 'jsonstat' by the file name's ending."""
    suffix = PurePath(name).suffix.lower()
    if suffix in (".csv", ".txt", ".tsv"):
        return "csv"
    if suffix in (".xlsx", ".xlsm"):
        return "excel"
    if suffix == ".json":
        return "jsonstat"
    raise ReadError(Issue(name, "unsupported_format", params={"suffix": suffix or "(none)"}))


def read_table(data: bytes, name: str, sheet: str | None = None, header_row: int | None = None) -> Table:
    """Read ``data`` (the bytes of a file called ``name``) into a Table."""
    kind = kind_of(name)
    if not data.strip():
        raise ReadError(Issue(name, "empty_file"))
    if kind == "csv":
        return _read_csv(data, name, header_row)
    if kind == "excel":
        return _read_excel(data, name, sheet, header_row)
    return _read_jsonstat(data, name)


def decode(data: bytes) -> str:
    """Text from UTF-8 (BOM or not), else Windows-1252, else Latin-1 — so æøå survive either way."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8")
    for encoding in ("utf-8", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def _rows(lines: list[str], delimiter: str) -> list[list[str]]:
    return list(csv.reader(lines, delimiter=delimiter))


def _read_csv(data: bytes, name: str, header_row: int | None) -> Table:
    lines = decode(data).splitlines()
    best = None
    for delimiter in (";", ",", "\t"):
        counts = Counter(len(r) for r in _rows(lines[:200], delimiter) if len(r) > 1)
        if counts:
            width, seen = counts.most_common(1)[0]
            if best is None or seen > best[2]:
                best = (delimiter, width, seen)
    if best is None:
        raise ReadError(Issue(name, "no_table"))
    delimiter, width, _ = best
    rows = _rows(lines, delimiter)
    if header_row is not None:
        if not 1 <= header_row <= len(rows):
            raise ReadError(Issue(name, "bad_header_row", params={"row": header_row}))
        start = header_row - 1
    else:
        start = next(i for i, r in enumerate(rows) if len(r) == width and all(c.strip() for c in r))
    header = [c.strip() for c in rows[start]]
    body, numbers = [], []
    for index in range(start + 1, len(rows)):
        row = rows[index]
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            raise ReadError(
                Issue(
                    name,
                    "wrong_field_count",
                    row=index + 1,
                    whole_file=True,
                    params={"found": len(row), "expected": len(header)},
                )
            )
        body.append(row)
        numbers.append(index + 1)
    return Table(name, None, _frame(header, body, name), numbers)


def _frame(header: list[str], body: list[list], name: str) -> pd.DataFrame:
    duplicates = [h for h, n in Counter(header).items() if n > 1]
    if duplicates:
        raise ReadError(Issue(name, "duplicate_columns", params={"columns": ", ".join(duplicates)}))
    return pd.DataFrame(body, columns=header, dtype=object)


def _read_excel(data: bytes, name: str, sheet: str | None, header_row: int | None) -> Table:
    import openpyxl  # imported here: only Excel imports need it

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a broken file
        raise ReadError(Issue(name, "unreadable", params={"error": type(exc).__name__})) from exc
    names = tuple(workbook.sheetnames)
    chosen = sheet or names[0]
    if chosen not in names:
        raise ReadError(Issue(name, "unknown_sheet", sheet=chosen, params={"sheets": ", ".join(names)}))
    rows = [list(r) for r in workbook[chosen].iter_rows(values_only=True)]
    workbook.close()
    filled = [sum(c not in (None, "") for c in r) for r in rows]
    if not rows or max(filled) < 2:
        raise ReadError(Issue(name, "no_table", sheet=chosen))
    if header_row is not None:
        start = header_row - 1
        if not 0 <= start < len(rows):
            raise ReadError(Issue(name, "bad_header_row", sheet=chosen, params={"row": header_row}))
    else:
        widest = max(filled[:30])
        start = next(i for i, n in enumerate(filled) if n >= max(2, widest // 2 + 1))
    width = max(i + 1 for i, c in enumerate(rows[start]) if c not in (None, ""))
    header = [str(c).strip() if c is not None else f"column {i + 1}" for i, c in enumerate(rows[start][:width])]
    body, numbers = [], []
    for index in range(start + 1, len(rows)):
        row = (rows[index] + [None] * width)[:width]
        if all(c in (None, "") for c in row):
            continue
        body.append(["" if c is None else c for c in row])
        numbers.append(index + 1)
    table = Table(name, chosen, _frame(header, body, name), numbers, names)
    return table


def _categories(dimension: dict) -> list[str]:
    index = dimension.get("category", {}).get("index")
    if index is None:
        return list(dimension.get("category", {}).get("label", {}))
    if isinstance(index, list):
        return [str(code) for code in index]
    return [code for code, _ in sorted(index.items(), key=lambda item: item[1])]


def _at(container, position: int):
    if isinstance(container, list):
        return container[position] if position < len(container) else None
    if isinstance(container, dict):
        return container.get(str(position))
    return container  # a single status for every cell


def _read_jsonstat(data: bytes, name: str) -> Table:
    try:
        document = json.loads(decode(data))
    except json.JSONDecodeError as exc:
        raise ReadError(Issue(name, "not_json", params={"error": exc.msg, "line": exc.lineno})) from exc
    if isinstance(document, dict) and "dataset" in document and "class" not in document:
        document = document["dataset"]
    if not isinstance(document, dict) or document.get("class") != "dataset" or "id" not in document:
        raise ReadError(Issue(name, "not_jsonstat"))
    dims, sizes = document["id"], document["size"]
    categories = [_categories(document["dimension"][d]) for d in dims]
    if [len(c) for c in categories] != list(sizes):
        raise ReadError(Issue(name, "not_jsonstat"))
    metric = (document.get("role", {}).get("metric") or [d for d in dims if d == "ContentsCode"] or [None])[0]
    values, status = document.get("value", []), document.get("status")
    strides = [1] * len(dims)
    for i in range(len(dims) - 2, -1, -1):
        strides[i] = strides[i + 1] * sizes[i + 1]
    records: dict[tuple, dict] = {}
    first_position: dict[tuple, int] = {}
    for combo in itertools.product(*[range(s) for s in sizes]):
        position = sum(c * s for c, s in zip(combo, strides, strict=True))
        key = tuple(categories[i][c] for i, c in enumerate(combo) if dims[i] != metric)
        record = records.setdefault(
            key, {d: categories[i][c] for i, (d, c) in enumerate(zip(dims, combo, strict=True)) if d != metric}
        )
        first_position.setdefault(key, position + 1)
        measure = categories[dims.index(metric)][combo[dims.index(metric)]] if metric else "value"
        value = _at(values, position)
        record[measure] = "" if value is None else value
        record[measure + STATUS_SUFFIX] = _at(status, position) or ""
    frame = pd.DataFrame(list(records.values()), dtype=object)
    return Table(name, None, frame, [first_position[k] for k in records])
