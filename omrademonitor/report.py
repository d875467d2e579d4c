"""The status report's content for review meetings, read from a snapshot: the numbers, codes, frames and
typed results the report shows, in no language. ``presentation/report_document.py`` writes them as the
report's words and tables, renders the Jinja2 templates in ``templates/report/``, prints the PDF and
packs the tables as one Excel workbook.

The report opens with a one-page summary of key messages per focus area, found here from the figures:
which headline indicators improved or worsened since their baseline in which programme area, which
effect indicators deteriorate, and which measures are late (``schedule.py``). Every name (programme,
municipality, programme areas, focus areas) comes from the programme definition and the store; the
report works for any number of programme areas.

Everything is read through ``AsOfStore``, so a report made again from its stored snapshot shows the
same figures. ``generate`` and ``regenerate`` store and remake reports with the maker they are given
(``presentation.report_document.make_report``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field

import geopandas as gpd
import pandas as pd

from omrademonitor import effects, figures, tracking
from omrademonitor.access import Permission, Principal, require
from omrademonitor.goals import GoalHierarchy
from omrademonitor.indicator_registry import Indicator, Registry
from omrademonitor.measures import Measure, measures_for_indicator
from omrademonitor.pdf import pdf_text
from omrademonitor.programme import FocusArea, Programme
from omrademonitor.schedule import late_measures
from omrademonitor.scope import build_scope
from omrademonitor.setup_db import programmes_dir
from omrademonitor.snapshots import AsOfStore, Snapshot, capture, published_as_of, published_breakdowns_as_of
from omrademonitor.vocabulary import is_missing

MAX_CHARTS = 4
MAX_MESSAGES = 4  # per kind (improved, worsened, late) and focus area on the summary page; the rest counted
MAPPABLE_UNITS = ("percent", "per_1000", "score", "years", "nok")  # rates and levels; counts are not compared
MAP_LEVEL = "levekarssone"


@dataclass(frozen=True)
class Chart:
    """One indicator's time series for the programme areas and the city, with the measures linked to it."""

    indicator: Indicator
    series: pd.DataFrame
    linked: list[Measure]


@dataclass(frozen=True)
class ZoneMap:
    """One indicator's latest year per zone over the whole municipality, the programme areas outlined."""

    indicator: Indicator
    year: int
    frame: gpd.GeoDataFrame  # the figures drawn
    outlines: gpd.GeoDataFrame  # the programme areas (or the zones to zoom to)
    city: float | None
    approximate: bool  # the boundaries are approximate
    shown: gpd.GeoDataFrame  # the areas the map is framed on


@dataclass(frozen=True)
class Moved:
    """A key message's indicator and the rows that say where it moved: headline rows (``area_code``,
    ``change``) for an improvement or worsening since the baseline, progress rows (``area_code``,
    ``base_value``, ``base_period``, ``latest_value``, ``latest_period``) for a deterioration."""

    indicator: Indicator
    rows: pd.DataFrame
    kind: str  # 'better' or 'worse' (since the baseline), or 'deterioration' (progress)


@dataclass
class FocusPart:
    """What the report shows of one focus area."""

    focus: FocusArea
    headline: list[Indicator]  # its headline indicators, in the programme's order
    charts: list[Chart]
    measures: list[Measure]
    zone_map: ZoneMap | None
    effect_ids: list[str]
    improved: list[Moved]  # headline indicators better than at their baseline in a programme area
    worsened: list[Moved]  # … worse; then effect indicators in deterioration not already named
    late: list[Measure]  # late on the reference day
    effects: list[tuple[Indicator, effects.EffectResult]] | None = None  # set by ``estimate_effects``


@dataclass
class ReportData:
    """Everything the report shows, in no language."""

    snapshot: Snapshot
    programme: Programme
    registry: Registry
    goals: GoalHierarchy
    measures: list[Measure]
    progress: pd.DataFrame
    summary: pd.DataFrame  # tracking.status_summary
    headline: pd.DataFrame  # figures.headline_table
    names: dict[str, str]  # area code → name
    demo: bool  # demonstration figures or measures
    demo_data: bool  # demonstration figures
    events: pd.DataFrame  # the programme's events, marked on the charts
    vintage: dt.date | None  # the data's vintage
    batches: pd.DataFrame
    hidden: int  # suppressed figures of the indicators shown
    parts: list[FocusPart]
    fingerprint: str  # of the published figures, for the effect estimates' cache
    view: AsOfStore = field(repr=False)

    @property
    def shown_ids(self) -> list[str]:
        """The headline indicators the report shows, each once."""
        return _headline_ids(self.parts)


