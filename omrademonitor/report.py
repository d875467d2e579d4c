"""The status report for review meetings: content from a snapshot, rendered as A4 HTML from the Jinja2
templates in ``templates/report/``, printed to PDF, with the tables behind it as one Excel workbook.

The report opens with a one-page summary of key messages per focus area, written from the figures:
which headline indicators improved or worsened since their baseline in which programme area, and which
measures are late (``schedule.py``). Every name (programme, municipality, programme areas, focus areas)
comes from the programme definition and the store; the report works for any number of programme areas.

Everything is read through ``AsOfStore``, so a report made again from its stored snapshot shows the
same figures. Charts and maps are the app's own figure functions, exported to SVG with kaleido.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
import pandas as pd
from markupsafe import Markup

from omrademonitor import effects, figures, labels, tracking
from omrademonitor.access import Permission, Principal, require
from omrademonitor.exports import to_workbook
from omrademonitor.geography import MAP_CRS
from omrademonitor.goals import GoalHierarchy
from omrademonitor.i18n import t
from omrademonitor.indicator_registry import Registry
from omrademonitor.measures import Measure, measures_for_indicator
from omrademonitor.pdf import html_to_pdf, page_count, pdf_text, svg_renderer
from omrademonitor.presentation import tracking_tables
from omrademonitor.presentation.charts import choropleth, time_series, vector_map
from omrademonitor.presentation.formatting import format_change, format_date, format_number
from omrademonitor.presentation.texts import headline_cell
from omrademonitor.presentation.tracking_tables import dated_text
from omrademonitor.programme import Programme
from omrademonitor.schedule import late_measures
from omrademonitor.scope import build_scope
from omrademonitor.setup_db import programmes_dir
from omrademonitor.snapshots import AsOfStore, Snapshot, capture, published_as_of, published_breakdowns_as_of

MAX_CHARTS = 4
MAX_MESSAGES = 4  # per kind (improved, worsened, late) and focus area on the summary page; the rest counted
MAP_MARGIN_M = 800
CHART_SIZE = (470, 330)  # px, drawn into half the A4 text width (about 90 mm): text stays about 7 pt
MAP_WIDTH = 900  # px; the height follows the municipality's shape
TEMPLATES = Path(__file__).parent / "templates" / "report"
MAPPABLE_UNITS = ("percent", "per_1000", "score", "years", "nok")  # rates and levels; counts are not compared


@dataclass
class Section:
    """One focus area's part of the report."""

    focus_id: str
    title: str
    aim: str
    headline: pd.DataFrame
    charts: list = field(default_factory=list)  # (title, figure)
    map_title: str = ""
    map_figure: object = None
    measures: pd.DataFrame | None = None
    effects: pd.DataFrame | None = None


@dataclass(frozen=True)
class Line:
    """One line of a key message: a symbol (so the kind is not told by colour alone), a label, a text."""

    mark: str
    label: str
    text: str


@dataclass(frozen=True)
class Message:
    """The key messages of one focus area on the summary page."""

    focus_id: str
    title: str
    lines: tuple[Line, ...]


@dataclass
class Content:
    """Everything the report shows, as tables and figures."""

    lang: str
    title: str
    subtitle: str
    facts: list[str]
    demo: bool
    summary: pd.DataFrame
    sections: list[Section]
    definitions: pd.DataFrame
    batches: pd.DataFrame
    hidden: int
    policy: tuple[int, int]
    snapshot_text: str
    tables: dict[str, pd.DataFrame]
    late: str = ""  # how many measures are late on the reference day, per focus area
    messages: list[Message] = field(default_factory=list)  # the summary page's key messages


def inputs_digest(snapshot: Snapshot) -> str:
    """A short checksum of a snapshot's inputs, printed on the title page."""
    return hashlib.sha256(snapshot.to_json().encode("utf-8")).hexdigest()[:16]


def assemble(
    store, snapshot: Snapshot, lang: str, observations: pd.DataFrame, breakdowns: pd.DataFrame | None = None
) -> Content:
    """The report's content for one language, read from the store as the snapshot defines it, with
    figures from the snapshot's published layer ``observations`` (and ``breakdowns``)."""
    content, finish = _draft(store, snapshot, lang, observations, breakdowns)
    finish()
    return content


