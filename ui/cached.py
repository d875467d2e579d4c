"""The core wrapped in Streamlit caching. The only module (besides pages) that imports Streamlit
and the core together; it holds no logic of its own."""

from __future__ import annotations

import datetime as dt
import logging
import tempfile
from pathlib import Path

import pandas as pd
import streamlit as st
from streamlit.runtime import Runtime
from streamlit.runtime.scriptrunner import get_script_run_ctx

from omrademonitor import effects, figures, open_data, tracking
from omrademonitor.access import SYSTEM
from omrademonitor.database import Database
from omrademonitor.disclosure import Policy, policy_of
from omrademonitor.downloads import profile_figures, series_figures
from omrademonitor.effects import Design
from omrademonitor.map_geometry import build_map_geometry, write_geometry_file
from omrademonitor.measures import MeasureContext, measures_for_indicator
from omrademonitor.presentation import open_data_texts, page_views, tracking_tables
from omrademonitor.presentation.charts import choropleth, event_study_chart, series_alt_text, time_series
from omrademonitor.presentation.formatting import period_text
from omrademonitor.presentation.tables import profile_table
from omrademonitor.presentation.texts import headline_cell
from omrademonitor.progress import ProgressOptions
from omrademonitor.scope import Scope, build_scope
from omrademonitor.settings import Settings, load_settings
from omrademonitor.setup_db import load_definitions, programmes_dir
from omrademonitor.sql_console import ResearchCopy
from omrademonitor.store import StoreError, database_path
from ui.phone import focus_moves, headline_list_html, measure_cards_html


@st.cache_resource
def definitions():
    """Programmes and the indicator registry, loaded once per server."""
    return load_definitions()


@st.cache_resource
def settings() -> Settings:
    """This deployment's settings, read once per server."""
    return load_settings()


@st.cache_resource
def database() -> Database:
    """The shared database: read-only reads (each on its own cursor), brief write sessions.

    When the deployment's disclosure settings differ from those the published layer was made with,
    it is republished under them before anything is read.
    """
    database = Database(database_path())
    current = settings()
    wanted = policy_of(current)
    if figures.published_policy(database) != wanted:
        database.write(lambda writer: writer.set_disclosure_policy(wanted, SYSTEM))
    return database


def policy() -> Policy:
    """The disclosure floor the published figures follow (read once per data version: changing it
    republishes, which is a write)."""
    return _policy(data_version())


@st.cache_data(show_spinner=False, max_entries=4)
def _policy(version: str) -> Policy:
    return figures.published_policy(database())


def try_database() -> Database | None:
    """The store, or None when the database is missing or needs migrating."""
    try:
        return database()
    except StoreError:
        return None


def data_version() -> str:
    """Changes whenever data is imported or rolled back; part of every data cache key.

    Read once per script run (or fragment run) and kept for the rest of it, unless the run writes:
    the pages ask for it several times a run, and one run then reads one version throughout."""
    db = database()
    run = _this_run()
    kept = getattr(run, RUN_VERSION_ATTRIBUTE, None)
    writes = getattr(db, "writes", 0)
    if kept is not None and kept[0] == writes:  # no write of this process since: still current
        return kept[1]
    version = figures.data_version(db)
    if run is not None:
        setattr(run, RUN_VERSION_ATTRIBUTE, (writes, version))
    return version


# Kept on an object Streamlit makes anew for every run (and fragment run) of a session and drops after
# it (its ``ScriptRunContext.parallel_coordinator``), so the version goes with the run.
RUN_VERSION_ATTRIBUTE = "_omrademonitor_data_version"


def _this_run():
    """An object that stands for the current script run, or None outside one."""
    ctx = get_script_run_ctx(suppress_warning=True)
    run = getattr(ctx, "parallel_coordinator", None)
    if run is None or not hasattr(run, "__dict__"):
        return None
    return run


@st.cache_data(show_spinner=False)
def holds_demo_data(version: str) -> bool:
    return figures.holds_demo_data(database())


@st.cache_data(show_spinner=False)
def programme_holds_demo_data(version: str, programme_id: str) -> bool:
    return figures.programme_holds_demo_data(
        database(), scope(version, programme_id).area_codes, measures(version, programme_id)
    )


@st.cache_data(show_spinner=False)
def headline_table(version: str, programme_id: str):
    programmes, registry = definitions()
    return figures.headline_table(database(), registry, programmes[programme_id])


