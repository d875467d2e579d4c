"""User-facing text in Norwegian bokmål (default) and English, and Norwegian number formats.

The texts live in the catalogues ``translations/<lang>/<domain>.yml`` (one flat ``key: text`` file
per language and domain, for translators to edit), loaded once into ``STRINGS``. Code names every key
in full (``t("nav_map", lang)``); the labels of enumerations are looked up through the maps in
``labels``. ``tools/strings_to_yaml.py`` moves an old ``strings_<x>.py`` module into the catalogues."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import yaml

from omrademonitor import labels
from omrademonitor.plurals import fill
from omrademonitor.vocabulary import is_missing

LANGUAGES = ("nb", "en")
DEFAULT_LANGUAGE = "nb"
NBSP = "\u00a0"

MONTHS_NB = (
    "januar",
    "februar",
    "mars",
    "april",
    "mai",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "desember",
)

TRANSLATIONS = Path(__file__).parent / "translations"


class CatalogueError(ValueError):
    """A translation catalogue that cannot be used; the message names the file and key."""


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """YAML's safe loader, refusing a key written twice in one file (YAML would keep the last)."""


def _unique_mapping(loader, node):
    seen: dict = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node)
        if key in seen:
            raise CatalogueError(f"line {key_node.start_mark.line + 1}: {key} is written twice")
        seen[key] = loader.construct_object(value_node)
    return seen


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _unique_mapping)


def load_catalogues(folder: Path = TRANSLATIONS) -> tuple[dict[str, dict[str, str]], dict[str, str]]:
    """Every key of the catalogues ``<folder>/<lang>/<domain>.yml`` -> {"nb": text, "en": text}, and
    each key's domain.

    Each file is a flat mapping ``key: text``. A key lives in one domain, in every language, with a
    non-empty text; anything else is refused with the file and key named."""
    problems: list[str] = []
    texts: dict[str, dict[str, str]] = {}
    domain_of: dict[str, str] = {}
    domains = sorted({p.stem for lang in LANGUAGES for p in (folder / lang).glob("*.yml")})
    if not domains:
        raise CatalogueError(f"{folder}: no catalogues (<lang>/<domain>.yml)")
    for domain in domains:
        for lang in LANGUAGES:
            path = folder / lang / f"{domain}.yml"
            if not path.exists():
                problems.append(f"{path}: missing (the domain exists in another language)")
                continue
            try:
                data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader) or {}
            except (yaml.YAMLError, CatalogueError) as exc:
                problems.append(f"{path}: not valid YAML ({exc})")
                continue
            if not isinstance(data, dict):
                problems.append(f"{path}: not a mapping of key: text")
                continue
            for key, text in data.items():
                if not isinstance(key, str):
                    problems.append(f"{path}: key {key!r} is not text (quote it)")
                elif not isinstance(text, str) or not text:
                    problems.append(f"{path}: {key}: the text must be a non-empty string (quote it), not {text!r}")
                elif domain_of.setdefault(key, domain) != domain:
                    problems.append(f"{path}: {key}: already defined in {domain_of[key]}.yml")
                else:
                    texts.setdefault(key, {})[lang] = text
    for key, by_lang in texts.items():
        for lang in LANGUAGES:
            if lang not in by_lang:
                problems.append(f"{folder / lang / domain_of[key]}.yml: {key}: missing (present in another language)")
    if problems:
        raise CatalogueError("translation catalogues: " + "; ".join(problems))
    return texts, domain_of


STRINGS, DOMAIN_OF = load_catalogues()


def catalogue(domain: str) -> dict[str, dict[str, str]]:
    """The keys of one catalogue file (``translations/<lang>/<domain>.yml``) and their texts."""
    return {key: STRINGS[key] for key, where in DOMAIN_OF.items() if where == domain}


UNIT_SUFFIX = {
    "percent": {"nb": f"{NBSP}%", "en": "%"},
    "per_1000": {"nb": f"{NBSP}‰", "en": "‰"},
    "nok": {"nb": f"{NBSP}kr", "en": f"{NBSP}NOK"},
    "years": {"nb": f"{NBSP}år", "en": f"{NBSP}yrs"},
    "square_metres": {"nb": f"{NBSP}m²", "en": f"{NBSP}m²"},
}


def t(key: str, lang: str = DEFAULT_LANGUAGE, **values) -> str:
    """The text for ``key`` in ``lang``, with ``{placeholders}`` filled in (``{n:# rad|# rader}``: the
    form the number calls for, see ``plurals``)."""
    text = STRINGS[key]["en" if lang == "en" else "nb"]
    return fill(text, **values) if values else text


