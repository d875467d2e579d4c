"""Problems found in an imported file, each located by file, sheet, row, column and value."""

from __future__ import annotations

from dataclasses import dataclass, field

from omrademonitor.i18n import t


@dataclass(frozen=True)
class Issue:
    """One problem. ``row`` is the row number as the user sees it in the file (None: the whole file)."""

    file: str
    code: str
    row: int | None = None
    column: str | None = None
    value: str | None = None
    sheet: str | None = None
    params: dict = field(default_factory=dict)
    whole_file: bool = False  # a problem at one row that still stops the file being read

    @property
    def fatal(self) -> bool:
        """A problem with the whole file: nothing can be imported."""
        return self.row is None or self.whole_file

    def reason(self, lang: str = "en") -> str:
        """Why the row or file was refused, in ``lang``."""
        return t(f"import_{self.code}", lang, **self.params)

    def location(self, lang: str = "en") -> str:
        """File, sheet, row and column, as far as known."""
        parts = [self.file]
        if self.sheet:
            parts.append(f"{t('sheet', lang)} {self.sheet}")
        if self.row is not None:
            parts.append(f"{t('row', lang)} {self.row}")
        if self.column:
            parts.append(f"{t('column', lang)} «{self.column}»")
        return ", ".join(parts)

    def message(self, lang: str = "en") -> str:
        """The whole message: where, what value, and why."""
        value = f" ({t('value', lang).lower()} «{self.value}»)" if self.value not in (None, "") else ""
        return f"{self.location(lang)}{value}: {self.reason(lang)}"

    def as_row(self, lang: str = "en") -> dict:
        """The issue as a table row."""
        return {
            "file": self.file,
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "value": self.value,
            "reason": self.reason(lang),
        }