@st.cache_data(show_spinner=False, max_entries=32)
def headline_cells(version: str, programme_id: str, lang: str) -> dict[str, list[tuple[str, dict]]]:
    """The overview's headline figures: per indicator, per area (the table's order) its cell's texts
    (``texts.headline_cell``)."""
    registry = definitions()[1]
    cells = {}
    for indicator_id, rows in headline_table(version, programme_id).groupby("indicator_id", sort=False):
        ind = registry[indicator_id]
        cells[indicator_id] = [
            (
                row["area_code"],
                headline_cell(row, ind.unit.value, ind.decimals, ind.baseline_year, lang, period_text(ind, lang)),
            )
            for row in rows.to_dict("records")
        ]
    return cells


@st.cache_data(show_spinner=False, max_entries=32)
def phone_headlines(version: str, programme_id: str, lang: str) -> dict[str, tuple[str, str]]:
    """The overview's focus areas as a phone shows them: per focus area with headline indicators, the
    line on how its figures moved (``phone.focus_moves``) and their list (``phone.headline_list_html``)."""
    programmes, registry = definitions()
    programme = programmes[programme_id]
    table = headline_table(version, programme_id)
    by_indicator = dict(tuple(table.groupby("indicator_id", sort=False)))
    names = scope(version, programme_id).area_names()
    shown = {}
    for focus in programme.focus_areas:
        headline = [ind for ind in programme.focus_indicators(focus.id, registry) if ind.headline]
        if headline:
            rows = table[table["indicator_id"].isin([ind.id for ind in headline])]
            shown[focus.id] = (
                focus_moves(rows, programme.programme_area_codes, lang),
                headline_list_html(headline, by_indicator, names, programme.municipality_code, lang),
            )
    return shown


@st.cache_resource(show_spinner=False, max_entries=16)
def scope(version: str, programme_id: str) -> Scope:
    """The programme's scope: its municipality by its stored name and the areas inside it."""
    return build_scope(database(), definitions()[0][programme_id])


@st.cache_data(show_spinner=False)
def map_frame(version: str, indicator_id: str, level: str, period: int, programme_id: str, part=None):
    within = scope(version, programme_id).area_codes
    return figures.map_frame(database(), definitions()[1][indicator_id], level, period, within, part)


@st.cache_resource(show_spinner=False, max_entries=8)
def map_geometry(version: str, level: str):
    """The level's shapes simplified for the screen, as GeoJSON features: built once per level and
    data version and shared (not copied) by every session's maps."""
    return build_map_geometry(figures.shapes(database(), level)[["code", "geometry"]])


LOG = logging.getLogger(__name__)


def static_folder() -> Path | None:
    """The folder a browser can fetch files from (``static/`` beside the app's entry point, served at
    ``/app/static/``), or None where there is none: static serving off, or no real server (AppTest)."""
    if not st.get_option("server.enableStaticServing") or not Runtime.exists():
        return None
    main_script = getattr(Runtime.instance(), "_main_script_path", None)  # as Streamlit's own static route
    return Path(main_script).parent / "static" if isinstance(main_script, str) else None


@st.cache_resource(show_spinner=False, max_entries=16)
def map_geometry_url(version: str, level: str, programme_id: str) -> str | None:
    """The URL of a file holding the shapes of the programme's areas at ``level`` (written once per
    level, scope and data version, fetched once by each browser and kept), or None where files cannot
    be served or written: the map then carries its shapes inline."""
    folder = static_folder()
    if folder is None:
        return None
    within = scope(version, programme_id).area_codes
    geometry = map_geometry(version, level)
    try:
        path = write_geometry_file(geometry, folder, level, [c for c in geometry.features if c in within])
    except OSError:
        LOG.warning("map shapes cannot be written to %s; maps carry them inline", folder, exc_info=True)
        return None
    base = str(st.get_option("server.baseUrlPath") or "").strip("/")
    return "/" + "/".join(part for part in (base, "app/static", path) if part)


@st.cache_resource(show_spinner=False, max_entries=64)
def map_figure(
    version: str,
    programme_id: str,
    indicator_id: str,
    level: str,
    year: int,
    lang: str,
    first=None,
    part=None,
    inline=False,
):
    """The map page's figure (the change since ``first`` when given), built once per choice and data
    version and shared by every session: a reader going back to a year gets it without rebuilding.

    Its shapes are a URL of a file the browser fetches once (``map_geometry_url``) where one can be
    served; with ``inline`` (a picture drawn on the server) or without static serving they go inline."""
    programmes, registry = definitions()
    programme = programmes[programme_id]
    if first is None:
        frame = map_frame(version, indicator_id, level, year, programme_id, part)
        city = reference_value(version, indicator_id, programme.municipality_code, "kommune", year, part)
    else:
        frame, city = change_frame(version, indicator_id, level, first, year, programme_id), 0.0
    return choropleth(
        frame,
        registry[indicator_id],
        year,
        city,
        programme_outlines(version, programme_id),
        lang,
        approximate=boundary_source(version)["approximate"],
        demo=figures.demo_state(figures.demo_flags(batches(version), frame.loc[frame["value"].notna(), "batch_id"])),
        since=first,
        geometry=map_geometry(version, level),
        geojson_url=None if inline else map_geometry_url(version, level, programme_id),
    )


