"""The programme as the scope of every view: its municipality (by its stored name), the areas inside
it, and the comparison pools drawn only from there, so adding one programme never changes another's
figures, maps or estimates."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from omrademonitor.programme import Programme


@dataclass(frozen=True)
class Scope:
    """One programme with the part of the store it looks at."""

    programme: Programme
    municipality_name: str
    area_codes: frozenset[str]  # the municipality, every area inside it, and its declared comparison areas
    levels: dict[str, str]  # level of each area in scope

    @property
    def municipality_code(self) -> str:
        return self.programme.municipality_code

    def area_names(self) -> dict[str, str]:
        """Display names of the programme areas and the municipality."""
        return self.programme.programme_area_names | {self.municipality_code: self.municipality_name}

    def within(self, codes) -> list[str]:
        """The codes (in their order) that lie inside the programme's scope."""
        return [code for code in codes if code in self.area_codes]

    def comparison_pool(self, codes) -> list[str]:
        """Candidates for comparison: the codes inside the municipality that are not programme areas."""
        own = set(self.programme.programme_area_codes)
        return [code for code in self.within(codes) if code not in own and code != self.municipality_code]

    def programme_levels(self) -> list[str]:
        """The levels of the programme areas, in declared order, each once."""
        return list(dict.fromkeys(self.levels.get(code, "") for code in self.programme.programme_area_codes))


def areas_within(areas: pd.DataFrame, top: str) -> set[str]:
    """``top`` and every area below it, from a frame with ``code`` and ``parent_code``."""
    children: dict[str, list[str]] = {}
    for code, parent in zip(areas["code"], areas["parent_code"], strict=True):
        if isinstance(parent, str) and parent:
            children.setdefault(parent, []).append(code)
    found, todo = {top}, [top]
    while todo:
        for child in children.get(todo.pop(), []):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def area_names(areas: pd.DataFrame) -> dict[str, str]:
    """Area names by code, from a table of areas with ``code`` and ``name`` (the store's ``areas``)."""
    return dict(zip(areas["code"], areas["name"], strict=True))


def build_scope(store, programme: Programme) -> Scope:
    """The programme's scope from the store's areas (``store`` answers ``query("areas")``)."""
    areas = store.query("areas")
    names = area_names(areas)
    levels = dict(zip(areas["code"], areas["level"], strict=True))
    # comparison areas the programme names itself (e.g. other municipalities for a municipality-wide
    # plan) are its own choice, so they belong to its scope; nothing else outside the municipality does
    inside = areas_within(areas, programme.municipality_code) | (set(programme.comparison_areas) & set(names))
    return Scope(
        programme=programme,
        municipality_name=names.get(programme.municipality_code, programme.municipality_code),
        area_codes=frozenset(inside),
        levels={code: levels[code] for code in inside if code in levels},
    )
