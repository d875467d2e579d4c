"""Programme tracking: the stored goals and measures, progress of effect and output indicators per
district, and the status summary of the overview, as numbers and status codes (the tables for people
are made in ``presentation.tracking_tables``).

Figures come through ``figures.area_figures`` (so they have passed disclosure control); progress is the
Open SDG method in ``progress.py``. ``store`` is anything with ``query(name, **params)``.
"""

from __future__ import annotations

import datetime as dt
import json
from enum import StrEnum

import pandas as pd

from omrademonitor.analysis import EMPTY_POINTS, split_points
from omrademonitor.figures import area_figures
from omrademonitor.goals import GoalHierarchy, empty_goals, goals_file, load_goals, parse_goals
from omrademonitor.indicator_registry import Registry
from omrademonitor.measures import Measure, MeasureStatus
from omrademonitor.programme import Programme
from omrademonitor.progress import ProgressOptions, ProgressStatus, progress_of
from omrademonitor.schedule import ScheduleStatus, schedule_status
from omrademonitor.vocabulary import is_missing


class StatusGroup(StrEnum):
    """The overview's groups: the published method's categories, in its order, then our additions."""

    TARGET_ACHIEVED = "target_achieved"
    SUBSTANTIAL_PROGRESS = "substantial_progress"
    MODERATE_PROGRESS = "moderate_progress"
    LIMITED_PROGRESS = "limited_progress"
    DETERIORATION = "deterioration"
    NO_CLEAR_CHANGE = "no_clear_change"  # Områdemonitor's addition
    NOT_APPLICABLE = "not_applicable"  # Områdemonitor's addition: no direction
    NOT_AVAILABLE = "not_available"


GROUP_OF = {status: StatusGroup(status.value) for status in ProgressStatus}


class TargetKind(StrEnum):
    """Where the target a progress status is measured against comes from."""

    ADOPTED = "adopted"  # the indicator's target, adopted with a source
    MEASURE = "measure"  # a measure's own target in the register (entered and versioned there)
    PROPOSED = "proposed"  # the indicator's proposed target: shown under that label, not used
    DEMONSTRATION = "demonstration"  # a demonstration measure's target: shown under that label, not used


USED_TARGETS = (TargetKind.ADOPTED, TargetKind.MEASURE)


def stored_goals(store, programme: Programme, registry: Registry, programmes_dir) -> GoalHierarchy:
    """The latest saved goal hierarchy, or the file's when none is stored yet."""
    versions = store.query("goal_versions", programme_id=programme.id)
    if versions.empty:
        path = goals_file(programmes_dir, programme.id)
        return load_goals(path, programme, registry) if path.exists() else empty_goals(programme)
    return parse_goals(versions["yaml_text"].iloc[0], f"{programme.id}/goals.yaml", programme, registry)


def stored_measures(store, programme_id: str) -> list[Measure]:
    """Every measure of the programme as stored now."""
    rows = store.query("measures", programme_id=programme_id)
    outputs = store.query("measure_outputs", programme_id=programme_id)
    measures = []
    for row in rows.to_dict("records"):
        mine = outputs[outputs["measure_id"] == row["measure_id"]]
        record = {key: (None if is_missing(value) else value) for key, value in row.items()}
        record["outputs"] = [
            {
                "indicator_id": o.indicator_id,
                "target_value": None if is_missing(o.target_value) else float(o.target_value),
                "target_year": None if is_missing(o.target_year) else int(o.target_year),
            }
            for o in mine.itertuples()
        ]
        record["area_codes"] = list(row["area_codes"])
        record["partners"] = list(row["partners"])
        measures.append(Measure.from_record(record))
    return measures


