"""The closed lists the store checks, each defined once: observation statuses, import batch kinds,
ways of logging in and the area levels.

``schema.py`` writes its CHECK lists and the rows of ``area_levels`` from these (``sql_list``), and
``tests/test_schema.py`` reads the CHECK constraints back from a freshly built store and compares
them with the enums, so a value added here reaches the store's checks, or the test says where not.
Measure statuses and recommendations live with the register (``measures.py``), roles with the
permissions (``access.py``); the schema takes those lists from there in the same way.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

import pandas as pd


class ObservationStatus(StrEnum):
    """The state of one figure; a suppressed or missing figure has no value (the store checks this)."""

    FINAL = "final"
    PROVISIONAL = "provisional"
    SUPPRESSED = "suppressed"
    MISSING = "missing"


WITHOUT_VALUE = (ObservationStatus.SUPPRESSED, ObservationStatus.MISSING)


class BatchKind(StrEnum):
    """What an import batch brought in."""

    OBSERVATIONS = "observations"
    BOUNDARIES = "boundaries"
    AREAS = "areas"


class AuthKind(StrEnum):
    """How a user logs in: a password kept here, or an identity provider (OpenID Connect)."""

    LOCAL = "local"
    OIDC = "oidc"


class AreaLevel(StrEnum):
    """The levels of the area hierarchy, smallest first."""

    GRUNNKRETS = "grunnkrets"
    LEVEKARSSONE = "levekarssone"
    BYDEL = "bydel"
    KOMMUNE = "kommune"
    FYLKE = "fylke"
    LAND = "land"


@dataclass(frozen=True)
class LevelFacts:
    """An area level as the ``area_levels`` table holds it: its rank (smallest 0) and its names; and,
    for a level a boundary file can hold, the names of the column its codes may be in, likeliest first
    (``importing.boundaries`` picks the first column named like one, and names the first three when none is)."""

    level: AreaLevel
    rank: int
    name_nb: str
    name_en: str
    code_hints: tuple[str, ...] = ()


LEVEL_FACTS: tuple[LevelFacts, ...] = (
    LevelFacts(
        AreaLevel.GRUNNKRETS,
        0,
        "Grunnkrets",
        "Basic statistical unit",
        code_hints=("grunnkretsnummer", "grunnkrets", "grunnkretskode", "code", "kode"),
    ),
    LevelFacts(
        AreaLevel.LEVEKARSSONE,
        1,
        "Levekårssone",
        "Living-condition zone",
        code_hints=("levekårsnavn", "levekarssone", "levekårssone", "sone", "code", "kode", "name", "navn"),
    ),
    LevelFacts(
        AreaLevel.BYDEL, 2, "Bydel", "City district", code_hints=("bydelnr", "bydelsnummer", "bydel", "code", "kode")
    ),
    LevelFacts(
        AreaLevel.KOMMUNE,
        3,
        "Kommune",
        "Municipality",
        code_hints=("kommunenummer", "kommunenr", "kommune", "code", "kode"),
    ),
    LevelFacts(AreaLevel.FYLKE, 4, "Fylke", "County"),
    LevelFacts(AreaLevel.LAND, 5, "Land", "Country"),
)
# The four levels of a municipality's own areas (an indicator's level, boundary files, the demo);
# the national levels above them come with ``load-national``.
MUNICIPAL_LEVELS: tuple[AreaLevel, ...] = tuple(f.level for f in LEVEL_FACTS if f.rank <= 3)
NATIONAL_LEVELS: tuple[AreaLevel, ...] = tuple(f.level for f in LEVEL_FACTS if f.rank > 3)
ALL_LEVELS: tuple[AreaLevel, ...] = tuple(f.level for f in LEVEL_FACTS)


def is_missing(value) -> bool:
    """Whether one value is absent: None, NaN, ``pd.NA`` or ``NaT`` (a list or array is not a missing value).
    The one test of a missing value that the core's modules share."""
    try:
        return value is None or bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def level_facts(levels: Iterable[str]) -> tuple[LevelFacts, ...]:
    """The facts of ``levels``, in rank order."""
    wanted = set(levels)
    return tuple(f for f in LEVEL_FACTS if f.level in wanted)


def sql_list(values: Iterable[str]) -> str:
    """The values as the inside of an SQL ``IN (...)`` list: ``'a', 'b'`` (values are plain codes)."""
    out = []
    for value in values:
        text = str(value)
        if "'" in text:
            raise ValueError(f"a code with a quote cannot go into a CHECK list: {text!r}")
        out.append(f"'{text}'")
    return ", ".join(out)


def sql_rows(facts: Iterable[LevelFacts]) -> str:
    """``area_levels`` rows as an SQL VALUES list."""
    return ",\n                ".join(
        f"({sql_list([f.level])}, {f.rank}, {sql_list([f.name_nb])}, {sql_list([f.name_en])})" for f in facts
    )