def _draft(
    store, snapshot: Snapshot, lang: str, observations: pd.DataFrame, breakdowns: pd.DataFrame | None = None
) -> tuple[Content, Callable[[], None]]:
    """The content without the effect estimates, and the function that adds them (and the Excel
    tables that need them): the estimates take most of the time, so ``make`` draws the figures
    meanwhile."""
    view = AsOfStore(store, snapshot, observations, breakdowns)
    programme, registry = snapshot.definitions()
    goals = tracking.stored_goals(view, programme, registry, programmes_dir())
    measures = tracking.stored_measures(view, programme.id)
    progress = tracking.indicator_progress(view, registry, programme, goals, measures)
    summary = tracking.status_summary(progress, measures, programme)
    headline = figures.headline_table(view, registry, programme)
    demo_data = figures.holds_demo_data(view)
    demo = demo_data or any(m.is_demo for m in measures)
    vintage = view.scalar("data_vintage")
    reading = _Reading(
        view,
        snapshot,
        programme,
        registry,
        goals,
        measures,
        headline,
        build_scope(view, programme).area_names(),
        view.query("events", programme_id=programme.id),
        demo_data,
        lang,
        progress,
    )
    sections = [_section(reading, focus) for focus in programme.focus_areas]
    column = t("indicator_id_column", lang)
    shown = [i for s in sections if column in s.headline for i in s.headline[column]]
    definitions = _definitions(registry, list(dict.fromkeys(shown)), lang)
    batches = view.query("batches")
    hidden = _hidden_count(view, registry, list(dict.fromkeys(shown)))
    summary_table = tracking_tables.summary_lines(summary, programme, lang)
    messages = [_message(reading, focus) for focus in programme.focus_areas]
    content = Content(
        lang=lang,
        title=programme.name.get(lang),
        subtitle=t("report_reference", lang, date=format_date(snapshot.reference_date, lang)),
        facts=[
            f"{t('programme_period', lang)}: {programme.start_year}–{programme.end_year}",
            t(
                "report_vintage",
                lang,
                date=format_date(vintage.date(), lang) if vintage is not None and not pd.isna(vintage) else "–",
            ),
            t(
                "report_generated",
                lang,
                date=format_date(snapshot.generated_at.date(), lang),
                who=snapshot.generated_by,
            ),
            t("report_inputs", lang, digest=inputs_digest(snapshot)),
        ],
        demo=demo,
        summary=summary_table,
        sections=sections,
        definitions=definitions,
        batches=_batch_table(batches, lang),
        hidden=hidden,
        policy=snapshot.policy,
        snapshot_text=t(
            "appendix_snapshot_text",
            lang,
            programme=snapshot.digest("programme"),
            registry=snapshot.digest("registry"),
            goals=snapshot.max_goal_version,
            measures=snapshot.max_measure_version,
        ),
        tables={},
        late=tracking_tables.late_line(measures, programme, snapshot.reference_date, lang),
        messages=messages,
    )

    fingerprint = hashlib.sha256(pd.util.hash_pandas_object(observations, index=False).to_numpy().tobytes()).hexdigest()

    def finish() -> None:
        for section, focus in zip(content.sections, programme.focus_areas, strict=True):
            effect_ids = [i for g in goals.for_focus_area(focus.id) for i in g.effect_indicators]
            section.effects = _effects(view, registry, programme, effect_ids, lang, fingerprint)
        content.tables = _pack_tables(content, measures, programme, goals, progress, registry, lang)
        content.tables[t("report_summary", lang)] = tracking_tables.summary_table(summary, programme, lang)

    return content, finish


def file_name(programme: Programme, reference_date: dt.date | dt.datetime | str, lang: str, suffix: str) -> str:
    """A clean file name for a stored report: ``omrademonitor-statusrapport-<programme>-2026-12-01.pdf``
    (``status-report`` in English, so both languages of one day can sit in one folder)."""
    day = pd.Timestamp(reference_date).date().isoformat()
    return f"omrademonitor-{t('report_file_word', lang)}-{programme.id}-{day}.{suffix}"


