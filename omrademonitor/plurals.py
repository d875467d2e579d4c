"""Numbers joined with words in the number they call for: "1 sekund", "2 sekunder", "1 row", "2 rows".

A catalogue text names both forms in the placeholder's format spec, ``#`` standing for the number:
``"stoppes etter {seconds:# sekund|# sekunder}"``. Bokmål and English share the rule: the singular
for exactly one (1, 1.0, "1"), the plural for everything else (0, 2, 1,5, 1 234). A placeholder
without ``|`` in its spec is formatted as ``str.format`` would, so ordinary texts are unchanged.

The number may come as a number or as text already formatted for the reader ("1 234", "1,5"): the
text is shown as given and read as a number only to choose the form.
"""

from __future__ import annotations

import math
import numbers
import re
import string

NBSP = "\u00a0"
NUMBER_TEXT = re.compile(r"[-+]?\d[\d.,]*")  # "1 234", "1,5", "12,345.6" (spaces removed)
ONE_TEXT = re.compile(r"\+?1(?:[.,]0{1,2})?")  # 1, 1,0, 1.00: never "1,000" (a thousand in English)


class PluralError(ValueError):
    """A malformed plural spec (not ``one|other`` with ``#`` in the other form)."""


def is_one(value) -> bool:
    """Whether ``value`` (a number or a number as text, Norwegian or English) is exactly one. Anything
    else ("–" for no figure, NaN, a word) takes the other form: a page never fails over a plural."""
    if isinstance(value, bool):
        return False
    if isinstance(value, numbers.Real):  # numpy numbers too
        return not math.isnan(value) and float(value) == 1
    text = str(value).strip().replace(NBSP, "").replace(" ", "").replace("\u2212", "-")
    return NUMBER_TEXT.fullmatch(text) is not None and ONE_TEXT.fullmatch(text) is not None


def choose(value, spec: str) -> str:
    """``spec`` is ``one|other``: the form for ``value``, with ``#`` replaced by the value as given (a
    form may leave the number out: ``{n:the one figure|all # figures}``)."""
    forms = spec.split("|")
    if len(forms) != 2 or "#" not in forms[1]:
        raise PluralError(f"a plural spec is 'one|other', with # for the number at least in the other: {spec!r}")
    return forms[0 if is_one(value) else 1].replace("#", str(value))


class PluralFormatter(string.Formatter):
    """``str.format`` with ``{name:# form|# forms}`` placeholders."""

    def format_field(self, value, format_spec: str) -> str:
        if "|" in format_spec:
            return choose(value, format_spec)
        return super().format_field(value, format_spec)


FORMATTER = PluralFormatter()


def fill(text: str, **values) -> str:
    """``text`` with its placeholders filled in, plural forms chosen by their numbers."""
    return FORMATTER.format(text, **values)
