"""Programme definitions: one folder per area programme in ``programmes/<id>/``.

A folder holds ``programme.yaml`` (required) and, optionally, ``goals.yaml``, ``targets.yaml``,
``events.csv``, ``measures.csv``, ``measures.demo.csv``, ``demo_profiles.csv`` and ``areas.csv``.
A programme's focus areas are its own; each maps to indicators by id and/or by theme.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import Field, model_validator

from omrademonitor.definitions import DefinitionError, Strict, Text, load_model
from omrademonitor.indicator_registry import THEMES, Direction

if TYPE_CHECKING:
    from omrademonitor.indicator_registry import Indicator, Registry

PROGRAMME_ID = r"^[a-z][a-z0-9_-]*$"
PROGRAMME_FILE = "programme.yaml"
GOALS_FILE = "goals.yaml"
TARGETS_FILE = "targets.yaml"
EVENTS_FILE = "events.csv"
MEASURES_FILE = "measures.csv"
DEMO_MEASURES_FILE = "measures.demo.csv"
DEMO_PROFILES_FILE = "demo_profiles.csv"
AREAS_FILE = "areas.csv"


class Party(Strict):
    """A party to the agreement."""

    name: Text
    represented_by: Text | None = None


class FocusArea(Strict):
    """One of the programme's fields of effort (innsatsområde), with the indicators it follows:
    the listed ``indicators`` and every indicator serving one of its ``themes``."""

    id: Annotated[str, Field(pattern=PROGRAMME_ID)]
    number: Annotated[int, Field(ge=1)]
    name: Text
    aim: Text | None = None
    indicators: list[str] = Field(default_factory=list)
    themes: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _known_themes(self) -> FocusArea:
        unknown = [theme for theme in self.themes if theme not in THEMES]
        if unknown:
            raise ValueError(f"themes: unknown theme '{unknown[0]}' (known: {', '.join(THEMES)})")
        return self


class IndicatorWithoutData(Strict):
    """An indicator the source document names but the store has no data for ("no data yet")."""

    name: Text
    focus_area: str
    note: Text | None = None


class ProgrammeTarget(Strict):
    """A target the programme set for an indicator, with who set it and when."""

    indicator: str
    area_code: str | None = None  # None: each programme area
    value: float
    year: Annotated[int, Field(ge=2000, le=2100)]
    set_by: Text
    set_on: dt.date


class TargetsFile(Strict):
    """``targets.yaml``."""

    targets: list[ProgrammeTarget] = Field(default_factory=list)


class ProgrammeArea(Strict):
    """An area the programme covers, given as an area code of the store (any level)."""

    area_code: str
    name: str
    decided: Text | None = None


class Programme(Strict):
    """An area programme as declared in ``programmes/<id>/programme.yaml`` (targets from ``targets.yaml``)."""

    id: Annotated[str, Field(pattern=PROGRAMME_ID)]
    name: Text
    municipality_code: Annotated[str, Field(pattern=r"^\d{4}$")]
    parties: Annotated[list[Party], Field(min_length=1)]
    agreement_signed: dt.date
    start_year: Annotated[int, Field(ge=1990, le=2100)]
    duration_years: Annotated[int, Field(ge=1, le=30)]
    extension_years: Annotated[int, Field(ge=0, le=30)] = 0
    extension_possible: bool = False
    final_evaluation: Text | None = None
    focus_areas: Annotated[list[FocusArea], Field(min_length=1)]
    programme_areas: Annotated[list[ProgrammeArea], Field(min_length=1)]
    comparison_areas: list[str] = Field(default_factory=list)
    # Who picked the comparison areas: "developers" (a suggestion, not the programme's choice) or
    # "programme" (then ``comparison_decided`` names the decision: body and date).
    comparison_basis: Literal["developers", "programme"] = "developers"
    comparison_decided: Text | None = None
    sources: list[Text] = Field(default_factory=list)
    indicators_without_data: list[IndicatorWithoutData] = Field(default_factory=list)
    targets: list[ProgrammeTarget] = Field(default_factory=list)

    @model_validator(mode="after")
    def _consistent(self) -> Programme:
        numbers = [fa.number for fa in self.focus_areas]
        if sorted(numbers) != list(range(1, len(numbers) + 1)):
            raise ValueError("focus area numbers must run 1, 2, 3, … without gaps or repeats")
        if len({fa.id for fa in self.focus_areas}) != len(self.focus_areas):
            raise ValueError("focus area ids must be unique")
        codes = [pa.area_code for pa in self.programme_areas]
        overlap = set(codes) & set(self.comparison_areas)
        if overlap:
            raise ValueError(f"areas both programme and comparison areas: {', '.join(sorted(overlap))}")
        if self.comparison_basis == "programme" and self.comparison_decided is None:
            raise ValueError("comparison_basis 'programme' needs comparison_decided (the decision that chose them)")
        if self.extension_years and not self.extension_possible:
            raise ValueError("extension_years is set but extension_possible is false")
        if len(set(codes)) != len(codes):
            raise ValueError("programme_areas: an area code is listed twice")
        focus_ids = {fa.id for fa in self.focus_areas}
        for item in self.indicators_without_data:
            if item.focus_area not in focus_ids:
                raise ValueError(f"indicators_without_data: unknown focus area '{item.focus_area}'")
        return self

    @property
    def end_year(self) -> int:
        """Last year of the programme period, extensions included."""
        return self.start_year + self.duration_years + self.extension_years - 1

    @property
    def programme_area_codes(self) -> list[str]:
        """Area codes of the programme districts, in declared order."""
        return [pa.area_code for pa in self.programme_areas]

    @property
    def programme_area_names(self) -> dict[str, str]:
        """The programme areas' names as the programme calls them, by area code, in declared order."""
        return {pa.area_code: pa.name for pa in self.programme_areas}

    def area_codes_needed(self) -> set[str]:
        """Every area code the programme names: its municipality, programme, comparison and target areas."""
        targets = {target.area_code for target in self.targets if target.area_code is not None}
        return {self.municipality_code, *self.programme_area_codes, *self.comparison_areas} | targets

    def focus_area(self, focus_area_id: str) -> FocusArea:
        """The focus area with this id."""
        return next(fa for fa in self.focus_areas if fa.id == focus_area_id)

    def focus_indicators(self, focus_area_id: str, registry: Registry) -> list[Indicator]:
        """The indicators a focus area follows (listed ids ∪ those serving its themes), registry order."""
        focus = self.focus_area(focus_area_id)
        listed, themes = set(focus.indicators), set(focus.themes)
        return [ind for ind in registry if ind.id in listed or themes & set(ind.themes)]

    def indicators(self, registry: Registry) -> list[Indicator]:
        """Every indicator the programme follows, by focus area then registry order, each once."""
        seen: dict[str, Indicator] = {}
        for focus in self.focus_areas:
            for ind in self.focus_indicators(focus.id, registry):
                seen.setdefault(ind.id, ind)
        return list(seen.values())

    def focus_of(self, indicator_id: str, registry: Registry) -> str | None:
        """The first focus area that follows the indicator, or None."""
        for focus in self.focus_areas:
            if any(ind.id == indicator_id for ind in self.focus_indicators(focus.id, registry)):
                return focus.id
        return None

    def without_data(self, focus_area_id: str) -> list[IndicatorWithoutData]:
        """Indicators the focus area names that have no data in the store yet."""
        return [item for item in self.indicators_without_data if item.focus_area == focus_area_id]

    def target_for(self, indicator_id: str, area_code: str) -> ProgrammeTarget | None:
        """The programme's target for an indicator in an area (an area's own target wins)."""
        own = [t for t in self.targets if t.indicator == indicator_id and t.area_code == area_code]
        every = [
            t
            for t in self.targets
            if t.indicator == indicator_id and t.area_code is None and area_code in self.programme_area_codes
        ]
        return (own or every or [None])[0]

    def progress(self, today: dt.date) -> float:
        """Share of the programme period elapsed at ``today``, clipped to 0..1."""
        start = dt.date(self.start_year, 1, 1)
        end = dt.date(self.end_year + 1, 1, 1)
        return min(1.0, max(0.0, (today - start).days / (end - start).days))


