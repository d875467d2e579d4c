"""The status report for review meetings: content from a snapshot, rendered as A4 HTML, printed to
PDF, with the tables behind it as one Excel workbook.

Everything is read through ``AsOfStore``, so a report made again from its stored snapshot shows the
same figures. Charts and maps are the app's own figure functions, exported to SVG with kaleido.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from html import escape

import pandas as pd

from omrademonitor import effects, tracking, views
from omrademonitor.access import Permission, Principal, require
from omrademonitor.charts import choropleth, time_series, zoom_to
from omrademonitor.exports import to_workbook
from omrademonitor.goals import GoalHierarchy
from omrademonitor.i18n import format_date, format_number, headline_cell, t
from omrademonitor.measures import Measure, measures_for_indicator
from omrademonitor.pdf import html_to_pdf, page_count, pdf_text, svg_renderer
from omrademonitor.programme import Programme
from omrademonitor.progress import METHOD_SOURCE
from omrademonitor.registry import Registry
from omrademonitor.setup_db import PROGRAMMES_DIR
from omrademonitor.snapshots import AsOfStore, Snapshot, capture, published_as_of

MAX_CHARTS = 4
MAP_MARGIN_M = 1500
REPORT_MAP_WIDTH_PX = 1000  # the width the map is drawn at in the PDF
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


def inputs_digest(snapshot: Snapshot) -> str:
    """A short checksum of a snapshot's inputs, printed on the title page."""
    return hashlib.sha256(snapshot.to_json().encode("utf-8")).hexdigest()[:16]


