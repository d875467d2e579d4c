"""Problems found in an imported file, each typed (a code and its params) and located by file, sheet,
row, column and value; ``presentation.import_messages`` writes them as messages.

Values and names are shown escaped where they hold invisible or look-alike characters (a zero-width
space, a Cyrillic 'А'), so a code that looks valid but is not can be told apart in the message.
Many problems of one kind are grouped into one problem with a count and examples.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field, replace

from omrademonitor.importing.limits import EXAMPLES_SHOWN, GROUP_AFTER

SHOWN_CHARS = 80  # longer values are cut in messages
KEPT_CHARS = 200  # longer values are cut when a problem is recorded
TYPOGRAPHIC = set("–—«»‰²³°½§’‘“”…·×÷−€")


@dataclass(frozen=True)
class Issue:
    """One problem. ``row`` is the row number as the user sees it in the file (None: the whole file).

    ``count`` > 1: the issue stands for that many rows with the same problem; ``examples`` are
    (row, value) pairs of some of them.
    """

    file: str
    code: str
    row: int | None = None
    column: str | None = None
    value: str | None = None
    sheet: str | None = None
    params: dict = field(default_factory=dict)
    whole_file: bool = False  # a problem at one row that still stops the file being read
    count: int = 1
    examples: tuple[tuple[int | None, str | None], ...] = ()

    @property
    def fatal(self) -> bool:
        """A problem with the whole file: nothing can be imported."""
        return self.row is None or self.whole_file


def place(issue: Issue) -> dict:
    """Where the problem is, as a row of the validation report shows it: file, sheet, row, and the
    column and value as ``shown``."""
    return {
        "file": issue.file,
        "sheet": issue.sheet,
        "row": issue.row,
        "column": None if issue.column is None else shown(issue.column),
        "value": None if issue.value is None else shown(issue.value),
    }


def outline(issues: list[Issue], most: int = 5) -> str:
    """The problems' codes and places, for logs and tracebacks (people read ``presentation.import_messages``)."""
    return "; ".join(
        f"{issue.file}{'' if issue.row is None else f' row {issue.row}'}: {issue.code}" for issue in issues[:most]
    )


def shown(text) -> str:
    """``text`` as it can be read in a message: characters that are invisible, or letters from
    outside the Latin alphabet that look like Latin ones, written as ``\\u200b``; cut when long."""
    text = str(text)
    cut = len(text) > SHOWN_CHARS
    out = []
    for char in text[:SHOWN_CHARS]:
        if " " <= char <= "~" or char in TYPOGRAPHIC or _latin_letter(char):
            out.append(char)
        else:
            out.append(f"\\u{ord(char):04x}" if ord(char) <= 0xFFFF else f"\\U{ord(char):08x}")
    return "".join(out) + ("…" if cut else "")


@dataclass(frozen=True)
class Figure:
    """A number a problem's message shows (a count, a limit, a sum, a size): recorded as a number and
    written for readers by ``presentation.import_messages`` (10 000; 12,5). ``at_least``: the true
    figure may be higher ("≥ 2 000")."""

    value: float
    at_least: bool = False


def kept(value) -> str | None:
    """A cell's value as recorded in a problem: text, cut to a length that keeps many problems small."""
    if value is None:
        return None
    text = str(value)
    return text if len(text) <= KEPT_CHARS else text[:KEPT_CHARS] + "…"


def _latin_letter(char: str) -> bool:
    return char.isalpha() and unicodedata.name(char, "").startswith("LATIN ")


def grouped(issues: list[Issue], after: int = GROUP_AFTER) -> list[Issue]:
    """The issues as they are best read: problems of one kind in one column listed one by one when
    there are few, else as one issue (at the first row) with their count and some examples."""
    groups: dict[tuple, list[Issue]] = {}
    for issue in issues:
        key = (issue.file, issue.sheet, issue.code, issue.column) if not issue.fatal else (id(issue),)
        groups.setdefault(key, []).append(issue)
    out = []
    for members in groups.values():
        if sum(m.count for m in members) <= after:
            out.extend(members)
            continue
        examples = tuple((m.row, m.value) for m in members[:EXAMPLES_SHOWN])
        out.append(replace(members[0], count=sum(m.count for m in members), examples=examples))
    return out
