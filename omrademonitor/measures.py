"""The register of measures (tiltak): what the programme does, where, by whom, at what cost,
its status over time, what came of it, and the output indicators that follow it.

A measure names the strategy it serves (``goals.py``), so the chain programme → focus area →
goal → strategy → measure → output indicators is complete. ``problems`` checks a measure
against the programme, the goals and the registry; the writer refuses a measure with problems.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict, dataclass, field, replace
from enum import StrEnum

from omrademonitor.goals import GoalHierarchy
from omrademonitor.indicator_registry import Kind, Registry
from omrademonitor.programme import Programme

MEASURE_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


class MeasureStatus(StrEnum):
    """Where a measure stands; the words municipal housing plans use when they evaluate measures."""

    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    PARTLY_DONE = "partly_done"
    NOT_DONE = "not_done"
    CHANGED = "changed"
    STOPPED = "stopped"


class Recommendation(StrEnum):
    """What the evaluation recommends for a measure."""

    CONTINUE = "continue"
    CHANGE = "change"
    STOP = "stop"


@dataclass(frozen=True)
class OutputTarget:
    """An indicator that follows a measure (an output indicator, or an outcome such as complaints),
    with the measure's own target."""

    indicator_id: str
    target_value: float | None = None
    target_year: int | None = None


@dataclass(frozen=True)
class Measure:
    """One measure of the register. ``status_date`` is the day the status took effect."""

    measure_id: str
    programme_id: str
    focus_area: str
    title_nb: str
    status: MeasureStatus
    status_date: dt.date
    area_codes: tuple[str, ...]
    title_en: str | None = None
    strategy_id: str | None = None
    responsible: str | None = None
    partners: tuple[str, ...] = ()
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    budget_planned_nok: float | None = None
    budget_spent_nok: float | None = None
    result: str | None = None
    recommendation: Recommendation | None = None
    outputs: tuple[OutputTarget, ...] = field(default=())
    is_demo: bool = False

    def __post_init__(self) -> None:
        # One canonical order, so a measure read back from the store equals the one written.
        object.__setattr__(self, "outputs", tuple(sorted(self.outputs, key=lambda o: o.indicator_id)))

    def title(self, lang: str) -> str:
        """The title in ``lang``; the Norwegian one when there is no English title."""
        return (self.title_en or self.title_nb) if lang == "en" else self.title_nb

    def record(self) -> dict:
        """The measure as plain JSON-friendly values (for history, audit and comparison)."""
        data = asdict(self)
        data["area_codes"] = list(self.area_codes)
        data["partners"] = list(self.partners)
        data["outputs"] = [asdict(o) for o in self.outputs]
        for key in ("start_date", "end_date", "status_date"):
            data[key] = None if data[key] is None else data[key].isoformat()
        data["status"] = self.status.value
        data["recommendation"] = None if self.recommendation is None else self.recommendation.value
        return data

    @classmethod
    def from_record(cls, data: dict) -> Measure:
        """The inverse of ``record``."""
        values = dict(data)
        for key in ("start_date", "end_date", "status_date"):
            values[key] = None if values.get(key) is None else dt.date.fromisoformat(str(values[key])[:10])
        values["status"] = MeasureStatus(values["status"])
        values["recommendation"] = (
            None if values.get("recommendation") is None else Recommendation(values["recommendation"])
        )
        values["area_codes"] = tuple(values.get("area_codes") or ())
        values["partners"] = tuple(values.get("partners") or ())
        values["outputs"] = tuple(OutputTarget(**o) for o in values.get("outputs") or ())
        return cls(**values)

    def with_status(self, status: MeasureStatus, on: dt.date) -> Measure:
        """A copy with a new status from ``on``."""
        return replace(self, status=status, status_date=on)


@dataclass(frozen=True)
class Problem:
    """Something wrong with a measure: the field, a message code (``import_<code>`` in i18n), its values."""

    field: str
    code: str
    params: dict = field(default_factory=dict)

    def __str__(self) -> str:
        """For the command line and the logs: ``area_codes (unknown_district {'code': 'x'})``."""
        return f"{self.field} ({self.code} {self.params})"


@dataclass(frozen=True)
class MeasureContext:
    """What a measure is checked against."""

    programme: Programme
    goals: GoalHierarchy
    registry: Registry


def problems(measure: Measure, context: MeasureContext) -> list[Problem]:
    """Every problem with ``measure``; an empty list when it may be stored."""
    found: list[Problem] = []
    programme = context.programme
    if not MEASURE_ID.match(measure.measure_id or ""):
        found.append(Problem("measure_id", "measure_bad_id", {"value": measure.measure_id}))
    if measure.programme_id != programme.id:
        found.append(Problem("programme_id", "measure_other_programme", {"programme": programme.id}))
    if not (measure.title_nb or "").strip():
        found.append(Problem("title_nb", "measure_required"))
    focus_ids = [fa.id for fa in programme.focus_areas]
    if measure.focus_area not in focus_ids:
        found.append(Problem("focus_area", "measure_unknown_focus_area", {"known": ", ".join(focus_ids)}))
    districts = programme.programme_area_codes
    if not measure.area_codes:
        found.append(Problem("area_codes", "measure_required"))
    for code in measure.area_codes:
        if code not in districts:
            found.append(Problem("area_codes", "measure_unknown_district", {"value": code}))
    if measure.strategy_id is not None:
        goal = context.goals.goal_of_strategy(measure.strategy_id)
        if goal is None:
            found.append(Problem("strategy_id", "measure_unknown_strategy", {"value": measure.strategy_id}))
        elif goal.focus_area != measure.focus_area:
            found.append(Problem("strategy_id", "measure_strategy_elsewhere", {"focus_area": goal.focus_area}))
    if measure.start_date and measure.end_date and measure.end_date < measure.start_date:
        found.append(Problem("end_date", "measure_end_before_start"))
    for name in ("budget_planned_nok", "budget_spent_nok"):
        amount = getattr(measure, name)
        if amount is not None and amount < 0:
            found.append(Problem(name, "measure_negative_budget"))
    seen: set[str] = set()
    for output in measure.outputs:
        registry = context.registry
        if output.indicator_id not in registry or registry[output.indicator_id].kind == Kind.CONTEXT:
            found.append(Problem("outputs", "measure_not_output_indicator", {"value": output.indicator_id}))
        if output.indicator_id in seen:
            found.append(Problem("outputs", "measure_duplicate_output", {"value": output.indicator_id}))
        seen.add(output.indicator_id)
        if (output.target_value is None) != (output.target_year is None):
            found.append(Problem("outputs", "measure_target_incomplete", {"value": output.indicator_id}))
    return found


def measures_for_indicator(measures: list[Measure], goals: GoalHierarchy, indicator_id: str) -> list[Measure]:
    """Measures whose strategy serves a goal the indicator evidences, or that carry it as an output."""
    goal_ids = {g.id for g in goals.goals_evidenced_by(indicator_id)}
    chosen = []
    for measure in measures:
        goal = goals.goal_of_strategy(measure.strategy_id) if measure.strategy_id else None
        if (goal is not None and goal.id in goal_ids) or any(o.indicator_id == indicator_id for o in measure.outputs):
            chosen.append(measure)
    return chosen