@dataclass(frozen=True)
class Report:
    """A made report: the PDF, the Excel pack, and the number of pages."""

    pdf: bytes
    workbook: bytes
    pages: int


Maker = Callable[[object, Snapshot, str, pd.DataFrame, "pd.DataFrame | None"], Report]


def inputs_digest(snapshot: Snapshot) -> str:
    """A short checksum of a snapshot's inputs, printed on the title page."""
    return hashlib.sha256(snapshot.to_json().encode("utf-8")).hexdigest()[:16]


def gather(store, snapshot: Snapshot, observations: pd.DataFrame, breakdowns: pd.DataFrame | None = None) -> ReportData:
    """The report's content, read from the store as the snapshot defines it, with figures from the
    snapshot's published layer ``observations`` (and ``breakdowns``); without the effect estimates,
    which take most of the time (``estimate_effects``)."""
    view = AsOfStore(store, snapshot, observations, breakdowns)
    programme, registry = snapshot.definitions()
    goals = tracking.stored_goals(view, programme, registry, programmes_dir())
    measures = tracking.stored_measures(view, programme.id)
    progress = tracking.indicator_progress(view, registry, programme, goals, measures)
    headline = figures.headline_table(view, registry, programme)
    demo_data = figures.holds_demo_data(view)
    vintage = view.scalar("data_vintage")
    parts = [
        _part(view, snapshot, programme, registry, goals, measures, headline, progress, focus)
        for focus in programme.focus_areas
    ]
    return ReportData(
        snapshot=snapshot,
        programme=programme,
        registry=registry,
        goals=goals,
        measures=measures,
        progress=progress,
        summary=tracking.status_summary(progress, measures, programme),
        headline=headline,
        names=build_scope(view, programme).area_names(),
        demo=demo_data or any(m.is_demo for m in measures),
        demo_data=demo_data,
        events=view.query("events", programme_id=programme.id),
        vintage=None if is_missing(vintage) else vintage.date(),
        batches=view.query("batches"),
        hidden=_hidden_count(view, registry, _headline_ids(parts)),
        parts=parts,
        fingerprint=hashlib.sha256(
            pd.util.hash_pandas_object(observations, index=False).to_numpy().tobytes()
        ).hexdigest(),
        view=view,
    )


def _headline_ids(parts: list[FocusPart]) -> list[str]:
    return list(dict.fromkeys(i.id for part in parts for i in part.headline))


def _part(view, snapshot, programme, registry, goals, measures, headline, progress, focus) -> FocusPart:
    chosen = [i for i in programme.focus_indicators(focus.id, registry) if i.headline]
    effect_ids = [i for g in goals.for_focus_area(focus.id) for i in g.effect_indicators]
    charted = list(dict.fromkeys([*(i.id for i in chosen), *effect_ids]))[:MAX_CHARTS]
    areas = [*programme.programme_area_codes, programme.municipality_code]
    charts = [
        Chart(
            registry[indicator_id],
            figures.series(view, registry[indicator_id], areas),
            measures_for_indicator(measures, goals, indicator_id),
        )
        for indicator_id in charted
    ]
    mappable = [
        registry[i]
        for i in dict.fromkeys([*(i.id for i in chosen), *effect_ids])
        if registry[i].level == MAP_LEVEL and registry[i].unit.value in MAPPABLE_UNITS
    ]
    mine = tracking.filter_measures(measures, focus.id)
    improved, worsened = _moved(programme, headline, chosen)
    worsened += [
        m for m in _deteriorating(registry, progress, focus) if m.indicator.id not in {w.indicator.id for w in worsened}
    ]
    return FocusPart(
        focus=focus,
        headline=chosen,
        charts=charts,
        measures=mine,
        zone_map=_zone_map(view, programme, mappable[0]) if mappable else None,
        effect_ids=effect_ids,
        improved=improved,
        worsened=worsened,
        late=late_measures(mine, snapshot.reference_date),
    )


