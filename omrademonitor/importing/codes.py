"""Area codes as files write them ('500102 Østbyen', 'K-5001 Trondheim', '160101a') and old codes
from before the 2018 and 2020 reforms, mapped to today's through ``geodata/code_changes.csv``;
areas given by name ('Lademoen') found by their name, at a chosen level when a name has two."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import pandas as pd

from omrademonitor import PROJECT_ROOT

CODE_CHANGES_FILE = PROJECT_ROOT / "geodata" / "code_changes.csv"


def normalise(raw) -> str:
    """The code part of a cell: first word, without SSB's 'K-' prefix or trailing letter suffixes."""
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    text = str(raw).strip()
    token = text.split()[0] if text else ""
    token = re.sub(r"^[A-Z]-", "", token)
    if re.fullmatch(r"\d+[a-z]{1,2}", token):
        token = token.rstrip("abcdefghijklmnopqrstuvwxyz")
    return token


@lru_cache(maxsize=4)
def code_changes(path: Path = CODE_CHANGES_FILE) -> tuple[dict[str, str], tuple[tuple[str, str], ...]]:
    """Exact code changes, and prefix changes (longest prefix first)."""
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    exact = {r.old: r.new for r in table.itertuples() if not r.old.endswith("*")}
    prefixes = sorted(
        ((r.old[:-1], r.new[:-1]) for r in table.itertuples() if r.old.endswith("*")), key=lambda item: -len(item[0])
    )
    return exact, tuple(prefixes)


@lru_cache(maxsize=65536)
def current_code(raw, path: Path = CODE_CHANGES_FILE) -> str:
    """Today's code for an area as written in a file, old codes translated."""
    code = normalise(raw)
    exact, prefixes = code_changes(path)
    for _ in range(3):  # a code may have changed more than once (1662 → 5030 → 5001)
        if code in exact:
            code = exact[code]
            continue
        prefix = next(((old, new) for old, new in prefixes if code.startswith(old) and len(code) > len(old)), None)
        if prefix is None:
            break
        code = prefix[1] + code[len(prefix[0]) :]
    return code


class AreaNames:
    """The monitor's areas by name (case and spacing ignored), each name with its codes and levels."""

    def __init__(self, areas: pd.DataFrame | None) -> None:
        self.by_name: dict[str, list[tuple[str, str]]] = {}
        if areas is not None:
            for code, name, level in zip(areas["code"], areas["name"], areas["level"], strict=True):
                self.by_name.setdefault(_name_key(name), []).append((str(code), str(level)))

    def code(self, raw, level: str | None) -> str | list[str] | None:
        """The code of the area named ``raw`` (at ``level`` when given); the candidates, as
        'code (level)', when the name is used at more than one level; None when no area has it."""
        found = self.by_name.get(_name_key(raw), [])
        if level is not None:
            found = [(code, lv) for code, lv in found if lv == level]
        if len(found) > 1:
            return [f"{code} ({lv})" for code, lv in found]
        return found[0][0] if found else None


def _name_key(name) -> str:
    return " ".join(str(name).split()).casefold()