@dataclass(frozen=True)
class _Reading:
    """What every section reads, read once per report."""

    view: AsOfStore
    snapshot: Snapshot
    programme: Programme
    registry: Registry
    goals: GoalHierarchy
    measures: list[Measure]
    headline: pd.DataFrame
    names: dict
    events: pd.DataFrame
    demo_data: bool
    lang: str
    progress: pd.DataFrame


def _section(reading: _Reading, focus) -> Section:
    view, programme, registry, goals = reading.view, reading.programme, reading.registry, reading.goals
    measures, headline, names, lang = reading.measures, reading.headline, reading.names, reading.lang
    chosen = [i for i in programme.focus_indicators(focus.id, registry) if i.headline]
    effect_ids = [i for g in goals.for_focus_area(focus.id) for i in g.effect_indicators]
    charted = list(dict.fromkeys([*(i.id for i in chosen), *effect_ids]))[:MAX_CHARTS]
    rows = []
    for indicator in chosen:
        part = headline[headline["indicator_id"] == indicator.id].set_index("area_code")
        row = {t("indicator_id_column", lang): indicator.id, t("indicator", lang): indicator.name.get(lang)}
        for code, cell in part.iterrows():
            text = headline_cell(
                cell.to_dict(), indicator.unit.value, indicator.decimals, indicator.baseline_year, lang
            )
            row[names[code]] = " · ".join(x for x in (text["value"], text["change"], text["progress"]) if x)
        rows.append(row)
    areas = (*programme.programme_area_codes, programme.municipality_code)
    charts = []
    for indicator_id in charted:
        indicator = registry[indicator_id]
        frame = figures.series(view, indicator, list(areas))
        linked = tracking_tables.measure_annotations(
            measures_for_indicator(measures, goals, indicator_id), reading.snapshot.reference_date, lang
        )
        figure = time_series(
            frame,
            indicator,
            programme.start_year,
            programme.end_year,
            reading.events,
            lang,
            reading.demo_data,
            linked,
        )
        figure.update_layout(
            height=CHART_SIZE[1],
            title=None,
            font={"size": 12},
            margin={"l": 10, "r": 16, "t": 34, "b": 10},
        )
        years = frame["period"].dropna()
        span = int(max(years.max(), programme.end_year) - years.min()) if len(years) else 0
        figure.update_xaxes(tickangle=0, dtick=2 if span > 9 else 1)  # upright years that do not collide
        charts.append((indicator.name.get(lang), figure))
    section = Section(
        focus.id,
        f"{focus.number}. {focus.name.get(lang)}",
        focus.aim.get(lang) if focus.aim else "",
        pd.DataFrame(rows),
        charts,
        measures=_measure_table(
            tracking.filter_measures(measures, focus.id), reading.snapshot.reference_date, names, lang
        ),
    )
    mappable = [
        registry[i]
        for i in dict.fromkeys([*(i.id for i in chosen), *effect_ids])
        if registry[i].level == "levekarssone" and registry[i].unit.value in MAPPABLE_UNITS
    ]
    if mappable:
        section.map_title, section.map_figure = _map(view, programme, mappable[0], lang)
    return section


