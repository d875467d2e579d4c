"""Building and updating a database: definitions, bundled areas, default shapes, demo data."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

import pandas as pd

from omrademonitor import PROJECT_ROOT, demo
from omrademonitor.access import SYSTEM, Principal
from omrademonitor.definitions import DefinitionError
from omrademonitor.disclosure import Policy, policy_of
from omrademonitor.geography import (
    DEFAULT_AREAS_FILE,
    SIMPLIFY_TOLERANCE_M,
    GeographyError,
    OfficialFiles,
    approximate_shapes,
    file_digest,
    official_shapes,
    read_area_table,
)
from omrademonitor.goals import empty_goals, load_goals
from omrademonitor.importing.measures import read_measures
from omrademonitor.indicator_registry import Registry, load_registry
from omrademonitor.measures import MeasureContext, MeasureStatus
from omrademonitor.programme import (
    AREAS_FILE,
    DEMO_MEASURES_FILE,
    DEMO_PROFILES_FILE,
    EVENTS_FILE,
    GOALS_FILE,
    MEASURES_FILE,
    PROGRAMME_FILE,
    TARGETS_FILE,
    Programme,
    check_against_registry,
    load_programmes,
    programme_folder,
)
from omrademonitor.settings import load_settings
from omrademonitor.store import read_only_connection
from omrademonitor.writer import BatchInfo, Writer

PROGRAMMES_DIR = PROJECT_ROOT / "programmes"
APPROXIMATE_SOURCE = "Omtrentlige former (Voronoi-celler rundt sonepunkter, kuttet til sonens areal)"
INDICATORS_DIR = PROJECT_ROOT / "indicators"


def programmes_dir() -> Path:
    """The folder of programme folders: ``OMRADEMONITOR_PROGRAMMES`` if set, else ``programmes/``."""
    return Path(os.environ.get("OMRADEMONITOR_PROGRAMMES") or PROGRAMMES_DIR)


def indicators_folder() -> Path:
    """The folder of indicator files: ``OMRADEMONITOR_INDICATORS`` if set, else ``indicators/``."""
    return Path(os.environ.get("OMRADEMONITOR_INDICATORS") or INDICATORS_DIR)


def load_definitions(
    programmes_folder: Path | None = None, indicators_dir: Path | None = None
) -> tuple[dict[str, Programme], Registry]:
    """All programme and indicator definitions, validated against each other."""
    folder = programmes_folder or programmes_dir()
    programmes, registry = load_programmes(folder), load_registry(indicators_dir or indicators_folder())
    for programme in programmes.values():
        check_against_registry(programme, registry, programme_folder(folder, programme.id) / PROGRAMME_FILE)
    return programmes, registry


def default_programme_id(programmes: dict[str, Programme], preferred: str | None = None) -> str:
    """The programme a view opens on: ``preferred`` (the deployment's default) if it exists, else the first."""
    if preferred and preferred in programmes:
        return preferred
    return next(iter(programmes))


def initialise(
    path: Path,
    with_demo: bool = True,
    programme_id: str | None = None,
    actor: Principal = SYSTEM,
    policy: Policy | None = None,
    programmes_folder: Path | None = None,
    indicators_dir: Path | None = None,
) -> dict[str, int]:
    """Create or migrate the database and fill what is missing; safe to run again.

    Definitions of every programme are synced; the programme's files (areas, events, goals,
    demonstration measures and observations) are taken in for ``programme_id``, or for every
    programme when it is None. Returns counts of what was added. Existing areas, shapes and
    observations are left alone; stored definitions and the disclosure policy (default: the
    deployment's settings) are brought in line when they differ, which republishes.
    """
    policy = policy or deployment_policy()
    root = programmes_folder or programmes_dir()
    programmes, registry = load_definitions(root, indicators_dir)
    if programme_id is not None and programme_id not in programmes:
        known = ", ".join(programmes)
        raise DefinitionError(root / programme_id, "", f"no programme '{programme_id}' (known: {known})")
    chosen = [programmes[programme_id]] if programme_id else list(programmes.values())
    added = {"areas": 0, "shapes": 0, "events": 0, "observations": 0, "goal_versions": 0, "measures": 0}
    bundled = BatchInfo(
        source=f"Områdemonitor geodata/{DEFAULT_AREAS_FILE.name}",
        file_name=DEFAULT_AREAS_FILE.name,
        content_hash=file_digest(DEFAULT_AREAS_FILE),
    )
    with Writer(path) as writer:
        if writer.definitions_changed(programmes, registry):
            writer.sync_definitions(programmes, registry, actor)
        if writer.disclosure_policy() != policy:
            writer.set_disclosure_policy(policy, actor)
        areas = read_area_table()
        if writer.count("areas") == 0:
            writer.replace_areas(areas, bundled, actor)
            added["areas"] = len(areas)
        if writer.count("area_geometries") == 0:
            shapes = approximate_shapes(areas)
            approximate = replace(
                bundled, source=APPROXIMATE_SOURCE, note="Approximate shapes, not official boundaries."
            )
            writer.replace_geometries(shapes, approximate, approximate=True, actor=actor)
            added["shapes"] = len(shapes)
        for programme in chosen:
            folder = programme_folder(root, programme.id)
            new_areas, new_shapes = take_in_programme_areas(writer, folder, actor)
            added["areas"] += new_areas
            added["shapes"] += new_shapes
            try:
                check_area_codes(programme, stored_area_codes(writer), folder)
            except DefinitionError:
                if programme_id is not None:
                    raise
                continue  # its areas are not loaded yet (e.g. the national level): see programmes_waiting
            if writer.event_count(programme.id) == 0:
                added["events"] += seed_events(writer, programme.id, actor, folder)
            added["goal_versions"] += take_in_goals_file(writer, programme, registry, actor, folder)
            if writer.measure_count(programme.id) == 0:
                added["measures"] += seed_measures(writer, programme, registry, actor, folder, with_demo)
            profiles = folder / DEMO_PROFILES_FILE
            if with_demo and profiles.is_file() and writer.count("observations") == 0:
                frame = demo.generate(read_area_table(), registry, programme, profiles=demo.read_profiles(profiles))
                writer.add_observations(frame, demo.batch_info(frame), actor)
                added["observations"] += len(frame)
    return added


def indicators_without_demo(programmes_folder: Path | None = None, indicators_dir: Path | None = None) -> dict:
    """Per programme with demonstration profiles, the indicators its ``demo_profiles.csv`` has no row
    for: they get no demonstration figures (their real figures come by import)."""
    root = programmes_folder or programmes_dir()
    programmes, registry = load_definitions(root, indicators_dir)
    gaps = {}
    for programme in programmes.values():
        path = programme_folder(root, programme.id) / DEMO_PROFILES_FILE
        if path.is_file():
            absent = demo.without_profile(registry, demo.read_profiles(path))
            if absent:
                gaps[programme.id] = absent
    return gaps


def programmes_waiting(path: Path, programmes_folder: Path | None = None) -> dict[str, str]:
    """Programmes whose areas the store does not hold yet, each with the reason (file, field, code).
    ``initialise`` without a chosen programme leaves them out until their areas are loaded (e.g. by
    ``load-national``); a programme chosen by name is refused instead."""
    root = programmes_folder or programmes_dir()
    programmes = load_programmes(root)
    con = read_only_connection(path)
    try:
        known = {row[0] for row in con.execute("SELECT code FROM areas").fetchall()}
    finally:
        con.close()
    waiting = {}
    for programme in programmes.values():
        folder = programme_folder(root, programme.id)
        try:
            check_area_codes(programme, known, folder)
        except DefinitionError as error:
            waiting[programme.id] = str(error)
    return waiting


def stored_area_codes(writer: Writer) -> set[str]:
    """Every area code in the store."""
    return {row[0] for row in writer.con.execute("SELECT code FROM areas").fetchall()}


def check_area_codes(programme: Programme, known: set[str], folder: Path) -> None:
    """Refuse programme, comparison and target area codes the store does not hold (naming file, field, code)."""
    path = folder / PROGRAMME_FILE
    if programme.municipality_code not in known:
        raise DefinitionError(
            path,
            "municipality_code",
            f"area code '{programme.municipality_code}' is not in the store (nor in {AREAS_FILE})",
        )
    named = [(f"programme_areas.{i}.area_code", a.area_code) for i, a in enumerate(programme.programme_areas)]
    named += [(f"comparison_areas.{i}", code) for i, code in enumerate(programme.comparison_areas)]
    for field, code in named:
        if code not in known:
            raise DefinitionError(path, field, f"area code '{code}' is not in the store (nor in {AREAS_FILE})")
    for i, target in enumerate(programme.targets):
        if target.area_code is not None and target.area_code not in known:
            raise DefinitionError(
                folder / TARGETS_FILE, f"targets.{i}.area_code", f"area code '{target.area_code}' is not in the store"
            )


def take_in_programme_areas(writer: Writer, folder: Path, actor: Principal) -> tuple[int, int]:
    """Add the areas of the programme's ``areas.csv`` that the store lacks, with approximate shapes
    built from their points. Returns (areas added, shapes added)."""
    path = folder / AREAS_FILE
    if not path.is_file():
        return 0, 0
    try:
        table = read_area_table(path)
    except GeographyError as exc:
        raise DefinitionError(path, "", str(exc)) from exc
    new = table[~table["code"].isin(stored_area_codes(writer))].reset_index(drop=True)
    if new.empty:
        return 0, 0
    shapes = approximate_shapes(new)
    info = BatchInfo(
        source=f"{APPROXIMATE_SOURCE}: {folder.name}/{AREAS_FILE}",
        file_name=AREAS_FILE,
        content_hash=file_digest(path),
        note="Approximate shapes, not official boundaries.",
    )
    writer.replace_geometries(shapes, info, approximate=True, actor=actor, new_areas=new)
    return len(new), len(shapes)


def deployment_policy() -> Policy:
    """The disclosure floor this deployment's settings ask for."""
    return policy_of(load_settings())


def seed_events(writer: Writer, programme_id: str, actor: Principal, folder: Path | None = None) -> int:
    """Events from ``programmes/<id>/events.csv`` (editable in the app afterwards)."""
    path = (folder or programme_folder(programmes_dir(), programme_id)) / EVENTS_FILE
    if not path.exists():
        return 0
    events = pd.read_csv(path, dtype={"note": str}, keep_default_na=False)
    missing = [c for c in ("year", "title_nb", "title_en", "note") if c not in events.columns]
    if missing:
        raise DefinitionError(path, missing[0], "required column is missing")
    for row, event in enumerate(events.itertuples(), start=2):
        try:
            year = int(event.year)
        except ValueError as exc:
            raise DefinitionError(path, "year", f"row {row}: '{event.year}' is not a year") from exc
        writer.add_event(programme_id, year, event.title_nb, event.title_en, actor, event.note or None)
    return len(events)


def take_in_goals_file(
    writer: Writer, programme: Programme, registry: Registry, actor: Principal, folder: Path | None = None
) -> int:
    """Store the goals file as a new version when its text was never stored (an edited file wins
    over earlier app edits; an unchanged file leaves the app's edits alone). Returns versions added."""
    path = (folder or programme_folder(programmes_dir(), programme.id)) / GOALS_FILE
    if not path.exists():
        return 0
    text = path.read_text(encoding="utf-8")
    if writer.goal_text_known(programme.id, text):
        return 0
    return int(writer.save_goals(text, programme, registry, actor, via=f"file: {programme.id}/{path.name}") is not None)


def seed_demo_measures(
    writer: Writer, programme: Programme, registry: Registry, actor: Principal, folder: Path | None = None
) -> int:
    """Demonstration measures from ``programmes/<id>/measures.demo.csv`` (see ``seed_measures``)."""
    return seed_measures(writer, programme, registry, actor, folder or programme_folder(programmes_dir(), programme.id))


def seed_measures(
    writer: Writer, programme: Programme, registry: Registry, actor: Principal, folder: Path, with_demo: bool = True
) -> int:
    """The register of measures from ``measures.csv`` (real) and, with demo data, ``measures.demo.csv``
    (stored as demonstration), through the measures import.

    Each gets a first version "planned" as of the agreement's signing, then its current status, so
    the status history has something to show.
    """
    files = [(folder / MEASURES_FILE, False)] + ([(folder / DEMO_MEASURES_FILE, True)] if with_demo else [])
    files = [(path, is_demo) for path, is_demo in files if path.exists()]
    if not files:
        return 0
    goals_path = folder / GOALS_FILE
    goals = load_goals(goals_path, programme, registry) if goals_path.exists() else empty_goals(programme)
    context = MeasureContext(programme, goals, registry)
    count = 0
    for path, is_demo in files:
        measures = [replace(m, is_demo=is_demo) for m in read_measures(path.read_bytes(), path.name, context)]
        planned = [
            m.with_status(MeasureStatus.PLANNED, programme.agreement_signed)
            for m in measures
            if m.status != MeasureStatus.PLANNED
        ]
        writer.import_measures(planned, context, path.name, actor)
        writer.import_measures(measures, context, path.name, actor)
        count += len(measures)
    return count


def load_official_boundaries(path: Path, files: OfficialFiles, actor: Principal = SYSTEM) -> int:
    """Replace the shapes with the official boundary files; returns the number of shapes stored.

    The database is created first if needed; loading the same files again changes nothing.
    """
    initialise(path, actor=actor)
    areas = read_area_table()
    shapes = official_shapes(files, areas)
    info = BatchInfo(
        source=", ".join(p.name for p in files.paths()),
        file_name=files.zones.name,
        content_hash=file_digest(*files.paths()),
        note=f"Coverage-preserving simplification, tolerance {SIMPLIFY_TOLERANCE_M} m.",
    )
    with Writer(path) as writer:
        if writer.active_batch_with_hash("boundaries", info.content_hash) is None:
            writer.replace_geometries(shapes, info, approximate=False, actor=actor)
    return len(shapes)