def assemble(store, snapshot: Snapshot, lang: str, observations: pd.DataFrame) -> Content:
    """The report's content for one language, read from the store as the snapshot defines it, with
    figures from the snapshot's published layer ``observations``."""
    view = AsOfStore(store, snapshot, observations)
    programme, registry = snapshot.definitions()
    goals = tracking.stored_goals(view, programme, registry, PROGRAMMES_DIR)
    measures = tracking.stored_measures(view, programme.id)
    progress = tracking.indicator_progress(view, registry, programme, goals, measures)
    summary = tracking.status_summary(progress, measures, programme)
    headline = views.headline_table(view, registry, programme)
    demo_data = views.holds_demo_data(view)
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
        {a.area_code: a.name for a in programme.programme_areas} | {programme.municipality_code: "Trondheim"},
        view.query("events", programme_id=programme.id),
        demo_data,
        lang,
    )
    sections = [_section(reading, focus) for focus in programme.focus_areas]
    shown = [i for s in sections for i in s.headline[t("indicator_id_column", lang)]] if sections else []
    definitions = _definitions(registry, list(dict.fromkeys(shown)), lang)
    batches = view.query("batches")
    hidden = _hidden_count(view, registry, list(dict.fromkeys(shown)))
    summary_table = tracking.summary_lines(summary, programme, lang)
    content = Content(
        lang=lang,
        title=programme.name.get(lang),
        subtitle=t("report_reference", lang, date=format_date(snapshot.reference_date, lang)),
        facts=[
            f"{t('programme_period', lang)}: {programme.start_year}–{programme.end_year}",
            t("report_vintage", lang, date=format_date(vintage.date(), lang) if vintage is not None else "–"),
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
        late=tracking.late_line(measures, programme, snapshot.reference_date, lang),
    )
    content.tables = _pack_tables(content, measures, programme, goals, progress, registry, lang)
    content.tables[t("report_summary", lang)] = tracking.summary_table(summary, programme, lang)
    return content


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


def _section(reading: _Reading, focus) -> Section:
    view, programme, registry, goals = reading.view, reading.programme, reading.registry, reading.goals
    measures, headline, names, lang = reading.measures, reading.headline, reading.names, reading.lang
    chosen = [i for i in registry.in_focus_area(focus.id) if i.headline]
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
        frame = views.series(view, indicator, list(areas))
        linked = tracking.measure_annotations(
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
        figure.update_layout(height=340, title={"text": indicator.name.get(lang), "font": {"size": 13}})
        charts.append((indicator.name.get(lang), figure))
    section = Section(
        focus.id,
        f"{focus.number}. {focus.name.get(lang)}",
        focus.aim.get(lang),
        pd.DataFrame(rows),
        charts,
        measures=tracking.measure_table(tracking.filter_measures(measures, focus.id), programme, goals, lang),
        effects=_effects(view, registry, programme, effect_ids, lang),
    )
    mappable = [
        registry[i]
        for i in dict.fromkeys([*(i.id for i in chosen), *effect_ids])
        if registry[i].level == "levekarssone" and registry[i].unit.value in MAPPABLE_UNITS
    ]
    if mappable:
        section.map_title, section.map_figure = _map(view, programme, mappable[0], lang)
    return section


def _map(view, programme, indicator, lang):
    """The zone map of one indicator's latest year, zoomed to the two programme areas."""
    level = "levekarssone"
    periods = views.observations(view, indicator, level)["period"]
    if periods.empty:
        return "", None
    year = int(periods.max())
    frame = views.map_frame(view, indicator, level, year)
    zones = views.shapes(view, level)
    outlines = zones[zones["code"].isin(programme.programme_area_codes)]
    city = views.reference_value(view, indicator, programme.municipality_code, "kommune", year)
    source = views.boundary_source(view)
    figure = choropleth(frame, indicator, year, city, outlines, lang, bool(source["approximate"]), False)
    figure.update_layout(height=460, showlegend=True)
    zoom_to(figure, outlines.to_crs(25833).buffer(MAP_MARGIN_M), REPORT_MAP_WIDTH_PX, 400)
    return t("report_map", lang, indicator=indicator.name.get(lang), year=year), figure


def _effects(view, registry, programme, effect_ids, lang) -> pd.DataFrame:
    """Both programme areas against all other zones, for each effect indicator measured per zone."""
    rows = []
    first_post = effects.default_first_post_period(programme)
    for indicator_id in effect_ids:
        indicator = registry[indicator_id]
        if not effects.estimable(indicator):
            continue
        result = effects.evaluate(
            view,
            registry,
            programme,
            effects.Design(indicator_id, tuple(programme.programme_area_codes), first_post),
        )
        row = {t("indicator", lang): indicator.name.get(lang)}
        if not result.ok:
            row[t("estimated_effect", lang)] = t(
                f"effects_insufficient_{result.insufficient}", lang, reason=result.detail
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
            row[t("pretrend", lang)] = t(f"pretrend_short_{events.verdict}", lang) + (
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
    return int(sum((views.panel(view, registry[i])["status"] == "suppressed").sum() for i in indicator_ids))


def _batch_table(batches: pd.DataFrame, lang: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            t("batch", lang): batches["batch_id"].astype(int),
            t("kind", lang): batches["kind"],
            t("source", lang): batches["source"],
            t("imported", lang): batches["imported_at"].dt.strftime("%Y-%m-%d %H:%M"),
            t("checksum", lang): batches["content_hash"].str[:12],
        }
    )


def _pack_tables(content: Content, measures, programme, goals, progress, registry, lang) -> dict[str, pd.DataFrame]:
    """The tables behind the report, for the Excel pack."""
    tables = {t("report_summary", lang): content.summary}
    for section in content.sections:
        tables[f"{section.focus_id[:20]} {t('report_headline', lang)[:8]}"] = section.headline
    tables[t("measures_heading", lang)] = tracking.measure_table(measures, programme, goals, lang)
    tables[t("indicators_heading", lang)] = tracking.progress_table(progress, registry, programme, lang)
    tables[t("report_effects", lang)[:31]] = pd.concat(
        [s.effects.assign(**{t("focus_area", lang): s.title}) for s in content.sections if s.effects is not None],
        ignore_index=True,
    )
    tables[t("appendix_definitions", lang)[:31]] = content.definitions
    tables[t("appendix_snapshot", lang)] = content.batches
    return tables


# --- HTML --------------------------------------------------------------------------------------------

CSS = """
@page { size: A4; margin: 15mm 14mm 17mm 14mm;
  @bottom-left { content: "FOOTER"; font: 7.5pt "DejaVu Sans", sans-serif; color: #555; }
  @bottom-right { content: "PAGE " counter(page); font: 7.5pt "DejaVu Sans", sans-serif; color: #555; } }
body { font-family: "DejaVu Sans", sans-serif; font-size: 9.5pt; color: #111; line-height: 1.35; }
h1 { font-size: 24pt; margin: 40mm 0 4mm; } h2 { font-size: 15pt; margin: 0 0 2mm; }
h3 { font-size: 11pt; margin: 5mm 0 2mm; break-after: avoid; } .subtitle { font-size: 15pt; margin-bottom: 12mm; }
.page { break-before: page; } .aim { font-style: italic; color: #333; }
.demo { border: 2px solid #9a3412; color: #9a3412; padding: 3mm; font-weight: bold; margin: 8mm 0; }
table { border-collapse: collapse; width: 100%; font-size: 7.8pt; margin-bottom: 3mm; }
th, td { border-bottom: 0.5pt solid #bbb; padding: 1.2mm 1.5mm; text-align: left; vertical-align: top; }
th { background: #eef2f6; } tr { break-inside: avoid; }
.charts { display: grid; grid-template-columns: 1fr 1fr; gap: 3mm; }
figure { margin: 0; break-inside: avoid; } figure img { width: 100%; }
figcaption { font-size: 8pt; color: #333; } .note { font-size: 8pt; color: #333; }
"""


def _table(frame: pd.DataFrame | None) -> str:
    if frame is None or frame.empty:
        return '<p class="note">–</p>'
    head = "".join(f"<th>{escape(str(c))}</th>" for c in frame.columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{escape('' if pd.isna(v) else str(v))}</td>" for v in row) + "</tr>"
        for row in frame.itertuples(index=False)
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _disclosure_text(content: Content) -> str:
    count, denominator = content.policy
    return t("appendix_disclosure_text", content.lang, count=count, denominator=denominator, hidden=content.hidden)


def to_html(content: Content, render) -> str:
    """The report as one HTML document; ``render(figure, width, height)`` gives each figure's image URI."""
    lang = content.lang
    footer = f"{content.title} · {content.subtitle}" + (" · DEMO" if content.demo else "")
    parts = [
        f'<!doctype html><html lang="{"nb" if lang == "nb" else "en"}"><head><meta charset="utf-8">',
        f"<title>{escape(t('report_title', lang))}: {escape(content.title)}</title>",
        "<style>" + CSS.replace("FOOTER", footer.replace('"', "")).replace("PAGE", t("page_of", lang)) + "</style>",
        "</head><body>",
        f"<h1>{escape(content.title)}</h1><div class='subtitle'>{escape(t('report_title', lang))} · "
        f"{escape(content.subtitle)}</div>",
        "".join(f"<p>{escape(f)}</p>" for f in content.facts),
    ]
    if content.demo:
        parts.append(f"<div class='demo'>{escape(t('report_demo_mark', lang))}</div>")
    parts += [
        f"<section class='page'><h2>{escape(t('report_summary', lang))}</h2>",
        f"<p class='note'>{escape(t('report_summary_intro', lang))}</p>",
        f"<p>{escape(content.late)}</p>",
        _table(content.summary),
        "</section>",
    ]
    for section in content.sections:
        parts += [
            f"<section class='page'><h2>{escape(section.title)}</h2><p class='aim'>{escape(section.aim)}</p>",
            f"<h3>{escape(t('report_headline', lang))}</h3>",
            _table(section.headline.drop(columns=[t("indicator_id_column", lang)], errors="ignore")),
            f"<h3>{escape(t('report_charts', lang))}</h3><div class='charts'>",
        ]
        for title, figure in section.charts:
            parts.append(f"<figure><img alt='{escape(title)}' src='{render(figure, 620, 340)}'></figure>")
        parts.append("</div>")
        if section.map_figure is not None:
            image = render(section.map_figure, REPORT_MAP_WIDTH_PX, 460)
            parts.append(
                f"<figure><figcaption>{escape(section.map_title)}</figcaption>"
                f"<img alt='{escape(section.map_title)}' src='{image}'></figure>"
            )
        parts += [
            f"<h3>{escape(t('measures_heading', lang))}</h3>",
            _table(section.measures.drop(columns=[t("focus_area", lang), t("demo_column", lang)], errors="ignore")),
            f"<h3>{escape(t('report_effects', lang))}</h3>",
            f"<p class='note'>{escape(t('report_effects_intro', lang))}</p>",
            _table(section.effects),
            "</section>",
        ]
    parts += [
        f"<section class='page'><h2>{escape(t('appendix', lang))}</h2>",
        f"<h3>{escape(t('appendix_definitions', lang))}</h3>",
        _table(content.definitions),
        f"<h3>{escape(t('appendix_disclosure', lang))}</h3>",
        f"<p>{escape(_disclosure_text(content))}</p>",
        f"<h3>{escape(t('appendix_methods', lang))}</h3>",
        f"<p>{escape(t('appendix_progress_text', lang, method=METHOD_SOURCE))}</p>",
        f"<p>{escape(t('method_text', lang))}</p>",
        f"<h3>{escape(t('appendix_snapshot', lang))}</h3><p>{escape(content.snapshot_text)}</p>",
        _table(content.batches),
        "</section></body></html>",
    ]
    return "".join(parts)


@dataclass(frozen=True)
class Report:
    """A made report: the PDF, the Excel pack, and the number of pages."""

    pdf: bytes
    workbook: bytes
    pages: int


def make(store, snapshot: Snapshot, lang: str, observations: pd.DataFrame) -> Report:
    """Assemble, render and print the report for a snapshot and its published figures."""
    content = assemble(store, snapshot, lang, observations)
    with svg_renderer() as render:
        html = to_html(content, render)
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
    made = make(database, snapshot, lang, observations)
    report_id = database.write(
        lambda w: w.save_report(snapshot.to_json(), programme.id, reference_date, lang, made, observations, actor)
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
    again = make(store, snapshot, stored["lang"], observations)
    old = bytes(stored["pdf"])
    if again.pdf == old:
        return "identical", again
    return ("text" if pdf_text(again.pdf) == pdf_text(old) else "different"), again
