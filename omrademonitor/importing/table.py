"""A table read from a file: its header, a preview of its first rows, and every row streamed."""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import pandas as pd

from omrademonitor.importing.issues import Issue, outline
from omrademonitor.importing.limits import PREVIEW_ROWS

STATUS_SUFFIX = ":status"

Rows = Iterator[tuple[int, list]]


class ReadError(Exception):
    """The file cannot be read as a table; ``issue`` says why."""

    def __init__(self, issue: Issue) -> None:
        super().__init__(outline([issue]))
        self.issue = issue


@dataclass
class CsvSource:
    """What DuckDB needs to read a CSV file's rows again (``sqlcheck``): the bytes, their codec, the
    delimiter, the line the header is on, and the header's width."""

    data: bytes
    encoding: str
    delimiter: str
    header_line: int
    width: int


@dataclass
class Table:
    """Raw cells of one sheet.

    ``stream`` reads every row afresh as (row number in the file, cells), so a large file is never
    held whole; a problem met on the way raises ReadError. ``frame`` and ``row_numbers`` are a
    preview: at most PREVIEW_ROWS rows, for choosing what the columns mean.
    """

    file: str
    sheet: str | None
    columns: list[str]
    stream: Callable[[], Rows]
    sheets: tuple[str, ...] = ()
    footnotes: dict[int, str] = field(default_factory=dict)  # filled while streaming: row → text
    csv: CsvSource | None = None  # a CSV file's bytes and layout, for DuckDB to read again
    frame: pd.DataFrame = field(init=False)
    row_numbers: list[int] = field(init=False)

    def __post_init__(self) -> None:
        repeated = [c for c, n in Counter(self.columns).items() if n > 1]
        if repeated:
            raise ReadError(Issue(self.file, "duplicate_columns", params={"columns": ", ".join(repeated)}))
        preview = list(itertools.islice(self.stream(), PREVIEW_ROWS))
        self.row_numbers = [number for number, _ in preview]
        self.frame = pd.DataFrame([cells for _, cells in preview], columns=self.columns, dtype=object)

    def rows(self) -> Rows:
        """Every row: (row number as the user sees it in the file, cells in column order)."""
        return self.stream()


def frame_table(file: str, frame: pd.DataFrame, numbers: list[int]) -> Table:
    """A Table over a frame already in memory (a JSON-stat cube, bounded by the cell limit)."""

    def stream() -> Rows:
        yield from zip(numbers, (list(r) for r in frame.itertuples(index=False, name=None)), strict=True)

    return Table(file, None, [str(c) for c in frame.columns], stream)


NOTE_START = re.compile(
    r"^(\*|¹|²|³|\d\)|\(\d\)|kilde|source|merknad|note|fotnote|forklaring|tegnforklaring|symbol|anm|obs)",
    re.IGNORECASE,
)
MAX_FOOTNOTES = 50


def _note(cells: list, width: int) -> str | None:
    """The text of a row that reads as a note: one text in its first cell, the rest empty, and either
    a different width from the header or the look of a note ('Kilde: SSB', '* Skjermet', four words)."""
    filled = [c for c in cells if str(c).strip()]
    first = str(cells[0]).strip() if cells else ""
    if len(filled) != 1 or not first or isinstance(cells[0], int | float):
        return None
    if len(cells) != width or NOTE_START.match(first) or len(first.split()) >= 4:
        return first
    return None


def without_footnotes(rows: Rows, width: int, notes: dict[int, str]) -> Rows:
    """``rows`` with the notes at the end of the table left out (and put in ``notes``). Note-like rows
    with data after them are rows like any other, and are checked as such."""
    held: list[tuple[int, list]] = []
    for number, cells in rows:
        if _note(cells, width) is not None and len(held) < MAX_FOOTNOTES:
            held.append((number, cells))
            continue
        yield from held
        held = []
        yield number, cells
    notes.update({number: _note(cells, width) for number, cells in held})
