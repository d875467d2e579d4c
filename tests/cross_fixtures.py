"""A database for the views across programmes: the demo database, the national level loaded from the
shared data, and the Tromsø and Stjørdal programme folders stored as definitions (Stjørdal with its
real register of measures).

The folders are written into the store here with plain SQL, as their stored copies would look,
because the folder loader is built on another branch; once merged, ``initialise`` stores them."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import duckdb
import pandas as pd
import yaml

from omrademonitor import PROJECT_ROOT
from omrademonitor.access import SYSTEM
from omrademonitor.ingest import Writer
from omrademonitor.national import NationalFiles, load_national
from omrademonitor.setup_db import initialise, load_definitions

FOLDERS = PROJECT_ROOT / "programmes"


def _plain(value):
    return json.loads(json.dumps(value, default=str, ensure_ascii=False))


def store_folder_programme(path: Path, programme_id: str) -> None:
    """Store ``programmes/<id>/`` (programme.yaml, measures.csv) as the loader would."""
    folder = FOLDERS / programme_id
    spec = _plain(yaml.safe_load((folder / "programme.yaml").read_text(encoding="utf-8")))
    end = spec["start_year"] + spec["duration_years"] - 1 + spec.get("extension_years", 0)
    con = duckdb.connect(str(path))
    try:
        con.execute(
            "INSERT INTO programmes VALUES (?, ?, ?, ?, ?, ?)",
            [programme_id, spec["name"]["nb"], spec["name"]["en"], spec["start_year"], end, json.dumps(spec)],
        )
        measures_file = folder / "measures.csv"
        if measures_file.exists():
            area = spec["programme_areas"][0]["area_code"]
            frame = pd.read_csv(measures_file, dtype=str, keep_default_na=False)
            for m in frame.itertuples():
                con.execute(
                    "INSERT INTO measures VALUES (?, ?, ?, ?, ?, NULL, ?, ?, ?, ?, ?, NULL, NULL, ?, ?, ?, ?, FALSE)",
                    [
                        programme_id,
                        m.measure_id,
                        m.focus_area,
                        m.title_nb,
                        m.title_en,
                        [area],
                        m.responsible or None,
                        [p.strip() for p in m.partners.split(";") if p.strip()],
                        dt.date.fromisoformat(m.start) if m.start else None,
                        dt.date.fromisoformat(m.end) if m.end else None,
                        m.status,
                        dt.date.fromisoformat(m.status_date),
                        m.result or None,
                        m.recommendation or None,
                    ],
                )
    finally:
        con.close()


def build_cross_db(path: Path, shared_data: Path) -> Path:
    initialise(path)
    _, registry = load_definitions()
    with Writer(path) as writer:
        load_national(writer, NationalFiles.in_folder(shared_data), registry, SYSTEM)
    for programme_id in ("tromso", "stjordal"):
        store_folder_programme(path, programme_id)
    return path