def _message(reading: _Reading, focus) -> Message:
    """Key messages for one focus area, from the figures: headline indicators that improved or worsened
    since their baseline in a programme area (the same assessment as the overview), and the measures
    late on the reference day. At most ``MAX_MESSAGES`` of each kind are named; the rest are counted."""
    lang, names, headline = reading.lang, reading.names, reading.headline
    found: dict[str, list[str]] = {"better": [], "worse": []}
    for indicator in (i for i in reading.programme.focus_indicators(focus.id, reading.registry) if i.headline):
        rows = headline[
            (headline["indicator_id"] == indicator.id)
            & headline["area_code"].isin(reading.programme.programme_area_codes)
        ]
        for kind in found:
            moved = rows[rows["change_assessment"] == kind]
            if moved.empty:
                continue
            where = "; ".join(
                f"{names[r.area_code]} {format_change(r.change, indicator.unit.value, indicator.decimals, lang)}"
                for r in moved.itertuples()
            )
            since = t("since", lang, year=indicator.baseline_year)
            found[kind].append(f"{indicator.name.get(lang)} ({where} {since})")
    progress = reading.progress
    if len(progress):
        mine = (progress["focus_area"] == focus.id) & (progress["role"] == "effect")
        falling = progress[mine & (progress["group"] == "deterioration")]
        for indicator_id, rows in falling.groupby("indicator_id", sort=False):
            indicator = reading.registry[indicator_id]
            where = "; ".join(
                f"{names.get(r.area_code, r.area_code)} {dated_text(r.base_value, r.base_period, indicator, lang)} → "
                f"{dated_text(r.latest_value, r.latest_period, indicator, lang)}"
                for r in rows.itertuples()
            )
            text = f"{indicator.name.get(lang)} ({where}, {t('group_deterioration', lang)})"
            if not any(item.startswith(f"{indicator.name.get(lang)} (") for item in found["worse"]):
                found["worse"].append(text)
    on = reading.snapshot.reference_date
    late = [
        t(
            "report_late_item" if m.end_date is not None and m.end_date < on else "report_late_start_item",
            lang,
            measure=m.title(lang),
            areas=", ".join(names.get(c, c) for c in m.area_codes),
            date=format_date(m.end_date if m.end_date is not None and m.end_date < on else m.start_date, lang),
        )
        for m in late_measures(tracking.filter_measures(reading.measures, focus.id), on)
    ]
    lines = []
    for mark, key, items in (("▲", "report_improved", found["better"]), ("▼", "report_worsened", found["worse"])):
        if items:
            lines.append(Line(mark, t(key, lang), _listed(items, lang)))
    if not found["better"] and not found["worse"]:
        lines.append(Line("●", t("report_unchanged", lang), t("report_unchanged_text", lang)))
    if late:
        lines.append(Line("!", t("report_late", lang), _listed(late, lang)))
    else:
        lines.append(Line("✓", t("report_late", lang), t("report_none_late", lang)))
    return Message(focus.id, f"{focus.number}. {focus.name.get(lang)}", tuple(lines))


def _listed(items: list[str], lang: str) -> str:
    """'a; b; c' with at most ``MAX_MESSAGES`` items, then 'and 2 more'."""
    shown = "; ".join(items[:MAX_MESSAGES])
    rest = len(items) - MAX_MESSAGES
    return shown + (f"; {t('report_and_more', lang, count=rest)}" if rest > 0 else "")


def _measure_table(measures: list[Measure], on: dt.date, names: dict[str, str], lang: str) -> pd.DataFrame:
    """The measures of a focus area for a reader: title, status, schedule on the reference day, planned
    period in words, areas, result and recommendation. No internal ids (the Excel pack has them)."""
    order = sorted(measures, key=lambda m: (m.start_date or dt.date.max, m.title(lang)))
    none = t("no_data", lang)

    def day(value: dt.date | None) -> str:
        return none if value is None else format_date(value, lang)

    rows = [
        {
            t("measure_title", lang): m.title(lang),
            t("status", lang): t(labels.MEASURE_STATUS_LABEL_KEYS[m.status], lang),
            t("schedule", lang): tracking_tables.schedule_text(m, on, lang),
            t("period", lang): f"{day(m.start_date)} – {day(m.end_date)}",
            t("districts", lang): ", ".join(names.get(c, c) for c in m.area_codes),
            t("result", lang): m.result or none,
            t("recommendation", lang): tracking_tables.recommendation_text(m, lang),
        }
        for m in order
    ]
    return pd.DataFrame(rows)


