"""What a point means in a column of numbers: thousands separator (Norwegian '1.234' = 1234) or
decimal point ('1.5'). A cell like '1.234' alone cannot tell; the whole column decides: '1.234.567'
or '1.234,5' elsewhere in it says thousands, '12.5' or '0.25' says decimals. Both in one column,
or neither, is ambiguous (except in counts, where 1.234 cannot be meant).
"""

from __future__ import annotations

import re

from omrademonitor.importing.table import ReadError, Table

SPACES = re.compile(r"[\s\u00a0\u202f\u2009]")
ONE_GROUP = re.compile(r"[+-]?[1-9]\d{0,2}\.\d{3}", re.ASCII)  # '1.234': either reading
THOUSANDS = re.compile(r"[+-]?[1-9]\d{0,2}(\.\d{3})+(,\d+)?%?", re.ASCII)  # '1.234.567', '1.234,5'
DECIMAL = re.compile(
    r"[+-]?\d*\.(\d{1,2}|\d{4,})%?|[+-]?0\.\d+%?|[+-]?\d{4,}\.\d+%?|[+-]?\d{1,3}(,\d{3})+\.\d+", re.ASCII
)


def cleaned(raw) -> str:
    """The cell as text without spaces (thousands spaces are read elsewhere)."""
    return SPACES.sub("", str(raw))


def undecided(raw) -> bool:
    """Whether the cell is one whose point could be either ('1.234', '-12.500')."""
    return isinstance(raw, str) and ONE_GROUP.fullmatch(cleaned(raw)) is not None


class PointReading:
    """Per column: 'thousands', 'decimal', 'conflict' (both seen) or None (nothing tells), with the
    first row of each kind. Decided on first need, from one pass over the whole table."""

    def __init__(self, table: Table, columns: list[str]) -> None:
        self.table, self.columns = table, [c for c in dict.fromkeys(columns) if c]
        self.seen: dict[str, dict[str, int]] | None = None

    def of(self, column: str) -> tuple[str | None, dict[str, int]]:
        if self.seen is None:
            self.seen = self._scan()
        seen = self.seen.get(column, {})
        if "thousands" in seen and "decimal" in seen:
            return "conflict", seen
        return next((kind for kind in ("thousands", "decimal") if kind in seen), None), seen

    def _scan(self) -> dict[str, dict[str, int]]:
        position = {c: i for i, c in enumerate(self.table.columns)}
        wanted = [(c, position[c]) for c in self.columns if c in position]
        seen: dict[str, dict[str, int]] = {c: {} for c, _ in wanted}
        try:
            for number, values in self.table.rows():
                for column, i in wanted:
                    cell = values[i]
                    if not isinstance(cell, str) or "." not in cell:
                        continue
                    text = cleaned(cell)
                    if ONE_GROUP.fullmatch(text):
                        continue
                    kind = "thousands" if THOUSANDS.fullmatch(text) else "decimal" if DECIMAL.fullmatch(text) else None
                    if kind:
                        seen[column].setdefault(kind, number)
        except ReadError:
            pass  # the checking pass meets it again and reports it
        return seen
