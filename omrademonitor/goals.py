"""The programme's goal hierarchy, declared in the programme folder as ``programmes/<id>/goals.yaml``:
focus area → goals (with the effect indicators that evidence them) → strategies.

Measures live in the register of measures (``omrademonitor.measures``); each names its strategy.
Editors may revise the hierarchy in the app: the database keeps every saved version, and a
changed file is taken in as a new version when the database is initialised.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import yaml
from pydantic import Field

from omrademonitor.definitions import DefinitionError, Strict, Text, load_model, load_yaml_text, parse_model
from omrademonitor.indicator_registry import Kind, Registry
from omrademonitor.programme import GOALS_FILE, Programme

Identifier = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")]


class Strategy(Strict):
    """A way of reaching a goal, carried out through the measures that name it."""

    id: Identifier
    title: Text


class Goal(Strict):
    """A goal within one focus area, evidenced by effect (outcome) indicators."""

    id: Identifier
    focus_area: str
    title: Text
    effect_indicators: list[str] = Field(default_factory=list)
    strategies: list[Strategy] = Field(default_factory=list)


class GoalHierarchy(Strict):
    """Every goal of one programme."""

    programme: str
    goals: list[Goal]

    def for_focus_area(self, focus_area: str) -> list[Goal]:
        """The goals of one focus area, in declared order."""
        return [goal for goal in self.goals if goal.focus_area == focus_area]

    def goals_evidenced_by(self, indicator_id: str) -> list[Goal]:
        """The goals an indicator is evidence for."""
        return [goal for goal in self.goals if indicator_id in goal.effect_indicators]

    def goal_of_strategy(self, strategy_id: str) -> Goal | None:
        """The goal a strategy serves, None for an unknown strategy."""
        return next((g for g in self.goals if any(s.id == strategy_id for s in g.strategies)), None)

    def strategies(self) -> dict[str, Strategy]:
        """Every strategy by id."""
        return {s.id: s for goal in self.goals for s in goal.strategies}

    def effect_indicators(self) -> list[str]:
        """Every effect indicator named by a goal, once, in declared order."""
        return list(dict.fromkeys(i for goal in self.goals for i in goal.effect_indicators))


def goals_file(programmes_dir: Path, programme_id: str) -> Path:
    """Where a programme's goals are declared (optional: a programme without goals has none yet)."""
    return programmes_dir / programme_id / GOALS_FILE


def empty_goals(programme: Programme) -> GoalHierarchy:
    """The hierarchy of a programme that has declared no goals yet."""
    return GoalHierarchy(programme=programme.id, goals=[])


def load_goals(path: Path, programme: Programme, registry: Registry) -> GoalHierarchy:
    """Load and check a goals file against its programme and the indicator registry."""
    return check_goals(load_model(GoalHierarchy, path), path, programme, registry)


def parse_goals(text: str, name: str, programme: Programme, registry: Registry) -> GoalHierarchy:
    """Parse and check goals held as YAML text (as saved in the app); errors name ``name`` and the field."""
    try:
        data = load_yaml_text(text)
    except yaml.YAMLError as exc:
        raise DefinitionError(name, "", f"not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise DefinitionError(name, "", "the text must hold a mapping of fields")
    return check_goals(parse_model(GoalHierarchy, Path(name), data), Path(name), programme, registry)


def check_goals(hierarchy: GoalHierarchy, path: Path, programme: Programme, registry: Registry) -> GoalHierarchy:
    """Check a hierarchy against its programme and the registry; raise DefinitionError on the first problem."""
    if hierarchy.programme != programme.id:
        raise DefinitionError(path, "programme", f"'{hierarchy.programme}' is not the programme '{programme.id}'")
    focus_ids = {fa.id for fa in programme.focus_areas}
    seen: set[str] = set()
    for g, goal in enumerate(hierarchy.goals):
        where = f"goals.{g}"
        if goal.focus_area not in focus_ids:
            raise DefinitionError(path, f"{where}.focus_area", f"unknown focus area '{goal.focus_area}'")
        for i, indicator_id in enumerate(goal.effect_indicators):
            if indicator_id not in registry:
                raise DefinitionError(path, f"{where}.effect_indicators.{i}", f"unknown indicator '{indicator_id}'")
            if registry[indicator_id].kind == Kind.CONTEXT:
                raise DefinitionError(
                    path,
                    f"{where}.effect_indicators.{i}",
                    f"'{indicator_id}' is a context indicator, not an effect indicator",
                )
        for identifier, field in [(goal.id, f"{where}.id")] + [
            (s.id, f"{where}.strategies.{i}.id") for i, s in enumerate(goal.strategies)
        ]:
            if identifier in seen:
                raise DefinitionError(path, field, f"duplicate id '{identifier}'")
            seen.add(identifier)
    return hierarchy