def _map(view, programme, indicator, lang):
    """The zone map of one indicator's latest year: the whole municipality, programme areas outlined;
    the image's shape follows the municipality's, so nothing is cut off."""
    level = "levekarssone"
    periods = figures.observations(view, indicator, level)["period"]
    if periods.empty:
        return "", None
    year = int(periods.max())
    frame = figures.map_frame(view, indicator, level, year, build_scope(view, programme).area_codes)
    zones = figures.shapes(view, level)
    outlines = zones[zones["code"].isin(programme.programme_area_codes)]
    if outlines.empty:  # programme areas above zone level: zoom to the municipality's zones
        outlines = frame[["code", "geometry"]].iloc[0:0] if frame.empty else frame[["code", "geometry"]]
    city = figures.reference_value(view, indicator, programme.municipality_code, "kommune", year)
    source = figures.boundary_source(view)
    figure = choropleth(frame, indicator, year, city, outlines, lang, bool(source["approximate"]), False)
    shown = frame if not frame.empty else zones  # the programme's municipality: its zones in scope
    minx, miny, maxx, maxy = shown.to_crs(25833).total_bounds
    plot_width = MAP_WIDTH - 160  # the colour bar's share on the right
    ratio = (maxy - miny + 2 * MAP_MARGIN_M) / (maxx - minx + 2 * MAP_MARGIN_M)
    height = int(min(max(plot_width * ratio, 320), 900)) + 70
    figure.update_layout(
        width=MAP_WIDTH, height=height, showlegend=True, font={"size": 12}, margin={"l": 0, "r": 0, "t": 30, "b": 40}
    )
    framed = shown.to_crs(25833).buffer(MAP_MARGIN_M).to_crs(MAP_CRS)
    figure = vector_map(figure, tuple(float(v) for v in framed.total_bounds))
    return t("report_map", lang, indicator=indicator.name.get(lang), year=year), figure


_ESTIMATES: dict[tuple, effects.EffectResult] = {}  # the last report's estimates, for its other language
_ESTIMATES_KEPT = 64


def _estimate(view: AsOfStore, registry, programme, design, figures: str) -> effects.EffectResult:
    """The effect estimate for a design, read through the snapshot; kept for the same snapshot's report
    in another language (the estimate does not depend on the language and is the slow part)."""
    key = (inputs_digest(view.snapshot), figures, design)
    if key not in _ESTIMATES:
        if len(_ESTIMATES) >= _ESTIMATES_KEPT:
            _ESTIMATES.clear()
        _ESTIMATES[key] = effects.evaluate(view, registry, programme, design)
    return _ESTIMATES[key]


def _effects(view, registry, programme, effect_ids, lang, figures: str) -> pd.DataFrame:
    """The programme areas together against all other zones, for each effect indicator measured per zone."""
    rows = []
    first_post = effects.default_first_post_period(programme)
    for indicator_id in effect_ids:
        indicator = registry[indicator_id]
        if not effects.estimable(indicator):
            continue
        design = effects.Design(indicator_id, tuple(programme.programme_area_codes), first_post)
        result = _estimate(view, registry, programme, design, figures)
        row = {t("indicator", lang): indicator.name.get(lang)}
        if not result.ok:
            row[t("estimated_effect", lang)] = t(
                labels.INSUFFICIENT_LABEL_KEYS[result.insufficient], lang, reason=result.detail
            )
        else:
            d = indicator.decimals + 1
            row[t("estimated_effect", lang)] = format_number(result.estimate.effect, d, lang)
            row[t("interval_95", lang)] = (
                f"{format_number(result.placebo.ci_low, d, lang)} – {format_number(result.placebo.ci_high, d, lang)}"
            )
            row[t("permutation_p", lang)] = format_number(result.placebo.p_value, 3, lang)
            row[t("mde", lang)] = format_number(result.mde, d, lang)
            events = result.event_study
            row[t("pretrend", lang)] = t(labels.PRETREND_VERDICT_LABEL_KEYS[events.verdict], lang) + (
                t("pretrend_short_disagree", lang) if events.disagreement else ""
            )
        rows.append(row)
    return pd.DataFrame(rows)


def _definitions(registry, indicator_ids, lang) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                t("indicator", lang): registry[i].name.get(lang),
                t("definition", lang): registry[i].definition.get(lang),
                t("source", lang): registry[i].source.name.get(lang),
            }
            for i in indicator_ids
        ]
    )