def _moved(programme: Programme, headline: pd.DataFrame, chosen: list[Indicator]) -> tuple[list[Moved], list[Moved]]:
    """Headline indicators that improved or worsened since their baseline in a programme area (the same
    assessment as the overview)."""
    found: dict[str, list[Moved]] = {"better": [], "worse": []}
    for indicator in chosen:
        rows = headline[
            (headline["indicator_id"] == indicator.id) & headline["area_code"].isin(programme.programme_area_codes)
        ]
        for kind, moved in found.items():
            these = rows[rows["change_assessment"] == kind]
            if not these.empty:
                moved.append(Moved(indicator, these, kind))
    return found["better"], found["worse"]


def _deteriorating(registry: Registry, progress: pd.DataFrame, focus: FocusArea) -> list[Moved]:
    """The focus area's effect indicators whose progress is 'deterioration', with the areas where."""
    if not len(progress):
        return []
    mine = (progress["focus_area"] == focus.id) & (progress["role"] == "effect")
    falling = progress[mine & (progress["group"] == "deterioration")]
    return [
        Moved(registry[indicator_id], rows, "deterioration")
        for indicator_id, rows in falling.groupby("indicator_id", sort=False)
    ]


def _zone_map(view, programme: Programme, indicator: Indicator) -> ZoneMap | None:
    """The zone figures of one indicator's latest year: the whole municipality, programme areas outlined."""
    periods = figures.observations(view, indicator, MAP_LEVEL)["period"]
    if periods.empty:
        return None
    year = int(periods.max())
    frame = figures.map_frame(view, indicator, MAP_LEVEL, year, build_scope(view, programme).area_codes)
    zones = figures.shapes(view, MAP_LEVEL)
    outlines = zones[zones["code"].isin(programme.programme_area_codes)]
    if outlines.empty:  # programme areas above zone level: zoom to the municipality's zones
        outlines = frame[["code", "geometry"]].iloc[0:0] if frame.empty else frame[["code", "geometry"]]
    city = figures.reference_value(view, indicator, programme.municipality_code, "kommune", year)
    approximate = bool(figures.boundary_source(view)["approximate"])
    shown = frame if not frame.empty else zones  # the programme's municipality: its zones in scope
    return ZoneMap(indicator, year, frame, outlines, city, approximate, shown)


_ESTIMATES: dict[tuple, effects.EffectResult] = {}  # the last report's estimates, for its other language
_ESTIMATES_KEPT = 64


def _estimate(view: AsOfStore, registry, programme, design, fingerprint: str) -> effects.EffectResult:
    """The effect estimate for a design, read through the snapshot; kept for the same snapshot's report
    in another language (the estimate does not depend on the language and is the slow part)."""
    key = (inputs_digest(view.snapshot), fingerprint, design)
    if key not in _ESTIMATES:
        if len(_ESTIMATES) >= _ESTIMATES_KEPT:
            _ESTIMATES.clear()
        _ESTIMATES[key] = effects.evaluate(view, registry, programme, design)
    return _ESTIMATES[key]


def estimate_effects(data: ReportData) -> None:
    """Each focus area's effect estimates: the programme areas together against all other zones, for
    each effect indicator measured per zone."""
    programme, registry = data.programme, data.registry
    first_post = effects.default_first_post_period(programme)
    for part in data.parts:
        part.effects = []
        for indicator_id in part.effect_ids:
            indicator = registry[indicator_id]
            if not effects.estimable(indicator):
                continue
            design = effects.Design(indicator_id, tuple(programme.programme_area_codes), first_post)
            part.effects.append((indicator, _estimate(data.view, registry, programme, design, data.fingerprint)))


def _hidden_count(view, registry, indicator_ids) -> int:
    return int(sum((figures.panel(view, registry[i])["status"] == "suppressed").sum() for i in indicator_ids))


def generate(
    database, programme, registry, policy, reference_date: dt.date, lang: str, actor: Principal, make: Maker
) -> tuple[int, Report]:
    """Capture the inputs for ``reference_date``, make the report with ``make``
    (``presentation.report_document.make_report``), and store both; returns its id.

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


def regenerate(store, report_id: int, actor: Principal, make: Maker) -> tuple[str, Report]:
    """Make a stored report again from its snapshot with ``make`` and compare: 'identical' (same bytes),
    'text' (same text, per pdftotext) or 'different'.

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