def measure_history(store, programme_id: str, measure_id: str) -> pd.DataFrame:
    """Every saved version of one measure, oldest first, with what changed from the one before."""
    versions = store.query("measure_versions", programme_id=programme_id)
    versions = versions[versions["measure_id"] == measure_id]
    rows, previous = [], None
    for v in versions.itertuples():
        record = json.loads(v.record_json)
        changed = [k for k in record if previous is None or record[k] != previous.get(k)]
        rows.append(
            {
                "version_id": v.version_id,
                "saved_at": v.saved_at,
                "saved_by": v.saved_by,
                "via": v.via,
                "note": None if is_missing(v.note) else v.note,
                "status": record["status"],
                "status_date": record["status_date"],
                "changed": [] if previous is None else changed,
                "before": {k: previous.get(k) for k in changed} if previous else {},
                "after": {k: record[k] for k in changed},
            }
        )
        previous = record
    return pd.DataFrame(rows)


def status_history(history: pd.DataFrame) -> pd.DataFrame:
    """The dated status changes within a measure's history (the first version and every status change)."""
    if history.empty:
        return history
    keep = [i == 0 or bool({"status", "status_date"} & set(c)) for i, c in enumerate(history["changed"])]
    return history[keep][["status", "status_date", "saved_at", "saved_by", "note"]].reset_index(drop=True)


def indicator_progress(
    store,
    registry: Registry,
    programme: Programme,
    goals: GoalHierarchy,
    measures: list[Measure],
    options: ProgressOptions | None = None,
) -> pd.DataFrame:
    """Progress per district of every effect indicator (from the goals) in both districts, and of every
    measure's output indicator in the districts of the measures that carry it, against a target with
    an owner (``_target``); a proposed or demonstration target is listed but never used."""
    effect = goals.effect_indicators()
    carried: dict[tuple[str, str], list[Measure]] = {}
    for measure in measures:
        for output in measure.outputs:
            for code in measure.area_codes:
                carried.setdefault((output.indicator_id, code), []).append(measure)
    wanted = list(dict.fromkeys([*effect, *(indicator_id for indicator_id, _ in carried)]))
    # every (indicator, area) series as arrays, in one sort: no pandas selection per area
    points = split_points(area_figures(store, wanted, programme.programme_area_codes))
    rows = []
    for indicator_id in wanted:
        indicator = registry[indicator_id]
        for code in programme.programme_area_codes:
            carriers = carried.get((indicator_id, code), [])
            if indicator_id not in effect and not carriers:
                continue
            target_value, target_year, kind = _target(
                indicator, indicator_id, carriers, programme.target_for(indicator_id, code)
            )
            used = kind in USED_TARGETS
            result = progress_of(
                points.get((indicator_id, code), EMPTY_POINTS),
                indicator,
                None,
                target_value if used else None,
                target_year if used else None,
                options,
            )
            rows.append(
                {
                    "indicator_id": indicator_id,
                    "focus_area": _focus_of(programme, registry, goals, indicator_id),
                    "role": "effect" if indicator_id in effect else "output",
                    "goals": [g.id for g in goals.goals_evidenced_by(indicator_id)],
                    "measures": [m.measure_id for m in carriers],
                    "area_code": code,
                    "status": result.status.value,
                    "group": GROUP_OF[result.status].value,
                    "base_period": result.base_period,
                    "base_value": result.base_value,
                    "latest_period": result.latest_period,
                    "latest_value": result.latest_value,
                    "target_value": target_value,
                    "target_year": target_year,
                    "target_kind": None if kind is None else kind.value,
                    "published_status": None if result.published_status is None else result.published_status.value,
                    "ratio": result.ratio,
                }
            )
    return pd.DataFrame(rows)


def _focus_of(programme: Programme, registry: Registry, goals: GoalHierarchy, indicator_id: str) -> str:
    """The focus area an indicator is followed under: the programme's mapping, else its goal's."""
    mapped = programme.focus_of(indicator_id, registry)
    if mapped is not None:
        return mapped
    evidenced = goals.goals_evidenced_by(indicator_id)
    return evidenced[0].focus_area if evidenced else ""