def _hidden_count(view, registry, indicator_ids) -> int:
    return int(sum((figures.panel(view, registry[i])["status"] == "suppressed").sum() for i in indicator_ids))


def _batch_table(batches: pd.DataFrame, lang: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            t("batch", lang): batches["batch_id"].astype(int),
            t("kind", lang): [t(labels.BATCH_KIND_LABEL_KEYS[kind], lang) for kind in batches["kind"]],
            t("source", lang): batches["source"],
            t("imported", lang): [format_date(day.date(), lang) for day in batches["imported_at"]],
            t("checksum", lang): batches["content_hash"].str[:12],
        }
    )


def _pack_tables(content: Content, measures, programme, goals, progress, registry, lang) -> dict[str, pd.DataFrame]:
    """The tables behind the report, for the Excel pack."""
    tables = {t("report_summary", lang): content.summary}
    for section in content.sections:
        tables[f"{section.focus_id[:20]} {t('report_headline', lang)[:8]}"] = section.headline
    tables[t("measures_heading", lang)] = tracking_tables.measure_table(measures, programme, goals, lang)
    tables[t("indicators_heading", lang)] = tracking_tables.progress_table(progress, registry, programme, lang)
    tables[t("report_effects", lang)[:31]] = pd.concat(
        [s.effects.assign(**{t("focus_area", lang): s.title}) for s in content.sections if s.effects is not None],
        ignore_index=True,
    )
    tables[t("appendix_definitions", lang)[:31]] = content.definitions
    tables[t("appendix_snapshot", lang)] = content.batches
    return tables


# --- HTML --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Table:
    """A table as the template draws it: column headings and rows of text."""

    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


def table(frame: pd.DataFrame | None, drop: tuple[str, ...] = ()) -> Table | None:
    """The one way a DataFrame becomes a report table (drawn by ``_table.html.j2``): missing cells are
    empty, everything else is its text."""
    if frame is None or frame.empty:
        return None
    shown = frame.drop(columns=list(drop), errors="ignore")
    rows = tuple(tuple("" if pd.isna(v) else str(v) for v in row) for row in shown.itertuples(index=False))
    return Table(tuple(str(c) for c in shown.columns), rows)


def css_string(text: str) -> Markup:
    """``text`` as a CSS string literal, safe inside a <style> element."""
    body = "".join(c if c.isalnum() or c in " .,:;·–-_()/" or ord(c) > 127 else f"\\{ord(c):x} " for c in text)
    return Markup(f'"{body}"')


def _environment() -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.filters["css_string"] = css_string
    return environment


ENVIRONMENT = _environment()
WORDS = (
    "report_title",
    "report_summary",
    "report_summary_lead",
    "report_summary_intro",
    "report_status_counts",
    "report_demo_mark",
    "report_headline",
    "report_charts",
    "measures_heading",
    "report_effects",
    "report_effects_intro",
    "appendix",
    "appendix_definitions",
    "appendix_disclosure",
    "appendix_methods",
    "appendix_snapshot",
    "method_text",
    "page_of",
    "no_data",
)


def _figures(content: Content) -> list[tuple[object, int, int]]:
    """Every figure of the report with the size it is drawn at."""
    found = []
    for section in content.sections:
        found += [(figure, *CHART_SIZE) for _, figure in section.charts]
        if section.map_figure is not None:
            layout = section.map_figure.layout
            found.append((section.map_figure, layout.width, layout.height))
    return found


def _draw_all(content: Content, render) -> dict[int, str]:
    """Each figure's image URI by the figure's id."""
    return {id(figure): render(figure, width, height) for figure, width, height in _figures(content)}


