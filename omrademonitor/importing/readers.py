"""Reading a file into a Table of raw cells, remembering each row's number in the file.

CSV: UTF-8 (with or without BOM), UTF-16 with a BOM, or Windows-1252/Latin-1; ';', ',' or tab;
SSB's title lines above the header are skipped (``csvfile``). Excel: any sheet, header not
necessarily in the first row (``excel``). JSON-stat 2.0 (SSB PxWebApi): one row per combination of
the non-measure dimensions, one column per measure (``jsonstat``). CSV and Excel rows are streamed.
"""

from __future__ import annotations

from pathlib import PurePath

from omrademonitor.importing.csvfile import read_csv
from omrademonitor.importing.excel import read_excel
from omrademonitor.importing.headers import read_csv_two_level
from omrademonitor.importing.issues import Issue
from omrademonitor.importing.jsonstat import read_jsonstat
from omrademonitor.importing.table import STATUS_SUFFIX, ReadError, Table
from omrademonitor.importing.text import decode

__all__ = ["STATUS_SUFFIX", "ReadError", "Table", "decode", "kind_of", "read_table"]


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
    if not data or data.isspace():
        raise ReadError(Issue(name, "empty_file"))
    if kind == "csv":
        two_level = read_csv_two_level(data, name) if header_row is None else None  # a year over Teller/Nevner
        return two_level or read_csv(data, name, header_row)
    if kind == "excel":
        return read_excel(data, name, sheet, header_row)
    return read_jsonstat(data, name)