def format_number(x: float | None, decimals: int = 0, lang: str = DEFAULT_LANGUAGE) -> str:
    """Norwegian: 12 345,6 (no-break space, decimal comma); English: 12,345.6. None/NaN → "–"."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    text = f"{x:,.{decimals}f}"
    if lang == "en":
        return text
    return text.replace(",", NBSP).replace(".", ",")


def format_value(x: float | None, unit: str, decimals: int, lang: str = DEFAULT_LANGUAGE) -> str:
    """A value with its unit sign: "12,3 %", "4 512", "81,2 år"."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    return format_number(x, decimals, lang) + UNIT_SUFFIX.get(unit, {}).get(lang, "")


def format_change(x: float | None, unit: str, decimals: int, lang: str = DEFAULT_LANGUAGE) -> str:
    """A signed change: "+1,2 %-poeng" for percentages, "−3" for counts."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    sign = "+" if x > 0 else ""
    body = sign + format_number(x, decimals, lang)
    if unit == "percent":
        return body + (f"{NBSP}%-poeng" if lang == "nb" else f"{NBSP}pp")
    return body + UNIT_SUFFIX.get(unit, {}).get(lang, "")


def format_date(day: dt.date, lang: str = DEFAULT_LANGUAGE) -> str:
    """Norwegian "13. desember 2022"; English "13 December 2022"."""
    if lang == "en":
        return f"{day.day} {day.strftime('%B')} {day.year}"
    return f"{day.day}. {MONTHS_NB[day.month - 1]} {day.year}"


def format_share(share: float, lang: str = DEFAULT_LANGUAGE) -> str:
    """A 0..1 share as a whole percentage: "47 %"."""
    return format_number(share * 100, 0, lang) + (f"{NBSP}%" if lang == "nb" else "%")


def headline_cell(
    row: dict, unit: str, decimals: int, baseline_year: int | None, lang: str = DEFAULT_LANGUAGE
) -> dict[str, str | None]:
    """Texts for one area's headline figure: value with year, change since baseline, mark vs city."""
    if is_missing(row.get("latest_value")):
        value = t("suppressed" if row.get("latest_state") == "suppressed" else "no_data", lang)
    else:
        value = f"{format_value(row['latest_value'], unit, decimals, lang)} ({int(row['latest_period'])})"
    change = None
    if not is_missing(row.get("change")):
        change = f"{format_change(row['change'], unit, decimals, lang)} {t('since', lang, year=baseline_year)}"
    return {
        "value": value,
        "change": change,
        "mark": t(labels.ASSESSMENT_LABEL_KEYS[row["vs_reference"]], lang),
        "change_is_clear": row.get("change_assessment") in ("better", "worse"),
        "progress": t(labels.PROGRESS_LABEL_KEYS[row["progress"]], lang) if row.get("progress") else "",
    }


def map_notes(indicator, rule, city_value: float | None, lang: str = DEFAULT_LANGUAGE) -> list[str]:
    """The texts under a map: how to read the colours, what is hidden (``rule``: the thresholds in
    force), definition and source."""
    city_text = format_value(city_value, indicator.unit.value, indicator.decimals, lang)
    colours = "colour_note_undirected" if indicator.direction.value == "none" else "colour_note_directed"
    return [
        f"{t(colours, lang, value=city_text)} "
        + t("suppression_note", lang, count=rule.min_count, denominator=rule.min_denominator),
        f"**{t('definition', lang)}:** {indicator.definition.get(lang)} "
        f"**{t('source', lang)}:** {indicator.source.name.get(lang)}",
    ]


def status_text(status: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """What a table says about a figure's status (never why a figure is hidden: see ``disclosure``)."""
    if status == "suppressed":
        return t("suppressed", lang)
    if status == "missing":
        return t("no_data", lang)
    return t("status_provisional", lang) if status == "provisional" else ""


def indicator_facts(indicator, updated: dt.date | None, lang: str = DEFAULT_LANGUAGE) -> str:
    """The registry's facts about an indicator as Markdown: definition, unit, direction, source, dates."""
    target = t("no_adopted_target", lang)
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
        f"**{t('baseline', lang)}:** {indicator.baseline_year or '–'}",
        f"**{target_heading}:** {target}",
        f"**{t('last_update', lang)}:** {format_date(updated, lang) if updated else '–'}",
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