def to_html(content: Content, render) -> str:
    """The report as one HTML document; ``render(figure, width, height)`` gives each figure's image URI."""
    lang = content.lang
    sections = []
    for section in content.sections:
        charts = [{"title": title, "uri": render(figure, *CHART_SIZE)} for title, figure in section.charts]
        shown_map = None
        if section.map_figure is not None:
            layout = section.map_figure.layout
            shown_map = {"title": section.map_title, "uri": render(section.map_figure, layout.width, layout.height)}
        sections.append(
            {
                "title": section.title,
                "aim": section.aim,
                "headline": table(section.headline, (t("indicator_id_column", lang),)),
                "charts": charts,
                "map": shown_map,
                "measures": table(section.measures),
                "effects": table(section.effects),
            }
        )
    count, denominator = content.policy
    view = {
        "lang": "en" if lang == "en" else "nb",
        "title": content.title,
        "subtitle": content.subtitle,
        "footer": f"{content.title} · {content.subtitle}" + (f" · {t('demo_short', lang)}" if content.demo else ""),
        "facts": content.facts,
        "demo": content.demo,
        "late": content.late,
        "messages": content.messages,
        "summary": table(content.summary),
        "sections": sections,
        "definitions": table(content.definitions),
        "disclosure_text": t(
            "appendix_disclosure_text", lang, count=count, denominator=denominator, hidden=content.hidden
        ),
        "progress_text": t("appendix_progress_text", lang),
        "snapshot_text": content.snapshot_text,
        "batches": table(content.batches),
    }
    words = {key: t(key, lang) for key in WORDS}
    css = (TEMPLATES / "report.css").read_text(encoding="utf-8")
    return ENVIRONMENT.get_template("report.html.j2").render(c=view, words=words, css=Markup(css))


@dataclass(frozen=True)
class Report:
    """A made report: the PDF, the Excel pack, and the number of pages."""

    pdf: bytes
    workbook: bytes
    pages: int


def make(
    store, snapshot: Snapshot, lang: str, observations: pd.DataFrame, breakdowns: pd.DataFrame | None = None
) -> Report:
    """Assemble, render and print the report for a snapshot and its published figures."""
    content, finish = _draft(store, snapshot, lang, observations, breakdowns)
    with svg_renderer() as render, ThreadPoolExecutor(max_workers=1) as pool:
        # kaleido's Chromium draws the figures while this thread estimates the effects (DuckDB, numpy)
        drawn = pool.submit(_draw_all, content, render)
        finish()
        images = drawn.result()
    html = to_html(content, lambda figure, width, height: images[id(figure)])
    pdf = html_to_pdf(html, snapshot.generated_at)
    return Report(pdf, to_workbook(content.tables), page_count(pdf))


def generate(
    database, programme, registry, policy, reference_date: dt.date, lang: str, actor: Principal
) -> tuple[int, Report]:
    """Capture the inputs for ``reference_date``, make the report, and store both; returns its id.

    Refused (AccessDenied) before any work for an actor who may not store reports: making one
    starts Chromium for many seconds.
    """
    require(actor, Permission.EDIT_PROGRAMME)
    snapshot = capture(database, programme, registry, policy, reference_date, dt.datetime.now(), actor.label)
    observations = published_as_of(database, snapshot)
    breakdowns = published_breakdowns_as_of(database, snapshot, observations)
    made = make(database, snapshot, lang, observations, breakdowns)
    report_id = database.write(
        lambda w: w.save_report(
            snapshot.to_json(), programme.id, reference_date, lang, made, observations, actor, breakdowns
        )
    )
    return report_id, made


def regenerate(store, report_id: int, actor: Principal) -> tuple[str, Report]:
    """Make a stored report again from its snapshot and compare: 'identical' (same bytes), 'text' (same
    text, per pdftotext) or 'different'.

    Needs the right to make reports (``EDIT_PROGRAMME``, editors and admins), checked here before any
    work: a remake runs Chromium for many seconds, so it is no button for anyone who can read.
    """
    require(actor, Permission.EDIT_PROGRAMME)
    stored = store.query("report", report_id=report_id).iloc[0]
    snapshot = Snapshot.from_json(stored["inputs_json"])
    observations = store.query("report_observations", report_id=report_id)
    breakdowns = store.query("report_breakdowns", report_id=report_id)
    _ESTIMATES.clear()  # a remake computes everything again, so it tests that the report is reproducible
    again = make(store, snapshot, stored["lang"], observations, breakdowns)
    old = bytes(stored["pdf"])
    if again.pdf == old:
        return "identical", again
    return ("text" if pdf_text(again.pdf) == pdf_text(old) else "different"), again
