"""A table read from a file: its header, a preview of its first rows, and every row streamed."""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import pandas as pd

from omrademonitor.importing.issues import Issue
from omrademonitor.importing.limits import PREVIEW_ROWS

STATUS_SUFFIX = ":status"

Rows = Iterator[tuple[int, list]]


class ReadError(Exception):
    """The file cannot be read as a table; ``issue`` says why."""

    def __init__(self, issue: Issue) -> None:
        super().__init__(issue.message())
        self.issue = issue


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
