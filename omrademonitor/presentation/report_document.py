"""The status report as a document: ``report.ReportData`` (numbers, codes, frames and typed results, in no
language) written as the report's words and tables in one language, rendered as A4 HTML from the Jinja2
templates in ``templates/report/``, printed to PDF, with the tables behind it as one Excel workbook.

The templates get every word ready-made: ``report_html`` passes them the content's texts and tables
(``Table``, drawn by ``_table.html.j2``) and the headings in ``WORDS``. Charts and maps are the app's
own figure functions, exported to SVG with kaleido.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
import pandas as pd
from markupsafe import Markup

from omrademonitor import labels, report
from omrademonitor.exports import to_workbook
from omrademonitor.geography import MAP_CRS
from omrademonitor.i18n import t
from omrademonitor.measures import Measure
from omrademonitor.pdf import html_to_pdf, page_count, svg_renderer
from omrademonitor.presentation import tracking_tables
from omrademonitor.presentation.charts import choropleth, period_axis, time_series, vector_map
from omrademonitor.presentation.formatting import (
    NO_VALUE,
    format_change,
    format_date,
    format_number,
    format_p_value,
    interval_text,
    period_text,
)
from omrademonitor.presentation.texts import headline_cell
from omrademonitor.presentation.tracking_tables import dated_text
from omrademonitor.programme import Programme
from omrademonitor.report import FocusPart, Moved, ReportData, ZoneMap
from omrademonitor.snapshots import Snapshot

MAP_MARGIN_M = 800
CHART_SIZE = (470, 330)  # px, drawn into half the A4 text width (about 90 mm): text stays about 7 pt
TICK_ROOM = 60  # characters a chart's time axis has for upright tick labels: ten years, each with two of gap
MAP_WIDTH = 900  # px; the height follows the municipality's shape
TEMPLATES = Path(__file__).parent.parent / "templates" / "report"


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
    """Everything the report shows, as tables and figures in one language."""

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


def assemble_report(
    store, snapshot: Snapshot, lang: str, observations: pd.DataFrame, breakdowns: pd.DataFrame | None = None
) -> Content:
    """The report's content for one language, read from the store as the snapshot defines it, with
    figures from the snapshot's published layer ``observations`` (and ``breakdowns``)."""
    content, finish = draft_report(store, snapshot, lang, observations, breakdowns)
    finish()
    return content


def draft_report(
    store, snapshot: Snapshot, lang: str, observations: pd.DataFrame, breakdowns: pd.DataFrame | None = None
) -> tuple[Content, Callable[[], None]]:
    """The content without the effect estimates, and the function that adds them (and the Excel
    tables that need them): the estimates take most of the time, so ``make_report`` draws the figures
    meanwhile."""
    data = report.gather(store, snapshot, observations, breakdowns)
    programme = data.programme
    sections = [_section(data, part, lang) for part in data.parts]
    content = Content(
        lang=lang,
        title=programme.name.get(lang),
        subtitle=t("report_reference", lang, date=format_date(snapshot.reference_date, lang)),
        facts=[
            f"{t('programme_period', lang)}: {programme.start_year}–{programme.end_year}",
            t("report_vintage", lang, date=format_date(data.vintage, lang) if data.vintage is not None else NO_VALUE),
            t(
                "report_generated",
                lang,
                date=format_date(snapshot.generated_at.date(), lang),
                who=snapshot.generated_by,
            ),
            t("report_inputs", lang, digest=report.inputs_digest(snapshot)),
        ],
        demo=data.demo,
        summary=tracking_tables.summary_lines(data.summary, programme, lang),
        sections=sections,
        definitions=_definitions(data, lang),
        batches=_batch_table(data.batches, lang),
        hidden=data.hidden,
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
        late=tracking_tables.late_line(data.measures, programme, snapshot.reference_date, lang),
        messages=[_message(data, part, lang) for part in data.parts],
    )

    def finish() -> None:
        report.estimate_effects(data)
        for section, part in zip(content.sections, data.parts, strict=True):
            section.effects = _effects(part, lang)
        content.tables = _pack_tables(content, data, lang)
        content.tables[t("report_summary", lang)] = tracking_tables.summary_table(data.summary, programme, lang)

    return content, finish


def report_file_name(programme: Programme, reference_date: dt.date | dt.datetime | str, lang: str, suffix: str) -> str:
    """A clean file name for a stored report: ``omrademonitor-statusrapport-<programme>-2026-12-01.pdf``
    (``status-report`` in English, so both languages of one day can sit in one folder)."""
    day = pd.Timestamp(reference_date).date().isoformat()
    return f"omrademonitor-{t('report_file_word', lang)}-{programme.id}-{day}.{suffix}"


