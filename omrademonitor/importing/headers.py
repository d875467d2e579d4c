"""Two-level headers, as municipal sheets have them: a year over each pair of Teller/Nevner columns.

::

    Område    | 2020            | 2021
              | Teller | Nevner | Teller | Nevner
    Lademoen  | 310    | 2100   | 305    | 2150

In Excel the year is a merged cell (its value in the first column of the span, the rest empty); a CSV
saved from it has the year once and empty cells after it. ``two_level`` recognises the pair of rows;
``long_by_group`` turns such a table into one row per area and year (columns ``Område``, ``period``,
``Teller``, ``Nevner``), so each figure keeps both its counts and its year and no column is lost.
When the groups do not all have the same sub-columns the names are joined instead (``2020 Teller``).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from omrademonitor.importing.table import Rows

PERIOD_COLUMN = "period"


def _text(cell) -> str:
    return "" if cell is None else str(cell).strip()


def _is_number(text: str) -> bool:
    try:
        float(text.replace(",", ".").replace(" ", "").replace("\xa0", ""))
    except ValueError:
        return False
    return True


@dataclass(frozen=True)
class TwoLevel:
    """The meaning of a two-level header: plain columns (named in either row), and groups of columns
    under one upper label (the year), each with the sub-columns' names."""

    names: list[str]  # one name per column: plain, or "<group> <sub>"
    plain: list[int]  # positions of the columns outside any group
    groups: list[tuple[str, list[int]]]  # (group label, positions of its columns)
    subs: list[str]  # the lower names of each column (for grouped columns)

    @property
    def uniform(self) -> bool:
        """Whether every group has the same sub-columns in the same order (then the table can be long)."""
        first = [self.subs[i] for i in self.groups[0][1]]
        return len(set(first)) == len(first) and all([self.subs[i] for i in cols] == first for _, cols in self.groups)

    def long_columns(self) -> list[str]:
        return [self.names[i] for i in self.plain] + [PERIOD_COLUMN] + [self.subs[i] for i in self.groups[0][1]]


def two_level(upper: list, lower: list) -> TwoLevel | None:
    """The two-level header made of ``upper`` and ``lower``, or None if they are not one.

    They are when the upper row has labels that each stand over a span of columns (the upper cells after
    the label empty), the lower row names every column of each span in text (no numbers: that would be
    data), and at least one span is two or more columns wide.
    """
    width = max(len(upper), len(lower))
    up = [_text(c) for c in list(upper) + [None] * (width - len(upper))]
    low = [_text(c) for c in list(lower) + [None] * (width - len(lower))]
    while width and not up[width - 1] and not low[width - 1]:
        width -= 1
    up, low = up[:width], low[:width]
    if width < 3 or any(_is_number(c) for c in low if c):
        return None
    plain, groups, names = [], [], []
    position = 0
    while position < width:
        # a group starts: its label, then empty upper cells
        if up[position] and low[position] and up[position] != low[position]:
            end = position + 1
            while end < width and not up[end] and low[end]:
                end += 1
            groups.append((up[position], list(range(position, end))))
            names += [f"{up[position]} {low[i]}" for i in range(position, end)]
            position = end
        elif up[position] or low[position]:  # a plain column, named in one of the rows
            plain.append(position)
            names.append(up[position] or low[position])
            position += 1
        else:
            return None  # a column with no name
    if not groups or max(len(cols) for _, cols in groups) < 2 or len(set(names)) != len(names):
        return None
    if len(groups) == 1 and not plain:
        return None  # one label over every column: a title line above the header, not a group
    return TwoLevel(names, plain, groups, low)


def long_rows(header: TwoLevel, rows: Rows) -> Rows:
    """Each row of a uniform two-level table as one row per group: the plain cells, the group's label
    (the period) and the group's cells. Rows keep their number in the file."""
    for number, cells in rows:
        base = [cells[i] if i < len(cells) else "" for i in header.plain]
        for label, columns in header.groups:
            values = [cells[i] if i < len(cells) else "" for i in columns]
            if all(_text(v) == "" for v in values):
                continue  # an empty span: no figures for that year
            yield number, [*base, label, *values]


def read_csv_two_level(data: bytes, file: str):
    """A CSV file whose header is two-level, as a Table (long when uniform); None when it has none.

    Looked for above the first ordinary header (a row with a name in every column).
    """
    from omrademonitor.importing import csvfile
    from omrademonitor.importing.table import Table, without_footnotes

    encoding = csvfile.encoding_of(data, file)
    sample = csvfile._sample(data, encoding, file)
    delimiter, _ = csvfile._delimiter(sample, file)
    records = [(n, r) for n, r in csvfile._records(sample, delimiter, file) if any(c.strip() for c in r)]
    for (_, upper), (lower_line, lower) in itertools.pairwise(records):
        if len(upper) > 1 and all(c.strip() for c in upper):
            return None  # an ordinary header comes first
        found = two_level(upper, lower)
        if found is None or len(lower) != len(found.names):
            continue
        width = len(found.names)
        notes: dict[int, str] = {}

        def stream(found=found, lower_line=lower_line, width=width, notes=notes) -> Rows:
            rows = csvfile._records_from(data, encoding, delimiter, file)
            return without_footnotes(csvfile._body(csvfile._nonblank(rows, lower_line), width, file), width, notes)

        if found.uniform:
            return Table(file, None, found.long_columns(), lambda s=stream, f=found: long_rows(f, s()), footnotes=notes)
        return Table(file, None, found.names, stream, footnotes=notes)
    return None
