"""Programme definitions: one YAML file per area programme in ``programmes/``."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, model_validator

from omrademonitor.definitions import DefinitionError, Strict, Text, load_model
from omrademonitor.registry import FOCUS_AREA_IDS


class Party(Strict):
    """A party to the agreement."""

    name: Text
    represented_by: Text | None = None


class FocusArea(Strict):
    """One of the agreement's fields of effort (innsatsområde)."""

    id: str
    number: Annotated[int, Field(ge=1)]
    name: Text
    aim: Text

    @model_validator(mode="after")
    def _known_id(self) -> FocusArea:
        if self.id not in FOCUS_AREA_IDS:
            raise ValueError(f"id must be one of {', '.join(FOCUS_AREA_IDS)}")
        return self


class ProgrammeArea(Strict):
    """A district the programme covers, given as an area code of the geography."""

    area_code: str
    name: str
    decided: Text | None = None


class Programme(Strict):
    """An area programme as declared in ``programmes/<id>.yaml``."""

    id: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_-]*$")]
    name: Text
    municipality_code: Annotated[str, Field(pattern=r"^\d{4}$")]
    parties: Annotated[list[Party], Field(min_length=1)]
    agreement_signed: dt.date
    start_year: Annotated[int, Field(ge=1990, le=2100)]
    duration_years: Annotated[int, Field(ge=1, le=30)]
    extension_years: Annotated[int, Field(ge=0, le=30)] = 0
    extension_possible: bool = False
    final_evaluation: Text
    focus_areas: Annotated[list[FocusArea], Field(min_length=1)]
    programme_areas: Annotated[list[ProgrammeArea], Field(min_length=1)]
    comparison_areas: list[str] = Field(default_factory=list)
    # Who picked the comparison areas: "developers" (a suggestion, not the programme's choice) or
    # "programme" (then ``comparison_decided`` names the decision: body and date).
    comparison_basis: Literal["developers", "programme"] = "developers"
    comparison_decided: Text | None = None
    sources: list[Text] = Field(default_factory=list)

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
        return self

    @property
    def end_year(self) -> int:
        """Last year of the programme period, extensions included."""
        return self.start_year + self.duration_years + self.extension_years - 1

    @property
    def programme_area_codes(self) -> list[str]:
        """Area codes of the programme districts, in declared order."""
        return [pa.area_code for pa in self.programme_areas]

    def focus_area(self, focus_area_id: str) -> FocusArea:
        """The focus area with this id."""
        return next(fa for fa in self.focus_areas if fa.id == focus_area_id)

    def progress(self, today: dt.date) -> float:
        """Share of the programme period elapsed at ``today``, clipped to 0..1."""
        start = dt.date(self.start_year, 1, 1)
        end = dt.date(self.end_year + 1, 1, 1)
        return min(1.0, max(0.0, (today - start).days / (end - start).days))


def load_programme(path: Path) -> Programme:
    """Load and validate one programme file; its id must equal the file name."""
    programme = load_model(Programme, path)
    if programme.id != path.stem:
        raise DefinitionError(path, "id", f"id '{programme.id}' must equal the file name '{path.stem}'")
    return programme


def load_programmes(folder: Path) -> dict[str, Programme]:
    """Every programme in ``folder`` by id."""
    paths = sorted(p for p in folder.glob("*.yaml") if "." not in p.stem)  # not <id>.goals.yaml
    if not paths:
        raise DefinitionError(folder, "", "no programme files (*.yaml) found")
    return {p.id: p for p in map(load_programme, paths)}