@st.cache_resource(show_spinner=False, max_entries=64)
def map_view(
    version: str, programme_id: str, indicator_id: str, level: str, year: int, lang: str, first=None, part=None
):
    """The map page's texts and tables (``page_views.map_view``) per choice and data version, shared
    by every session (read, never changed, by the page)."""
    if first is None:
        frame = map_frame(version, indicator_id, level, year, programme_id, part)
    else:
        frame = change_frame(version, indicator_id, level, first, year, programme_id)
    return page_views.map_view(frame, batches(version), definitions()[1][indicator_id], year, lang, first)


@st.cache_resource(show_spinner=False, max_entries=256)
def series_figure(
    version: str,
    programme_id: str,
    indicator_id: str,
    area_codes: tuple[str, ...],
    lang: str,
    today,
    part=None,
    height: int | None = None,
):
    """A time series (the explorer's; a focus area's with its ``height``), built once per choice, data
    version and day (the measures' marks say what has started by ``today``) and shared by every session:
    ``st.plotly_chart`` reads it (``to_dict``, a copy), nothing changes it."""
    programmes, registry = definitions()
    programme = programmes[programme_id]
    figure = time_series(
        series(version, indicator_id, area_codes, part),
        registry[indicator_id],
        programme.start_year,
        programme.end_year,
        events(version, programme_id),
        lang,
        demo=holds_demo_data(version),
        measures=measure_marks(version, programme_id, indicator_id, lang),
    )
    if height is not None:
        figure.update_layout(height=height)
    return figure


@st.cache_resource(show_spinner=False, max_entries=256)
def series_alt(version: str, indicator_id: str, area_codes: tuple[str, ...], lang: str, part=None) -> str:
    """A time series' text alternative (``charts.series_alt_text``) per choice and data version."""
    return series_alt_text(definitions()[1][indicator_id], series(version, indicator_id, area_codes, part), lang)


@st.cache_data(show_spinner=False, max_entries=64)
def focus_figures(version: str, programme_id: str, focus_id: str, area_codes: tuple[str, ...], lang: str):
    """A focus area's public download (``downloads.series_figures`` of its indicators' series)."""
    programmes, registry = definitions()
    followed = programmes[programme_id].focus_indicators(focus_id, registry)
    return series_figures([(ind, series(version, ind.id, area_codes)) for ind in followed], lang)


@st.cache_resource(show_spinner=False, max_entries=256)
def series_view(version: str, indicator_id: str, area_codes: tuple[str, ...], lang: str, part=None):
    """The explorer's tables (``page_views.series_view``) per choice and data version, shared by every
    session (read, never changed, by the page)."""
    frame = series(version, indicator_id, area_codes, part)
    return page_views.series_view(frame, definitions()[1][indicator_id], lang)


@st.cache_data(show_spinner=False)
def programme_outlines(version: str, programme_id: str):
    """Outlines of the programme areas, whatever their level."""
    area_scope = scope(version, programme_id)
    codes = area_scope.programme.programme_area_codes
    frames = [figures.shapes(database(), level) for level in area_scope.programme_levels() if level]
    if not frames:
        return figures.shapes(database(), "levekarssone").iloc[0:0]
    outlines = pd.concat(frames, ignore_index=True)
    return outlines[outlines["code"].isin(codes)]


@st.cache_data(show_spinner=False)
def periods(version: str, indicator_id: str, level: str) -> list[int]:
    return figures.periods(database(), definitions()[1][indicator_id], level)


@st.cache_data(show_spinner=False)
def reference_value(version: str, indicator_id: str, area_code: str, level: str, period: int, part=None):
    return figures.reference_value(database(), definitions()[1][indicator_id], area_code, level, period, part)


@st.cache_data(show_spinner=False)
def boundary_source(version: str) -> dict:
    return figures.boundary_source(database())


@st.cache_data(show_spinner=False)
def levels_present(version: str) -> list[str]:
    return figures.levels_present(database())


