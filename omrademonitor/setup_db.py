"""Building and updating a database: definitions, bundled areas, default shapes, demo data."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pandas as pd

from omrademonitor import PROJECT_ROOT, demo
from omrademonitor.access import SYSTEM, Principal
from omrademonitor.disclosure import Policy
from omrademonitor.geography import (
    DEFAULT_AREAS_FILE,
    SIMPLIFY_TOLERANCE_M,
    OfficialFiles,
    approximate_shapes,
    file_digest,
    official_shapes,
    read_area_table,
)
from omrademonitor.goals import goals_file, load_goals
from omrademonitor.importing.measures import read_measures
from omrademonitor.ingest import BatchInfo, Writer
from omrademonitor.measures import MeasureContext, MeasureStatus
from omrademonitor.programme import Programme, load_programmes
from omrademonitor.registry import Registry, load_registry
from omrademonitor.settings import load_settings

PROGRAMMES_DIR = PROJECT_ROOT / "programmes"
APPROXIMATE_SOURCE = "Omtrentlige former (Voronoi-celler rundt sonepunkter, kuttet til sonens areal)"
INDICATORS_DIR = PROJECT_ROOT / "indicators"


def load_definitions(
    programmes_dir: Path = PROGRAMMES_DIR, indicators_dir: Path = INDICATORS_DIR
) -> tuple[dict[str, Programme], Registry]:
    """All programme and indicator definitions, validated."""
    return load_programmes(programmes_dir), load_registry(indicators_dir)


def initialise(
    path: Path,
    with_demo: bool = True,
    programme_id: str = "trondheim",
    actor: Principal = SYSTEM,
    policy: Policy | None = None,
) -> dict[str, int]:
    """Create or migrate the database and fill what is missing; safe to run again.

    Returns counts of what was added. Existing areas, shapes and observations are left alone;
    stored definitions and the disclosure policy (default: the deployment's settings) are brought
    in line when they differ, which republishes.
    """
    policy = policy or deployment_policy()
    programmes, registry = load_definitions()
    added = {"areas": 0, "shapes": 0, "events": 0, "observations": 0, "goal_versions": 0, "measures": 0}
    bundled = BatchInfo(
        source="Områdemonitor geodata/trondheim_areas.csv",
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
        if writer.count("events") == 0:
            added["events"] = seed_events(writer, programme_id, actor)
        programme = programmes[programme_id]
        added["goal_versions"] = take_in_goals_file(writer, programme, registry, actor)
        if with_demo and writer.count("measures") == 0:
            added["measures"] = seed_demo_measures(writer, programme, registry, actor)
        if with_demo and writer.count("observations") == 0:
            frame = demo.generate(areas, registry, programmes[programme_id])
            writer.add_observations(frame, demo.batch_info(frame), actor)
            added["observations"] = len(frame)
    return added


def deployment_policy() -> Policy:
    """The disclosure floor this deployment's settings ask for."""
    settings = load_settings()
    return Policy(settings.disclosure_min_count, settings.disclosure_min_denominator)


def seed_events(writer: Writer, programme_id: str, actor: Principal) -> int:
    """Events from ``programmes/<id>.events.csv`` (editable in the app afterwards)."""
    path = PROGRAMMES_DIR / f"{programme_id}.events.csv"
    if not path.exists():
        return 0
    events = pd.read_csv(path, dtype={"note": str}, keep_default_na=False)
    for event in events.itertuples():
        writer.add_event(programme_id, int(event.year), event.title_nb, event.title_en, actor, event.note or None)
    return len(events)


def take_in_goals_file(writer: Writer, programme: Programme, registry: Registry, actor: Principal) -> int:
    """Store the goals file as a new version when its text was never stored (an edited file wins
    over earlier app edits; an unchanged file leaves the app's edits alone). Returns versions added."""
    path = goals_file(PROGRAMMES_DIR, programme.id)
    if not path.exists():
        return 0
    text = path.read_text(encoding="utf-8")
    if writer.goal_text_known(programme.id, text):
        return 0
    return int(writer.save_goals(text, programme, registry, actor, via=f"file: {path.name}") is not None)


def seed_demo_measures(writer: Writer, programme: Programme, registry: Registry, actor: Principal) -> int:
    """Demonstration measures from ``programmes/<id>.measures.demo.csv``, through the measures import.

    Each gets a first version "planned" as of the agreement's signing, then its current status, so
    the status history has something to show.
    """
    path = PROGRAMMES_DIR / f"{programme.id}.measures.demo.csv"
    if not path.exists():
        return 0
    goals = load_goals(goals_file(PROGRAMMES_DIR, programme.id), programme, registry)
    context = MeasureContext(programme, goals, registry)
    measures = [replace(m, is_demo=True) for m in read_measures(path.read_bytes(), path.name, context)]
    planned = [
        m.with_status(MeasureStatus.PLANNED, programme.agreement_signed)
        for m in measures
        if m.status != MeasureStatus.PLANNED
    ]
    writer.import_measures(planned, context, path.name, actor)
    writer.import_measures(measures, context, path.name, actor)
    return len(measures)


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