def _section(data: ReportData, part: FocusPart, lang: str) -> Section:
    focus, names, headline = part.focus, data.names, data.headline
    rows = []
    for indicator in part.headline:
        shown = headline[headline["indicator_id"] == indicator.id].set_index("area_code")
        row = {t("indicator_id_column", lang): indicator.id, t("indicator", lang): indicator.name.get(lang)}
        for code, cell in shown.iterrows():
            text = headline_cell(
                cell.to_dict(),
                indicator.unit.value,
                indicator.decimals,
                indicator.baseline_year,
                lang,
                period_text(indicator, lang),
            )
            row[names[code]] = " · ".join(x for x in (text["value"], text["change"], text["progress"]) if x)
        rows.append(row)
    section = Section(
        focus.id,
        f"{focus.number}. {focus.name.get(lang)}",
        focus.aim.get(lang) if focus.aim else "",
        pd.DataFrame(rows),
        [(chart.indicator.name.get(lang), _chart_figure(data, chart, lang)) for chart in part.charts],
        measures=_measure_table(part.measures, data.snapshot.reference_date, names, lang),
    )
    if part.zone_map is not None:
        section.map_title, section.map_figure = _map(part.zone_map, lang)
    return section


def _chart_figure(data: ReportData, chart: report.Chart, lang: str):
    """One indicator's chart, sized for half the page's width, with its linked measures marked."""
    programme = data.programme
    linked = tracking_tables.measure_annotations(chart.linked, data.snapshot.reference_date, lang)
    figure = time_series(
        chart.series,
        chart.indicator,
        programme.start_year,
        programme.end_year,
        data.events,
        lang,
        data.demo_data,
        linked,
    )
    figure.update_layout(
        height=CHART_SIZE[1],
        title=None,
        font={"size": 12},
        margin={"l": 10, "r": 16, "t": 34, "b": 10},
    )
    indicator = chart.indicator
    if indicator.annual or not len(chart.series["period"].dropna()):
        years = chart.series["period"].dropna()
        span = int(max(years.max(), programme.end_year) - years.min()) if len(years) else 0
        figure.update_xaxes(tickangle=0, dtick=2 if span > 9 else 1)  # upright years that do not collide
    else:  # upright period names that do not collide: every year's first period, some years apart
        stored = sorted(set(chart.series["period"].dropna().astype(int)))
        figure.update_xaxes(tickangle=0, **period_axis(stored, indicator, lang, room=TICK_ROOM))
    return figure


def _message(data: ReportData, part: FocusPart, lang: str) -> Message:
    """Key messages for one focus area: headline indicators that improved or worsened since their
    baseline in a programme area, effect indicators in deterioration, and the measures late on the
    reference day. At most ``report.MAX_MESSAGES`` of each kind are named; the rest are counted."""
    names, on = data.names, data.snapshot.reference_date

    def moved(item: Moved) -> str:
        indicator = item.indicator
        if item.kind != "deterioration":  # since the baseline, as the headline table assesses it
            where = "; ".join(
                f"{names[r.area_code]} {format_change(r.change, indicator.unit.value, indicator.decimals, lang)}"
                for r in item.rows.itertuples()
            )
            return f"{indicator.name.get(lang)} ({where} {t('since', lang, year=indicator.baseline_year)})"
        where = "; ".join(
            f"{names.get(r.area_code, r.area_code)} {dated_text(r.base_value, r.base_period, indicator, lang)} → "
            f"{dated_text(r.latest_value, r.latest_period, indicator, lang)}"
            for r in item.rows.itertuples()
        )
        return f"{indicator.name.get(lang)} ({where}, {t('group_deterioration', lang)})"

    late = [_late_item(m, on, names, lang) for m in part.late]
    lines = []
    for mark, key, items in (("▲", "report_improved", part.improved), ("▼", "report_worsened", part.worsened)):
        if items:
            lines.append(Line(mark, t(key, lang), _listed([moved(i) for i in items], lang)))
    if not part.improved and not part.worsened:
        lines.append(Line("●", t("report_unchanged", lang), t("report_unchanged_text", lang)))
    if late:
        lines.append(Line("!", t("report_late", lang), _listed(late, lang)))
    else:
        lines.append(Line("✓", t("report_late", lang), t("report_none_late", lang)))
    return Message(part.focus.id, f"{part.focus.number}. {part.focus.name.get(lang)}", tuple(lines))


def _late_item(measure: Measure, on: dt.date, names: dict[str, str], lang: str) -> str:
    """A late measure, its areas and the date it was planned to end (or, not started, to start)."""
    ended = measure.end_date is not None and measure.end_date < on
    return t(
        "report_late_item" if ended else "report_late_start_item",
        lang,
        measure=measure.title(lang),
        areas=", ".join(names.get(c, c) for c in measure.area_codes),
        date=format_date(measure.end_date if ended else measure.start_date, lang),
    )


def _listed(items: list[str], lang: str) -> str:
    """'a; b; c' with at most ``MAX_MESSAGES`` items, then 'and 2 more'."""
    shown = "; ".join(items[: report.MAX_MESSAGES])
    rest = len(items) - report.MAX_MESSAGES
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


