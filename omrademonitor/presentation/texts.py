"""Captions and Markdown lines for pages and reports: a headline figure's cell, the notes under a map,
an indicator's facts, the events and measures marked on a time series, what the figures shown are,
who did what in the audit log, the names of breakdowns and their categories, and the codebook of a
downloaded effect panel."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable

import pandas as pd

from omrademonitor import labels
from omrademonitor.analysis import Assessment
from omrademonitor.breakdowns import TOTAL
from omrademonitor.figures import demo_state
from omrademonitor.i18n import DEFAULT_LANGUAGE, t
from omrademonitor.indicator_registry import Direction
from omrademonitor.presentation.formatting import NO_VALUE, format_change, format_date, format_value, no_figure_text
from omrademonitor.vocabulary import is_missing


def headline_cell(
    row: dict,
    unit: str,
    decimals: int,
    baseline_year: int | None,
    lang: str = DEFAULT_LANGUAGE,
    period_text: Callable[[int], str] | None = None,
) -> dict[str, str | None]:
    """Texts for one area's headline figure: value with its period, change since the baseline, mark
    vs city. ``period_text`` writes the indicator's periods (``formatting.period_text``: '4. kv. 2023');
    without it a period is written as a year."""
    written = period_text or (lambda period: str(int(period)))
    if is_missing(row.get("latest_value")):
        value = no_figure_text(row.get("latest_state"), lang, alone=True)
    else:
        value = f"{format_value(row['latest_value'], unit, decimals, lang)} ({written(int(row['latest_period']))})"
    change = None
    if not is_missing(row.get("change")):
        base = row.get("baseline_period")
        since = baseline_year if is_missing(base) else written(int(base))
        change = f"{format_change(row['change'], unit, decimals, lang)} {t('since', lang, year=since)}"
    return {
        "value": value,
        "change": change,
        "mark": t(labels.ASSESSMENT_LABEL_KEYS[row["vs_reference"]], lang),
        "change_is_clear": row.get("change_assessment") in (Assessment.BETTER, Assessment.WORSE),
        "progress": t(labels.PROGRESS_LABEL_KEYS[row["progress"]], lang) if row.get("progress") else "",
    }


def map_notes(indicator, rule, city_value: float | None, lang: str = DEFAULT_LANGUAGE) -> list[str]:
    """The texts under a map: how to read the colours, what is hidden (``rule``: the thresholds in
    force), definition and source."""
    city_text = format_value(city_value, indicator.unit.value, indicator.decimals, lang)
    colours = "colour_note_undirected" if indicator.direction == Direction.NONE else "colour_note_directed"
    return [
        f"{t(colours, lang, value=city_text)} "
        + t("suppression_note", lang, count=rule.min_count, denominator=rule.min_denominator),
        f"**{t('definition', lang)}:** {indicator.definition.get(lang)} "
        f"**{t('source', lang)}:** {indicator.source.name.get(lang)}",
    ]


def indicator_facts(
    indicator, updated: dt.date | None, lang: str = DEFAULT_LANGUAGE, agreement_signed: dt.date | None = None
) -> str:
    """The registry's facts about an indicator as Markdown: definition, unit, direction, source, dates.
    Without a target, the programme's agreement (``agreement_signed``, from its folder) is named as
    setting none."""
    target = (
        t("no_adopted_target_by_agreement", lang, date=format_date(agreement_signed, lang))
        if agreement_signed
        else t("no_adopted_target", lang)
    )
    target_heading = t("target", lang)
    if indicator.target:
        value = format_value(indicator.target.value, indicator.unit.value, indicator.decimals, lang)
        if indicator.target.adopted:
            source = indicator.target.source
            where = ", ".join(
                [
                    source.document.get(lang),
                    *([source.decision.get(lang)] if source.decision else []),
                    format_date(source.date, lang),
                ]
            )
            target = t(
                "target_adopted_by",
                lang,
                value=value,
                year=indicator.target.year,
                source=where,
                who=indicator.target.entered_by,
            )
        else:
            target_heading = t("proposed_target", lang)
            target = t(
                "target_proposed_by", lang, value=value, year=indicator.target.year, who=indicator.target.entered_by
            )
    lines = [
        f"**{t('definition', lang)}**  \n{indicator.definition.get(lang)}",
        f"**{t('unit', lang)}:** {t(labels.UNIT_LABEL_KEYS[indicator.unit], lang)}",
        f"**{t('direction', lang)}:** {t(labels.DIRECTION_LABEL_KEYS[indicator.direction], lang)}",
        f"**{t('source', lang)}:** {indicator.source.name.get(lang)}",
        f"**{t('baseline', lang)}:** {indicator.baseline_year or NO_VALUE}",
        f"**{target_heading}:** {target}",
        f"**{t('last_update', lang)}:** {format_date(updated, lang) if updated else NO_VALUE}",
    ]
    return lines[0] + "\n\n" + "  \n".join(lines[1:])


def event_list(events, lang: str = DEFAULT_LANGUAGE) -> str:
    """The events marked on time series, as one line: "Hendelser: 2020 Koronapandemien; …"."""
    items = [f"{e.year} {e.title_en if lang == 'en' else e.title_nb}" for e in events.itertuples()]
    return f"{t('events_title', lang)}: " + "; ".join(items) if items else ""


def measure_list(annotations, lang: str = DEFAULT_LANGUAGE) -> str:
    """The measures marked on a time series, as one line: "Tiltak: ▶ 2023-01-09 Start: Ny vri …; ■ …"."""
    items = [f"{'▶' if a.kind == 'start' else '■'} {a.date.isoformat()} {a.label}" for a in annotations.itertuples()]
    return f"{t('measures_heading', lang)}: " + "; ".join(items) if items else ""


def shown_data_note(frame: pd.DataFrame, lang: str, per_area: bool = False) -> str:
    """A caption saying what the figures shown are: all demonstration data, all real, or how many of
    each (areas on a map with ``per_area``); empty without figures."""
    state = demo_state(frame["is_demo"]) if len(frame) else None
    if state is None:
        return ""
    if state != "mixed":
        return t(labels.SHOWN_ALL_LABEL_KEYS[state], lang)
    demo = int(frame["is_demo"].astype(bool).sum())
    return t("shown_mixed_map" if per_area else "shown_mixed", lang, real=len(frame) - demo, demo=demo)


def actor_text(username: str, lang: str) -> str:
    """Who made a change: the system and the anonymous reader by name, people by username."""
    return t(labels.ACTOR_LABEL_KEYS[username], lang) if username in labels.ACTOR_LABEL_KEYS else username


def action_text(action: str, lang: str) -> str:
    """An audited write as people call it (an action without a catalogue entry stays as recorded)."""
    key = labels.AUDIT_ACTION_LABEL_KEYS.get(action)
    return t(key, lang) if key else action


def breakdown_label(breakdown_id: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """A breakdown's name for readers ('Kjønn' / 'Sex'; 'I alt' / 'Total' for the total)."""
    return t(labels.BREAKDOWN_LABEL_KEYS[breakdown_id], lang)


