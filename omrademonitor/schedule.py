"""Whether a measure keeps to its plan, as of a given day.

A measure records its planned start and end (``start_date``, ``end_date``), its current status and
the day that status took effect (``status_date``); for a done measure that day is when it was
finished. Nothing else is recorded (no milestones, no actual start day), so the schedule status is
derived from those facts alone, and is ``UNKNOWN`` when one it needs is missing.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from omrademonitor.measures import Measure, MeasureStatus

# Started and not finished: late once the planned end has passed, on time before it.
OPEN = (MeasureStatus.IN_PROGRESS, MeasureStatus.CHANGED, MeasureStatus.PARTLY_DONE)


class ScheduleStatus(StrEnum):
    """A measure against its planned start and end."""

    NOT_STARTED = "not_started"  # planned, and its planned start is still ahead
    ON_TIME = "on_time"  # started, and its planned end is still ahead
    LATE = "late"  # planned start passed and not started, or planned end passed and not done
    DONE = "done"  # finished on or before its planned end
    DONE_LATE = "done_late"  # finished after its planned end
    STOPPED = "stopped"  # stopped: no longer held to a plan
    UNKNOWN = "unknown"  # a date it needs is missing, or the status is dated after the day asked about


def schedule_status(measure: Measure, on: dt.date) -> ScheduleStatus:
    """The schedule status of ``measure`` at the end of day ``on`` (a plan's day has passed once it is
    before ``on``)."""
    status, start, end = measure.status, measure.start_date, measure.end_date
    if measure.status_date > on:
        return ScheduleStatus.UNKNOWN  # the status recorded had not yet taken effect on that day
    if status == MeasureStatus.STOPPED:
        return ScheduleStatus.STOPPED
    if status == MeasureStatus.DONE:
        if end is None:
            return ScheduleStatus.UNKNOWN
        return ScheduleStatus.DONE_LATE if measure.status_date > end else ScheduleStatus.DONE
    if end is not None and end < on:
        return ScheduleStatus.LATE  # not done, and the planned end has passed
    if status == MeasureStatus.PLANNED:
        if start is None:
            return ScheduleStatus.UNKNOWN
        return ScheduleStatus.LATE if start < on else ScheduleStatus.NOT_STARTED
    if status in OPEN and end is not None:
        return ScheduleStatus.ON_TIME
    return ScheduleStatus.UNKNOWN  # no planned end, or not done with its end still ahead


def late_measures(measures: list[Measure], on: dt.date) -> list[Measure]:
    """The measures that are late on day ``on``."""
    return [m for m in measures if schedule_status(m, on) == ScheduleStatus.LATE]