def _map(zone_map: ZoneMap, lang: str):
    """The zone map's title and figure: the image's shape follows the municipality's, so nothing is cut off."""
    indicator, shown = zone_map.indicator, zone_map.shown
    figure = choropleth(
        zone_map.frame, indicator, zone_map.year, zone_map.city, zone_map.outlines, lang, zone_map.approximate, False
    )
    minx, miny, maxx, maxy = shown.to_crs(25833).total_bounds
    plot_width = MAP_WIDTH - 160  # the colour bar's share on the right
    ratio = (maxy - miny + 2 * MAP_MARGIN_M) / (maxx - minx + 2 * MAP_MARGIN_M)
    height = int(min(max(plot_width * ratio, 320), 900)) + 70
    figure.update_layout(
        width=MAP_WIDTH, height=height, showlegend=True, font={"size": 12}, margin={"l": 0, "r": 0, "t": 30, "b": 40}
    )
    framed = shown.to_crs(25833).buffer(MAP_MARGIN_M).to_crs(MAP_CRS)
    figure = vector_map(figure, tuple(float(v) for v in framed.total_bounds))
    title = t("report_map", lang, indicator=indicator.name.get(lang), year=period_text(indicator, lang)(zone_map.year))
    return title, figure


def _effects(part: FocusPart, lang: str) -> pd.DataFrame:
    """The programme areas together against all other zones, for each effect indicator measured per zone."""
    rows = []
    for indicator, result in part.effects or []:
        row = {t("indicator", lang): indicator.name.get(lang)}
        if not result.ok:
            row[t("estimated_effect", lang)] = t(
                labels.INSUFFICIENT_LABEL_KEYS[result.insufficient], lang, reason=result.detail
            )
        else:
            d = indicator.decimals + 1
            row[t("estimated_effect", lang)] = format_number(result.estimate.effect, d, lang)
            row[t("interval_95", lang)] = interval_text(result.placebo.ci_low, result.placebo.ci_high, d, lang)
            row[t("permutation_p", lang)] = format_p_value(result.placebo.p_value, lang)
            row[t("mde", lang)] = format_number(result.mde, d, lang)
            events = result.event_study
            row[t("pretrend", lang)] = t(labels.PRETREND_VERDICT_LABEL_KEYS[events.verdict], lang) + (
                t("pretrend_short_disagree", lang) if events.disagreement else ""
            )
        rows.append(row)
    return pd.DataFrame(rows)


def _definitions(data: ReportData, lang: str) -> pd.DataFrame:
    registry = data.registry
    return pd.DataFrame(
        [
            {
                t("indicator", lang): registry[i].name.get(lang),
                t("definition", lang): registry[i].definition.get(lang),
                t("source", lang): registry[i].source.name.get(lang),
            }
            for i in data.shown_ids
        ]
    )


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


def _pack_tables(content: Content, data: ReportData, lang: str) -> dict[str, pd.DataFrame]:
    """The tables behind the report, for the Excel pack."""
    programme = data.programme
    tables = {t("report_summary", lang): content.summary}
    for section in content.sections:
        tables[f"{section.focus_id[:20]} {t('report_headline', lang)[:8]}"] = section.headline
    tables[t("measures_heading", lang)] = tracking_tables.measure_table(data.measures, programme, data.goals, lang)
    tables[t("indicators_heading", lang)] = tracking_tables.progress_table(
        data.progress, data.registry, programme, lang
    )
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


def document_table(frame: pd.DataFrame | None, drop: tuple[str, ...] = ()) -> Table | None:
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


def report_html(content: Content, render) -> str:
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
                "headline": document_table(section.headline, (t("indicator_id_column", lang),)),
                "charts": charts,
                "map": shown_map,
                "measures": document_table(section.measures),
                "effects": document_table(section.effects),
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
        "summary": document_table(content.summary),
        "sections": sections,
        "definitions": document_table(content.definitions),
        "disclosure_text": t(
            "appendix_disclosure_text", lang, count=count, denominator=denominator, hidden=content.hidden
        ),
        "progress_text": t("appendix_progress_text", lang),
        "snapshot_text": content.snapshot_text,
        "batches": document_table(content.batches),
    }
    words = {key: t(key, lang) for key in WORDS}
    css = (TEMPLATES / "report.css").read_text(encoding="utf-8")
    return ENVIRONMENT.get_template("report.html.j2").render(c=view, words=words, css=Markup(css))


def make_report(
    store, snapshot: Snapshot, lang: str, observations: pd.DataFrame, breakdowns: pd.DataFrame | None = None
) -> report.Report:
    """Assemble, render and print the report for a snapshot and its published figures (the maker
    ``report.generate`` and ``report.regenerate`` are given)."""
    content, finish = draft_report(store, snapshot, lang, observations, breakdowns)
    with svg_renderer() as render, ThreadPoolExecutor(max_workers=1) as pool:
        # kaleido's Chromium draws the figures while this thread estimates the effects (DuckDB, numpy)
        drawn = pool.submit(_draw_all, content, render)
        finish()
        images = drawn.result()
    html = report_html(content, lambda figure, width, height: images[id(figure)])
    pdf = html_to_pdf(html, snapshot.generated_at)
    return report.Report(pdf, to_workbook(content.tables), page_count(pdf))