@st.cache_data(show_spinner=False)
def series(version: str, indicator_id: str, area_codes: tuple[str, ...], part=None):
    return figures.series(database(), definitions()[1][indicator_id], list(area_codes), part)


@st.cache_data(show_spinner=False)
def events(version: str, programme_id: str):
    return database().query("events", programme_id=programme_id)


@st.cache_data(show_spinner=False)
def area_profile(version: str, area_code: str, programme_id: str):
    programmes, registry = definitions()
    return figures.area_profile(database(), registry, programmes[programme_id], area_code)


@st.cache_data(show_spinner=False, max_entries=64)
def profile_tables(version: str, area_code: str, area_name: str, programme_id: str, lang: str):
    """The area profile per focus area as a table (``tables.profile_table``) with its rows of the
    profile (for the shading), and its public download (``downloads.profile_figures``)."""
    programmes, registry = definitions()
    programme = programmes[programme_id]
    profile = area_profile(version, area_code, programme_id)
    city = scope(version, programme_id).municipality_name
    tables = {}
    for focus in programme.focus_areas:
        part = profile[profile["focus_area"] == focus.id].reset_index(drop=True)
        tables[focus.id] = (profile_table(part, registry, lang, city), part)
    return tables, profile_figures(profile, registry, area_code, area_name, lang)


@st.cache_data(show_spinner=False)
def areas(version: str):
    return database().query("areas")


@st.cache_data(show_spinner=False)
def ready_programmes(version: str) -> list[str]:
    """The programmes whose areas the store holds (others wait for e.g. the national level)."""
    programmes, _ = definitions()
    codes = set(areas(version)["code"])
    return [pid for pid, programme in programmes.items() if programme.area_codes_needed() <= codes]


@st.cache_data(show_spinner=False)
def batches(version: str):
    return database().query("batches")


@st.cache_data(show_spinner=False)
def change_frame(version: str, indicator_id: str, level: str, first: int, last: int, programme_id: str):
    within = scope(version, programme_id).area_codes
    return figures.change_frame(database(), definitions()[1][indicator_id], level, first, last, within)


@st.cache_data(show_spinner=False)
def last_update(version: str, indicator_id: str, area_codes: tuple[str, ...]):
    return figures.last_update(database(), series(version, indicator_id, area_codes))


@st.cache_data(show_spinner=False)
def goals(version: str, programme_id: str):
    programmes, registry = definitions()
    return tracking.stored_goals(database(), programmes[programme_id], registry, programmes_dir())


@st.cache_data(show_spinner=False)
def goal_versions(version: str, programme_id: str):
    return database().query("goal_versions", programme_id=programme_id)


@st.cache_data(show_spinner=False)
def measures(version: str, programme_id: str):
    return tracking.stored_measures(database(), programme_id)


@st.cache_data(show_spinner=False)
def measure_history(version: str, programme_id: str, measure_id: str):
    return tracking.measure_history(database(), programme_id, measure_id)


@st.cache_data(show_spinner=False, max_entries=64)
def measure_register(
    version: str,
    programme_id: str,
    focus_id: str | None,
    district: str | None,
    status: str | None,
    schedule: str | None,
    lang: str,
    today: dt.date,
):
    """The register's measures in a focus area, district, status and schedule as of ``today``, as a
    table (``tracking_tables.measure_table``) and as a phone's cards (``phone.measure_cards_html``)."""
    shown = tracking.filter_measures(measures(version, programme_id), focus_id, district, status, schedule, today)
    programme = definitions()[0][programme_id]
    register = tracking_tables.measure_table(shown, programme, goals(version, programme_id), lang, on=today)
    return register, measure_cards_html(register, lang)


@st.cache_data(show_spinner=False, max_entries=64)
def measure_history_tables(version: str, programme_id: str, measure_id: str, lang: str):
    """A measure's status history and change history as tables (``tracking_tables.history_tables``)."""
    return tracking_tables.history_tables(measure_history(version, programme_id, measure_id), lang)


@st.cache_data(show_spinner=False)
def indicator_progress(version: str, programme_id: str, no_clear_change: bool = True):
    programmes, registry = definitions()
    return tracking.indicator_progress(
        database(),
        registry,
        programmes[programme_id],
        goals(version, programme_id),
        measures(version, programme_id),
        ProgressOptions(no_clear_change=no_clear_change),
    )


@st.cache_data(show_spinner=False)
def status_summary(version: str, programme_id: str):
    """The overview's counts per focus area and district (``tracking.status_summary``)."""
    programmes, _ = definitions()
    return tracking.status_summary(
        indicator_progress(version, programme_id), measures(version, programme_id), programmes[programme_id]
    )


