"""Programme tracking for people: the register of measures, a measure's history, indicator progress,
the status summary, schedule sentences, the measures marked on a chart and the final-evaluation
workbook, with words in the reader's language. The numbers come from ``tracking``."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from omrademonitor import labels
from omrademonitor.exports import to_workbook
from omrademonitor.goals import GoalHierarchy
from omrademonitor.i18n import t
from omrademonitor.indicator_registry import Registry
from omrademonitor.measures import Measure, MeasureStatus
from omrademonitor.presentation.formatting import NO_VALUE, format_date, format_number, format_value, period_text
from omrademonitor.programme import Programme
from omrademonitor.schedule import ScheduleStatus, schedule_status
from omrademonitor.tracking import StatusGroup, late_counts, status_history, status_summary
from omrademonitor.vocabulary import is_missing

STATUS_SYMBOL = {
    StatusGroup.TARGET_ACHIEVED: "◎",
    StatusGroup.SUBSTANTIAL_PROGRESS: "◆",
    StatusGroup.MODERATE_PROGRESS: "◇",
    StatusGroup.LIMITED_PROGRESS: "△",
    StatusGroup.DETERIORATION: "✕",
    StatusGroup.NO_CLEAR_CHANGE: "○",
    StatusGroup.NOT_APPLICABLE: "–",
    StatusGroup.NOT_AVAILABLE: "?",
}


def group_count_text(group: StatusGroup, count: int, lang: str) -> str:
    """'◆ 3 substantial progress': how many indicators are in a status group, with its symbol and word."""
    return f"{STATUS_SYMBOL[group]} {int(count)} {t(labels.GROUP_LABEL_KEYS[group], lang)}"


def status_count_text(status: MeasureStatus, count: int, lang: str) -> str:
    """'2 started': how many measures have a status, the status in lower case."""
    return f"{int(count)} {t(labels.MEASURE_STATUS_LABEL_KEYS[status], lang).lower()}"


def summary_count_texts(row: dict, lang: str) -> tuple[list[str], list[str]]:
    """The indicator counts by status group and the measure counts by status of one row of the status
    summary (``tracking.status_summary``) in words, leaving out those that are 0."""
    groups = [(g, row[f"indicators_{g.value}"]) for g in StatusGroup]
    statuses = [(s, row[f"measures_{s.value}"]) for s in MeasureStatus]
    return (
        [group_count_text(g, count, lang) for g, count in groups if int(count)],
        [status_count_text(s, count, lang) for s, count in statuses if int(count)],
    )


def history_tables(history: pd.DataFrame, lang: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A measure's history (``tracking.measure_history``) for people: its dated status changes, and
    every change with what it touched."""
    statuses = status_history(history)
    status_rows = [
        {
            t("status", lang): t(labels.MEASURE_STATUS_LABEL_KEYS[row["status"]], lang),
            t("status_date", lang): row["status_date"],
            t("saved_at", lang): row["saved_at"],
            t("saved_by", lang): row["saved_by"],
            t("note", lang): "" if is_missing(row["note"]) else row["note"],
        }
        for row in statuses.to_dict("records")
    ]
    change_rows = [
        {
            t("saved_at", lang): row["saved_at"],
            t("saved_by", lang): row["saved_by"],
            t("via", lang): row["via"],
            t("changed_fields", lang): ", ".join(row["changed"]) or NO_VALUE,
            t("note", lang): "" if is_missing(row["note"]) else row["note"],
        }
        for row in history.to_dict("records")
    ]
    return pd.DataFrame(status_rows), pd.DataFrame(change_rows)


def schedule_text(measure: Measure, on: dt.date, lang: str) -> str:
    """A measure's schedule status in words; 'no data' when a fact it needs is missing."""
    status = schedule_status(measure, on)
    return t("no_data", lang) if status == ScheduleStatus.UNKNOWN else t(labels.SCHEDULE_LABEL_KEYS[status], lang)


def late_line(measures: list[Measure], programme: Programme, on: dt.date, lang: str) -> str:
    """One sentence for a summary: how many measures are late on day ``on``, per focus area."""
    counts = late_counts(measures, programme, on)
    total = sum(counts.values())
    date = format_date(on, lang)
    if not total:
        return t("late_line_none", lang, date=date)
    detail = ", ".join(f"{programme.focus_area(f).name.get(lang)}: {n}" for f, n in counts.items() if n)
    return t("late_line", lang, date=date, count=total, detail=detail)


