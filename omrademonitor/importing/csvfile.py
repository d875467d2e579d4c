"""CSV files, streamed: ';', ',' or tab; SSB's title lines above the header are skipped.

The delimiter and the header are found in the first megabyte; the rows are then read one at a time
from the bytes, so a large file is never decoded or split whole. Limits on line length, columns
and cells turn hostile files into named errors.
"""

from __future__ import annotations

import csv
import io
from collections import Counter

from omrademonitor.importing.issues import Figure, Issue
from omrademonitor.importing.limits import CSV_SAMPLE_BYTES, HEADER_SEARCH_ROWS, MAX_CELLS, MAX_COLUMNS
from omrademonitor.importing.table import CsvSource, ReadError, Rows, Table, without_footnotes
from omrademonitor.importing.text import decode_start, encoding_of

DELIMITERS = (";", ",", "\t")


def read_csv(data: bytes, file: str, header_row: int | None) -> Table:
    """The table in a CSV file; ``header_row`` (1-based line) when the header is not the first full row."""
    encoding = encoding_of(data, file)
    sample = _sample(data, encoding, file)
    delimiter, width = _delimiter(sample, file)
    if header_row is None:
        header_line, header = _first_full_row(_records(sample, delimiter, file), width, file)
    else:
        header_line, header = _given_row(_records_from(data, encoding, delimiter, file), header_row, file)
    if len(header) > MAX_COLUMNS:
        raise ReadError(_too_many_columns(file, header_line, Figure(len(header))))

    notes: dict[int, str] = {}

    def stream() -> Rows:
        records = _records_from(data, encoding, delimiter, file)
        return _body(without_footnotes(_nonblank(records, header_line), len(header), notes), len(header), file)

    source = CsvSource(data, encoding, delimiter, header_line, len(header))
    return Table(file, None, [c.strip() for c in header], stream, footnotes=notes, csv=source)


def _sample(data: bytes, encoding: str, file: str) -> str:
    """The text of the first complete lines within CSV_SAMPLE_BYTES."""
    text = decode_start(data, encoding, CSV_SAMPLE_BYTES)
    if len(data) <= CSV_SAMPLE_BYTES:
        return text
    end = max(text.rfind("\n"), text.rfind("\r"))
    if end < 0:
        first = max(text.count(d) for d in DELIMITERS) + 1
        if first > MAX_COLUMNS:
            raise ReadError(_too_many_columns(file, 1, Figure(first, at_least=True)))
        raise ReadError(Issue(file, "line_too_long", row=1, params={"limit": CSV_SAMPLE_BYTES >> 20}))
    return text[: end + 1]


def _end_of_search(sample: str) -> int:
    """Where the first HEADER_SEARCH_ROWS lines of the sample end."""
    end = 0
    for _ in range(HEADER_SEARCH_ROWS):
        found = sample.find("\n", end)
        if found < 0:
            return len(sample)
        end = found + 1
    return end


def _delimiter(sample: str, file: str) -> tuple[str, int]:
    """The delimiter that gives most rows the same width (more than one column), and that width."""
    best = None
    for delimiter in DELIMITERS:
        widths = Counter(len(r) for _, r in _records(sample, delimiter, file) if len(r) > 1)
        if widths:
            width, seen = widths.most_common(1)[0]
            if best is None or seen > best[2]:
                best = (delimiter, width, seen)
    if best is None:
        raise ReadError(Issue(file, "no_table"))
    return best[0], best[1]


def _first_full_row(records, width: int, file: str) -> tuple[int, list[str]]:
    """The header: the first row of the usual width with a name in every column."""
    for number, record in records:
        if len(record) == width and all(c.strip() for c in record):
            return number, record
    raise ReadError(Issue(file, "no_header", params={"rows": HEADER_SEARCH_ROWS}))


def _given_row(records, header_row: int, file: str) -> tuple[int, list[str]]:
    """The header on the line the user gave."""
    for number, record in records:
        if number == header_row:
            return number, record
        if number > header_row:
            break
    raise ReadError(Issue(file, "bad_header_row", params={"row": header_row}))


class _Lines:
    """csv records of a text, each with the line number it starts on; csv errors become ReadError."""

    def __init__(self, text_file, delimiter: str, file: str) -> None:
        self.reader = csv.reader(text_file, delimiter=delimiter)
        self.file = file

    def __iter__(self):
        line = 0
        while True:
            try:
                record = next(self.reader)
            except StopIteration:
                return
            except csv.Error as exc:
                raise ReadError(_csv_issue(exc, self.file, line + 1)) from exc
            except UnicodeDecodeError as exc:
                raise ReadError(Issue(self.file, "not_text", row=line + 1, whole_file=True)) from exc
            yield line + 1, record
            line = self.reader.line_num


def _records(sample: str, delimiter: str, file: str) -> _Lines:
    """The records of the first HEADER_SEARCH_ROWS lines of the sample."""
    return _Lines(io.StringIO(sample[: _end_of_search(sample)], newline=""), delimiter, file)


def _records_from(data: bytes, encoding: str, delimiter: str, file: str) -> _Lines:
    """Every record of the file, decoded as it is read."""
    return _Lines(io.TextIOWrapper(io.BytesIO(data), encoding=encoding, newline=""), delimiter, file)


def _nonblank(records, header_line: int) -> Rows:
    """The records under the header, blank ones left out."""
    for number, record in records:
        if number > header_line and any(cell.strip() for cell in record):
            yield number, record


def _body(records, width: int, file: str) -> Rows:
    """The rows of the table; each must have the header's width."""
    cells = 0
    for number, record in records:
        if len(record) != width:
            raise ReadError(
                Issue(
                    file,
                    "wrong_field_count",
                    row=number,
                    whole_file=True,
                    params={"found": len(record), "expected": width},
                )
            )
        cells += width
        if cells > MAX_CELLS:
            raise ReadError(_too_many_cells(file, number))
        yield number, record


def _csv_issue(exc: csv.Error, file: str, row: int) -> Issue:
    if "field limit" in str(exc):
        return Issue(file, "field_too_long", row=row, whole_file=True, params={"limit": Figure(csv.field_size_limit())})
    return Issue(file, "bad_csv", row=row, whole_file=True, params={"error": str(exc)})


def _too_many_columns(file: str, row: int, found: str) -> Issue:
    params = {"found": found, "limit": Figure(MAX_COLUMNS)}
    return Issue(file, "too_many_columns", row=row, whole_file=True, params=params)


def _too_many_cells(file: str, row: int) -> Issue:
    return Issue(file, "too_many_cells", row=row, whole_file=True, params={"limit": Figure(MAX_CELLS)})