@st.cache_data(show_spinner=False, max_entries=32)
def evaluation_tables(
    version: str,
    programme_id: str,
    no_clear_change: bool,
    focus_id: str | None,
    district: str | None,
    group: str | None,
    lang: str,
    today: dt.date,
) -> dict:
    """The final evaluation's tables per focus area shown (all, or ``focus_id``): its measures in
    ``district`` (``tracking_tables.measure_table`` as of ``today``; None without any) and its
    indicators' progress (``progress_table``: effect indicators, or those in status ``group``)."""
    programmes, registry = definitions()
    programme = programmes[programme_id]
    every_measure = measures(version, programme_id)
    progress = indicator_progress(version, programme_id, no_clear_change)
    on_goals = goals(version, programme_id)
    tables = {}
    for focus in programme.focus_areas:
        if focus_id and focus.id != focus_id:
            continue
        mine = tracking.filter_measures(every_measure, focus.id, district)
        rows = tracking.filter_progress(progress, focus.id, district, group or None, effect_only=not group)
        tables[focus.id] = (
            tracking_tables.measure_table(mine, programme, on_goals, lang, on=today) if mine else None,
            tracking_tables.progress_table(rows, registry, programme, lang),
        )
    return tables


def measure_context(version: str, programme_id: str) -> MeasureContext:
    """What measures are checked against: the programme, the current goals and the registry."""
    programmes, registry = definitions()
    return MeasureContext(programmes[programme_id], goals(version, programme_id), registry)


@st.cache_data(show_spinner=False)
def measure_marks(version: str, programme_id: str, indicator_id: str, lang: str):
    """Start and end of the measures linked to an indicator (through its goals or as an output), for charts."""
    linked = measures_for_indicator(measures(version, programme_id), goals(version, programme_id), indicator_id)
    return tracking_tables.measure_annotations(linked, dt.date.today(), lang)


@st.cache_resource(show_spinner=False, max_entries=32)
def effect(version: str, programme_id: str, design: Design):
    """The estimate for a design (``effects.evaluate``: deterministic, its placebo draws seeded), made
    once per design and data version and shared, not copied, by every session (which only read it)."""
    programmes, registry = definitions()
    return effects.evaluate(database(), registry, programmes[programme_id], design)


@st.cache_resource(show_spinner=False, max_entries=32)
def effect_chart(version: str, programme_id: str, design: Design, lang: str):
    """The effect page's year-by-year chart, built once per design, language and data version."""
    result = effect(version, programme_id, design)
    indicator = definitions()[1][design.indicator_id]
    return event_study_chart(result.event_study.table, indicator, design.first_post_period, lang)


@st.cache_resource(show_spinner=False, max_entries=32)
def effect_specification(version: str, programme_id: str, design: Design) -> dict:
    """The estimate's exact inputs (``effects.specification``: it reads the software's versions, slow
    to look up), once per design and data version (read, never changed, by the page)."""
    return effects.specification(effect(version, programme_id, design), definitions()[1], policy(), version)


@st.cache_resource(max_entries=2, on_release=lambda copy: copy.close())
def research_copy(version: str) -> ResearchCopy:
    """The SQL console's read-only research copy of the store, rebuilt (and the old one deleted) when
    the data change."""
    folder = Path(tempfile.mkdtemp(prefix="omrademonitor-console-"))
    return ResearchCopy(database(), folder, settings().sql_time_limit_s, settings().sql_memory_limit_mb)


@st.cache_data(show_spinner=False, max_entries=4)
def open_data_files(version: str, indicator_id: str) -> dict[str, bytes]:
    """One indicator's open-data files (CSV, JSON, metadata) for the current data version."""
    db = database()
    registry = open_data.registry_of(db)
    rows = open_data.figures(db, registry)
    indicator = registry[indicator_id]
    return open_data.indicator_files(indicator, rows[rows["indicator_id"] == indicator_id], version)


@st.cache_data(show_spinner=False, max_entries=2)
def dataset_zip(version: str) -> bytes:
    """The whole published dataset with its codebook, for the current data version."""
    return open_data.dataset_zip(
        database(), version=version, licence=settings().data_licence, wording=open_data_texts.WORDING
    )


@st.cache_data(show_spinner=False)
def cross_inputs(version: str):
    """What the views across programmes read (published figures, definitions, measures, reports)."""
    from omrademonitor.crossviews import inputs

    return inputs(database())
