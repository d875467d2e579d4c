"""Total categories in files whose rows are added up: SSB's 'total', 'I alt', 'Begge kjønn', age
'999', sex '0'. Adding up rows that include a total counts every figure twice, so a summed file
with a total category is refused unless the user keeps only the total or leaves it out; a total
left out is used to check the sum.
"""

from __future__ import annotations

import re
from functools import lru_cache

import pandas as pd

from omrademonitor.importing.issues import Figure, Issue
from omrademonitor.importing.spec import ImportSpec, year_columns
from omrademonitor.importing.table import STATUS_SUFFIX

TOTAL_WORDS = {
    "total",
    "totalt",
    "totals",
    "i alt",
    "ialt",
    "sum",
    "alle",
    "all",
    "begge kjønn",
    "begge kjonn",
    "both sexes",
    "alle kjønn",
    "alle aldre",
    "all ages",
    "alle grupper",
    "all groups",
}
SEX_NAMES = ("sex", "kjønn", "kjonn", "kjoenn", "gender")
AGE_NAMES = ("age", "alder", "aldersgruppe")
CODE_TOKEN = re.compile(r"^[0-9][0-9A-Za-z._-]*\s+")
KEY = ["indicator_id", "area_code", "period"]


def _kind(column: str) -> str | None:
    """'sex' or 'age' for columns named so (where SSB codes the total as 0 and 999)."""
    words = re.split(r"[^a-zæøå]+", str(column).lower())
    if any(w in SEX_NAMES for w in words):
        return "sex"
    if any(w in AGE_NAMES or w.startswith("alder") for w in words):
        return "age"
    return None


@lru_cache(maxsize=4096)
def is_total(column: str, value: str) -> bool:
    """Whether ``value`` in ``column`` names the total of the column's other categories."""
    text = " ".join(str(value).split()).lower()
    if not text:
        return False
    kind = _kind(column)
    code = text.split()[0]
    if kind == "sex" and code == "0":
        return True
    if kind == "age" and code in ("999", "999d"):
        return True
    label = CODE_TOKEN.sub("", text).strip(" .:")
    return label in TOTAL_WORDS


def split_columns(columns: list[str], spec: ImportSpec, frame: pd.DataFrame) -> list[str]:
    """Columns that split a figure into parts: mapped to no field, not fixed by a filter, not a
    value column of a table laid out wide by year."""
    mapped = {c for c in spec.columns.values() if c}
    wide = set(year_columns(frame)) if spec.column("period") is None else set()
    return [
        c
        for c in columns
        if c not in mapped and c not in spec.filters and c not in wide and not str(c).endswith(STATUS_SUFFIX)
    ]


def total_in_sum(file: str, sheet: str | None, seen: dict[str, tuple[int, str]]) -> list[Issue]:
    """One refusal per column whose total category would be added to its own parts."""
    return [
        Issue(
            file,
            "sum_includes_total",
            row=row,
            column=column,
            value=value,
            sheet=sheet,
            whole_file=True,
            params={"column": column, "category": value.strip()},
        )
        for column, (row, value) in seen.items()
    ]


def compare_with_totals(
    summed: pd.DataFrame, totals: pd.DataFrame, parts: dict[int, tuple[str, str]], file: str, sheet: str | None
) -> list[Issue]:
    """Sums that differ from the file's own total rows (left out by the user), one problem per figure,
    located at the first row of the sum."""
    issues = []
    if totals.empty or summed.empty:
        return issues
    totals = totals.assign(part=totals["row"].map(lambda r: parts[r][0]))
    sums = summed.set_index(KEY)
    for (column, *key), group in totals.groupby(["part", *KEY], sort=False):
        key = tuple(key)
        if key not in sums.index:
            continue
        ours = sums.loc[key]
        for field in ("value", "numerator", "denominator"):
            theirs = group[field]
            if theirs.isna().any() or pd.isna(ours[field]):
                continue
            given, added = float(theirs.sum()), float(ours[field])
            if abs(given - added) > max(0.5, abs(given) * 1e-9):
                issues.append(
                    Issue(
                        file,
                        "sum_differs_from_total",
                        row=int(ours["row"]),
                        column=column,
                        value=parts[int(group["row"].iloc[0])][1],
                        sheet=sheet,
                        params={
                            "sum": Figure(added),
                            "total": Figure(given),
                            "total_row": int(group["row"].iloc[0]),
                            "period": key[2],
                            "area": key[1],
                        },
                    )
                )
                break
    return issues