def programme_folder(programmes_dir: Path, programme_id: str) -> Path:
    """Where a programme's files live."""
    return programmes_dir / programme_id


def check_against_registry(programme: Programme, registry: Registry, path: Path) -> None:
    """Refuse indicator ids and targets that name indicators the registry does not hold."""
    for i, focus in enumerate(programme.focus_areas):
        for indicator_id in focus.indicators:
            if indicator_id not in registry:
                raise DefinitionError(path, f"focus_areas.{i}.indicators", f"unknown indicator '{indicator_id}'")
    for i, target in enumerate(programme.targets):
        if target.indicator not in registry:
            raise DefinitionError(
                path.parent / TARGETS_FILE, f"targets.{i}.indicator", f"unknown indicator '{target.indicator}'"
            )
        if registry[target.indicator].direction == Direction.NONE:
            raise DefinitionError(
                path.parent / TARGETS_FILE,
                f"targets.{i}.indicator",
                f"'{target.indicator}' has no direction, so it cannot have a target",
            )
        if target.area_code is None:
            continue
        if target.area_code not in programme.programme_area_codes:
            raise DefinitionError(
                path.parent / TARGETS_FILE,
                f"targets.{i}.area_code",
                f"'{target.area_code}' is not one of the programme's areas",
            )


def load_programme(folder: Path) -> Programme:
    """Load and validate one programme folder; its id must equal the folder name."""
    path = folder / PROGRAMME_FILE
    if not path.is_file():
        raise DefinitionError(path, "", f"required file {PROGRAMME_FILE} is missing from {folder}")
    programme = load_model(Programme, path)
    if programme.id != folder.name:
        raise DefinitionError(path, "id", f"id '{programme.id}' must equal the folder name '{folder.name}'")
    targets_path = folder / TARGETS_FILE
    if targets_path.is_file():
        if programme.targets:
            raise DefinitionError(path, "targets", f"targets are given in {TARGETS_FILE}; list them there only")
        targets = load_model(TargetsFile, targets_path).targets
        programme = programme.model_copy(update={"targets": targets})
    return programme


def load_programmes(folder: Path) -> dict[str, Programme]:
    """Every programme folder in ``folder`` by id, in folder-name order."""
    stray = sorted(p.name for p in folder.glob("*.yaml"))
    if stray:
        raise DefinitionError(
            folder / stray[0], "", f"programmes are folders now: move it to {folder}/<id>/{PROGRAMME_FILE}"
        )
    folders = sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith((".", "_")))
    if not folders:
        raise DefinitionError(folder, "", f"no programme folders (<id>/{PROGRAMME_FILE}) found")
    return {p.id: p for p in map(load_programme, folders)}