def measure_table(
    measures: list[Measure], programme: Programme, goals: GoalHierarchy, lang: str, on: dt.date | None = None
) -> pd.DataFrame:
    """The register as a table for people: one row per measure, words in ``lang``; with ``on``, each
    measure's schedule status on that day. Status, schedule, result and recommendation come right after
    the title (the id after them), so a screen shows them first; a missing fact reads 'no data'."""
    names = programme.programme_area_names
    strategies = goals.strategies()
    order = {fa.id: fa.number for fa in programme.focus_areas}
    measures = sorted(measures, key=lambda m: (order.get(m.focus_area, 99), m.measure_id))
    none = t("no_data", lang)
    keys = ["measure_title", "focus_area", "status", *(["schedule"] if on else []), "result", "recommendation"]
    keys += ["measure_id", "period", "status_date", "districts", "strategy", "responsible"]
    keys += ["budget_planned", "budget_spent", "demo"]
    rows = []
    for m in measures:
        values = {
            "measure_id": m.measure_id,
            "measure_title": m.title(lang),
            "focus_area": programme.focus_area(m.focus_area).number,
            "status": t(labels.MEASURE_STATUS_LABEL_KEYS[m.status], lang),
            "schedule": schedule_text(m, on, lang) if on else None,
            "result": m.result or none,
            "recommendation": recommendation_text(m, lang),
            "period": _period(m, lang),
            "status_date": m.status_date.isoformat(),
            "districts": ", ".join(names.get(c, c) for c in m.area_codes),
            "strategy": strategies[m.strategy_id].title.get(lang) if m.strategy_id in strategies else none,
            "responsible": m.responsible or none,
            "budget_planned": _nok(m.budget_planned_nok, lang),
            "budget_spent": _nok(m.budget_spent_nok, lang),
            "demo": "✓" if m.is_demo else "",
        }
        rows.append({t(key, lang): values[key] for key in keys})
    return pd.DataFrame(rows, columns=[t(key, lang) for key in keys])


def recommendation_text(measure: Measure, lang: str) -> str:
    """A measure's recommendation in words; 'no data' without one."""
    return (
        t(labels.RECOMMENDATION_LABEL_KEYS[measure.recommendation], lang)
        if measure.recommendation
        else t("no_data", lang)
    )


def _period(measure: Measure, lang: str) -> str:
    if measure.start_date is None and measure.end_date is None:
        return t("no_data", lang)
    start = measure.start_date.isoformat() if measure.start_date else t("no_data", lang)
    end = measure.end_date.isoformat() if measure.end_date else t("no_data", lang)
    return f"{start} – {end}"


def _nok(amount: float | None, lang: str) -> str:
    return t("no_data", lang) if amount is None else t("amount_nok", lang, amount=format_number(amount, 0, lang))


def progress_table(progress: pd.DataFrame, registry: Registry, programme: Programme, lang: str) -> pd.DataFrame:
    """Indicator progress (``tracking.indicator_progress``) for people: one row per indicator and
    district, words in ``lang``."""
    names = programme.programme_area_names
    rows = []
    for r in progress.itertuples():
        indicator = registry[r.indicator_id]

        rows.append(
            {
                t("indicator", lang): indicator.name.get(lang),
                t("indicator_role", lang): t(labels.INDICATOR_ROLE_LABEL_KEYS[r.role], lang),
                t("focus_area", lang): programme.focus_area(r.focus_area).number,
                t("area", lang): names.get(r.area_code, r.area_code),
                t("baseline", lang): dated_text(r.base_value, r.base_period, indicator, lang),
                t("latest", lang): dated_text(r.latest_value, r.latest_period, indicator, lang),
                t("target", lang): _target_text(r, indicator, lang),
                t("progress_status", lang): t(labels.PROGRESS_LABEL_KEYS[r.status], lang),
            }
        )
    return pd.DataFrame(rows)