def _target(
    indicator, indicator_id: str, carriers: list[Measure], programme_target=None
) -> tuple[float | None, int | None, TargetKind | None]:
    """The target to measure against and where it comes from, in this order: a real measure's own
    target, the programme's target (``targets.yaml``: who set it and when), the indicator's adopted
    target, then (shown, never used) a demonstration measure's target or the indicator's proposed one."""
    own = [
        (output.target_value, output.target_year, measure.is_demo)
        for measure in carriers
        for output in measure.outputs
        if output.indicator_id == indicator_id and output.target_value is not None
    ]
    real = [(v, y) for v, y, demo in own if not demo]
    if real:
        return *real[0], TargetKind.MEASURE
    if programme_target is not None:
        return programme_target.value, programme_target.year, TargetKind.ADOPTED
    target = indicator.target
    if target is not None and target.adopted:
        return target.value, target.year, TargetKind.ADOPTED
    if own:
        return own[0][0], own[0][1], TargetKind.DEMONSTRATION
    if target is not None:
        return target.value, target.year, TargetKind.PROPOSED
    return None, None, None


def status_summary(progress: pd.DataFrame, measures: list[Measure], programme: Programme) -> pd.DataFrame:
    """Per focus area and district: indicators in each status group and measures in each status."""
    if progress.empty:
        progress = pd.DataFrame(columns=["focus_area", "area_code", "group"])
    rows = []
    for focus in programme.focus_areas:
        for code in programme.programme_area_codes:
            mine = (
                progress[(progress["focus_area"] == focus.id) & (progress["area_code"] == code)]
                if len(progress)
                else progress
            )
            row = {"focus_area": focus.id, "area_code": code}
            for group in StatusGroup:
                row[f"indicators_{group.value}"] = int((mine["group"] == group.value).sum())
            in_scope = [m for m in measures if m.focus_area == focus.id and code in m.area_codes]
            for status in MeasureStatus:
                row[f"measures_{status.value}"] = sum(m.status == status for m in in_scope)
            rows.append(row)
    return pd.DataFrame(rows)


def filter_measures(
    measures: list[Measure],
    focus_area: str | None = None,
    district: str | None = None,
    status: str | None = None,
    schedule: str | None = None,
    on: dt.date | None = None,
) -> list[Measure]:
    """Measures in a focus area, district, status and schedule status on day ``on`` (each optional)."""
    if schedule is not None and on is None:
        raise ValueError("filter_measures: a schedule filter needs the day 'on' it is judged")
    return [
        m
        for m in measures
        if (focus_area is None or m.focus_area == focus_area)
        and (district is None or district in m.area_codes)
        and (status is None or m.status == status)
        and (schedule is None or schedule_status(m, on) == schedule)
    ]


def late_counts(measures: list[Measure], programme: Programme, on: dt.date) -> dict[str, int]:
    """Per focus area, how many measures are late on day ``on`` (the rows ``filter_measures`` gives for
    that focus area with ``schedule="late"``)."""
    return {
        fa.id: len(filter_measures(measures, fa.id, schedule=ScheduleStatus.LATE.value, on=on))
        for fa in programme.focus_areas
    }


def filter_progress(
    progress: pd.DataFrame,
    focus_area: str | None = None,
    district: str | None = None,
    group: str | None = None,
    measure_id: str | None = None,
    effect_only: bool = False,
) -> pd.DataFrame:
    """Rows of ``indicator_progress`` in a focus area, district and status group, carried by a measure,
    or of effect indicators only (each optional)."""
    if progress.empty:
        return progress
    keep = pd.Series(True, index=progress.index)
    if focus_area is not None:
        keep &= progress["focus_area"] == focus_area
    if district is not None:
        keep &= progress["area_code"] == district
    if group is not None:
        keep &= progress["group"] == group
    if measure_id is not None:
        keep &= progress["measures"].map(lambda ids: measure_id in ids)
    if effect_only:
        keep &= progress["role"] == "effect"
    return progress[keep]