def category_label(breakdown_id: str, category_id: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """A category's name for readers ('Kvinner' / 'Women'; 'I alt' / 'Total' for the total)."""
    if category_id == TOTAL or breakdown_id == TOTAL:
        return t("category_total", lang)
    return t(labels.CATEGORY_LABEL_KEYS[(breakdown_id, category_id)], lang)


def effect_panel_codebook(indicator, spec: dict, lang: str = DEFAULT_LANGUAGE) -> str:
    """A Markdown codebook for a downloaded effect panel (``effects.panel``), from the registry and the
    design ``spec`` (``effects.specification``). Not the open dataset's codebook (``open_data.codebook``)."""
    name = indicator.name.get(lang)
    meaning = t(labels.PERIOD_MEANING_LABEL_KEYS[indicator.period_type], lang, span=indicator.period_span)
    rows = [
        ("unit", t("codebook_unit", lang)),
        ("area_name", t("codebook_area_name", lang)),
        ("period", t("codebook_period", lang, meaning=meaning)),
        ("period_code", t("codebook_period_code", lang)),
        ("outcome", t("codebook_outcome", lang, name=name, unit=indicator.unit.value)),
        ("treated", t("codebook_treated", lang)),
        ("post", t("codebook_post", lang, year=spec["first_post_period"])),
        ("status", t("codebook_status", lang)),
        ("batch_id", t("codebook_batch_id", lang)),
    ]
    lines = [
        f"# {t('codebook_title', lang, name=name, indicator_id=indicator.id)}",
        "",
        f"## {t('codebook_columns', lang)}",
        "",
        f"| {t('codebook_column', lang)} | {t('codebook_meaning', lang)} |",
        "|---|---|",
        *(f"| {column} | {text} |" for column, text in rows),
        "",
        f"## {t('indicator', lang)}",
        "",
        f"- **{t('definition', lang)}:** {indicator.definition.get(lang)}",
        f"- **{t('unit', lang)}:** {indicator.unit.value}; **{t('codebook_direction', lang)}:** "
        f"{indicator.direction.value}; **{t('codebook_aggregation', lang)}:** {indicator.aggregation.value}",
        f"- **{t('source', lang)}:** {indicator.source.name.get(lang)}",
    ]
    if indicator.numerator is not None:
        lines.append(f"- **{t('numerator', lang)}:** {indicator.numerator.get(lang)}")
    if indicator.denominator is not None:
        lines.append(f"- **{t('denominator', lang)}:** {indicator.denominator.get(lang)}")
    design = json.dumps(spec, indent=2, ensure_ascii=False)
    lines += ["", f"## {t('codebook_design', lang)}", "", "```json", design, "```", ""]
    return "\n".join(lines)