def _target_text(row, indicator, lang: str) -> str:
    """A target with where it comes from: '80 % (2026) · the measure's target', and for a proposed or
    demonstration target its label saying it is not used."""
    kind = getattr(row, "target_kind", None)
    year = row.target_year  # a target is set for a year, whatever the indicator's periods
    text = NO_VALUE if is_missing(year) else _with_when(row.target_value, str(int(year)), indicator, lang)
    if text == NO_VALUE or is_missing(kind):
        return text
    return f"{text} · {t(labels.TARGET_KIND_LABEL_KEYS[kind], lang)}"


def dated_text(value, period, indicator, lang: str) -> str:
    """A figure with its period as readers write it: '12,3 % (2024)', '140 (4. kv. 2023)',
    '8,0 % (2019–2021)'; ``NO_VALUE`` without a period. ``period`` is the stored reference (``periods.py``)."""
    if is_missing(period):
        return NO_VALUE
    return _with_when(value, period_text(indicator, lang)(int(period)), indicator, lang)


def _with_when(value, when: str, indicator, lang: str) -> str:
    shown = format_value(None if is_missing(value) else value, indicator.unit.value, indicator.decimals, lang)
    return f"{shown} ({when})"


def measure_annotations(measures: list[Measure], today: dt.date, lang: str) -> pd.DataFrame:
    """When measures started and ended, as chart annotations (date, kind, label); ends still ahead
    of ``today`` are left out."""
    rows = []
    for m in measures:
        for kind, day in (("start", m.start_date), ("end", m.end_date)):
            if day is not None and day <= today:
                rows.append(
                    {
                        "date": day,
                        "kind": kind,
                        "label": f"{t(labels.MEASURE_EVENT_LABEL_KEYS[kind], lang)}: {m.title(lang)}",
                    }
                )
    return pd.DataFrame(rows, columns=["date", "kind", "label"])


def summary_table(summary: pd.DataFrame, programme: Programme, lang: str) -> pd.DataFrame:
    """The status summary (``tracking.status_summary``) for people: focus area and area by name, counts
    under translated headings."""
    names = programme.programme_area_names
    headings = {
        f"indicators_{g.value}": f"{t('indicators_heading', lang)}: {t(labels.GROUP_LABEL_KEYS[g], lang)}"
        for g in StatusGroup
    }
    headings |= {
        f"measures_{s.value}": f"{t('measures_heading', lang)}: {t(labels.MEASURE_STATUS_LABEL_KEYS[s], lang)}"
        for s in MeasureStatus
    }
    table = summary.rename(columns=headings)
    table.insert(0, t("focus_area", lang), [programme.focus_area(f).name.get(lang) for f in summary["focus_area"]])
    table.insert(1, t("area", lang), [names.get(c, c) for c in summary["area_code"]])
    return table.drop(columns=["focus_area", "area_code"])


def summary_lines(summary: pd.DataFrame, programme: Programme, lang: str) -> pd.DataFrame:
    """The status summary in four columns (focus area, area, indicators, measures), each count with its
    category in words: narrow enough for an A4 page."""
    names = programme.programme_area_names
    rows = []
    for row in summary.to_dict("records"):
        indicators, measures = summary_count_texts(row, lang)
        rows.append(
            {
                t("focus_area", lang): programme.focus_area(row["focus_area"]).name.get(lang),
                t("area", lang): names.get(row["area_code"], row["area_code"]),
                t("indicators_heading", lang): " · ".join(indicators) or NO_VALUE,
                t("measures_heading", lang): ", ".join(measures) or NO_VALUE,
            }
        )
    return pd.DataFrame(rows)


def evaluation_workbook(
    measures: list[Measure],
    progress: pd.DataFrame,
    programme: Programme,
    goals: GoalHierarchy,
    registry: Registry,
    about: dict[str, str],
    lang: str,
) -> bytes:
    """The final evaluation as one Excel workbook: every measure, every indicator's progress, the status
    summary, and an 'about' sheet (data version, method, demonstration marks)."""
    summary = status_summary(progress, measures, programme)
    sheets = {
        t("measures_heading", lang): measure_table(measures, programme, goals, lang),
        t("indicators_heading", lang): progress_table(progress, registry, programme, lang),
        "Status": summary_table(summary, programme, lang),
        t("about_sheet", lang): pd.DataFrame({"": list(about), " ": list(about.values())}),
    }
    return to_workbook(sheets)
