"""Tables as downloadable files: CSV (UTF-8 with BOM, so Excel reads æøå) and Excel.

Text cells that a spreadsheet would run as a formula (starting with =, +, -, @, tab or CR) are
prefixed with an apostrophe. Numbers are left as numbers.
"""

from __future__ import annotations

import io
import re
import tempfile
from pathlib import Path

import duckdb
import pandas as pd

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy in which no text cell can start a spreadsheet formula."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(
                lambda v: "'" + v if isinstance(v, str) and v.startswith(FORMULA_START) else v
            )
    return out


def to_csv(frame: pd.DataFrame) -> bytes:
    """CSV bytes, formulas neutralised."""
    return neutralise_formulas(frame).to_csv(index=False).encode("utf-8-sig")


def to_excel(frame: pd.DataFrame, sheet: str = "data") -> bytes:
    """Excel (.xlsx) bytes, formulas neutralised."""
    return to_workbook({sheet: frame})


def to_workbook(sheets: dict[str, pd.DataFrame]) -> bytes:
    """One Excel workbook with a sheet per table (names cut to Excel's 31 characters), formulas neutralised."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for sheet, frame in sheets.items():
            neutralise_formulas(frame).to_excel(writer, sheet_name=sheet[:31], index=False)
    return buffer.getvalue()


def to_parquet(frame: pd.DataFrame) -> bytes:
    """Parquet bytes (written by DuckDB in a private in-memory database, so no pyarrow is needed)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "data.parquet"
        con = duckdb.connect()
        try:
            con.register("frame", frame)
            con.execute(f"COPY frame TO '{path}' (FORMAT parquet)")
        finally:
            con.close()
        return path.read_bytes()


def safe_file_name(text: str, suffix: str) -> str:
    """A download file name made from text: letters, digits, dashes; never a path."""
    stem = re.sub(r"[^A-Za-z0-9æøåÆØÅ_-]+", "-", text).strip("-")[:80] or "omrademonitor"
    return f"{stem}.{suffix}"
