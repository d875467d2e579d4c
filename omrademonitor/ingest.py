"""The only writer: every change to the database goes through ``Writer``, one transaction each.

A failure inside a write leaves the database as it was before the write began.
"""

from __future__ import annotations

import getpass
import hashlib
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb
import geopandas as gpd
import pandas as pd
import shapely

from omrademonitor.geography import LEVELS, STORAGE_CRS, as_multipolygon, hierarchy_problems
from omrademonitor.programme import Programme
from omrademonitor.registry import Registry
from omrademonitor.schema import migrate

OBSERVATION_COLUMNS = [
    "indicator_id",
    "area_code",
    "period",
    "value",
    "numerator",
    "denominator",
    "ci_lower",
    "ci_upper",
    "status",
]
LEVEL_NAMES = {
    "grunnkrets": ("Grunnkrets", "Basic statistical unit"),
    "levekarssone": ("Levekårssone", "Living-condition zone"),
    "bydel": ("Bydel", "City district"),
    "kommune": ("Kommune", "Municipality"),
}


class WriteError(ValueError):
    """A write was refused; nothing was changed."""


@dataclass(frozen=True)
class BatchInfo:
    """Provenance of one import: where it came from and who brought it in."""

    source: str
    content_hash: str
    file_name: str | None = None
    imported_by: str = ""
    is_demo: bool = False
    note: str | None = None

    def by(self) -> str:
        """The importing user, the OS user when none was given."""
        return self.imported_by or getpass.getuser()


def frame_digest(frame: pd.DataFrame) -> str:
    """A content hash of a DataFrame, for batches that do not come from a file."""
    return hashlib.sha256(pd.util.hash_pandas_object(frame, index=False).to_numpy().tobytes()).hexdigest()


class Writer:
    """Opens the database read-write, migrates it forward, and performs all writes."""

    def __init__(self, path: Path) -> None:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        self.path = Path(path)
        self.con = duckdb.connect(str(path))
        migrate(self.con)
        self._ensure_levels()

    def close(self) -> None:
        """Checkpoint and close."""
        self.con.execute("CHECKPOINT")
        self.con.close()

    def __enter__(self) -> Writer:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def count(self, table: str) -> int:
        """Rows in one of the store's tables."""
        if table not in ("areas", "area_geometries", "observations", "import_batches", "measures"):
            raise ValueError(f"unknown table {table}")
        return self.con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]

    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """One transaction: commit on success, roll back on any exception."""
        self.con.execute("BEGIN TRANSACTION")
        try:
            yield self.con
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        self.con.execute("COMMIT")

    def _ensure_levels(self) -> None:
        with self.transaction() as con:
            con.execute("DELETE FROM area_levels")
            for rank, level in enumerate(LEVELS):
                nb, en = LEVEL_NAMES[level]
                con.execute("INSERT INTO area_levels VALUES (?, ?, ?, ?)", [level, rank, nb, en])

    def _new_batch(self, con, kind: str, info: BatchInfo, accepted: int, rejected: int = 0) -> int:
        return con.execute(
            """INSERT INTO import_batches (kind, source, file_name, content_hash, imported_at, imported_by,
                   rows_accepted, rows_rejected, is_demo, note)
               VALUES (?, ?, ?, ?, current_timestamp::TIMESTAMP, ?, ?, ?, ?, ?) RETURNING batch_id""",
            [
                kind,
                info.source,
                info.file_name,
                info.content_hash,
                info.by(),
                accepted,
                rejected,
                info.is_demo,
                info.note,
            ],
        ).fetchone()[0]

    def active_batch_with_hash(self, kind: str, content_hash: str) -> int | None:
        """The active batch that imported this exact content already, if any."""
        row = self.con.execute(
            """SELECT batch_id FROM import_batches
               WHERE kind = ? AND content_hash = ? AND rolled_back_at IS NULL ORDER BY batch_id DESC""",
            [kind, content_hash],
        ).fetchone()
        return row[0] if row else None

    # --- definitions -----------------------------------------------------------------------------

    def sync_definitions(self, programmes: dict[str, Programme], registry: Registry) -> None:
        """Replace the stored copies of the programme and indicator definitions with the files' ones."""
        with self.transaction() as con:
            con.execute("DELETE FROM programmes")
            for p in programmes.values():
                con.execute(
                    "INSERT INTO programmes VALUES (?, ?, ?, ?, ?, ?)",
                    [p.id, p.name.nb, p.name.en, p.start_year, p.end_year, p.model_dump_json()],
                )
            con.execute("DELETE FROM indicators")
            for ind in registry:
                con.execute(
                    "INSERT INTO indicators VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [
                        ind.id,
                        ind.name.nb,
                        ind.name.en,
                        ind.focus_area,
                        ind.kind.value,
                        ind.unit.value,
                        ind.direction.value,
                        ind.aggregation.value,
                        ind.scale,
                        ind.level,
                        ind.source.kind.value,
                        ind.source.ssb_table,
                        ind.first_period,
                        ind.baseline_year,
                        ind.target.value if ind.target else None,
                        ind.target.year if ind.target else None,
                        ind.disclosure.min_count,
                        ind.disclosure.min_denominator,
                        json.dumps(ind.model_dump(mode="json"), ensure_ascii=False),
                    ],
                )

    # --- geography -------------------------------------------------------------------------------

    def replace_areas(self, areas: pd.DataFrame, info: BatchInfo) -> int:
        """Replace the area hierarchy. Refused if the hierarchy is broken or observations would orphan."""
        problems = hierarchy_problems(areas)
        if problems:
            raise WriteError("; ".join(problems))
        with self.transaction() as con:
            orphans = con.execute(
                "SELECT DISTINCT area_code FROM observations WHERE area_code NOT IN (SELECT unnest(?))",
                [areas["code"].tolist()],
            ).fetchall()
            if orphans:
                raise WriteError(
                    f"observations exist for areas missing from the new table: {[o[0] for o in orphans][:10]}"
                )
            batch = self._new_batch(con, "areas", info, len(areas))
            con.execute("DELETE FROM areas")
            rows = areas[["code", "name", "level", "parent_code", "point_lon", "point_lat", "area_km2"]]
            con.executemany(
                "INSERT INTO areas VALUES (?, ?, ?, ?, ?, ?, ?)",
                rows.astype(object).where(rows.notna(), None).values.tolist(),
            )
        return batch

    def replace_geometries(self, shapes: gpd.GeoDataFrame, info: BatchInfo, approximate: bool) -> int:
        """Store one shape per area code (EPSG:25833), replacing earlier shapes of those areas."""
        known = {r[0] for r in self.con.execute("SELECT code FROM areas").fetchall()}
        unknown = sorted(set(shapes["code"]) - known)
        if unknown:
            raise WriteError(f"shapes for unknown area codes: {', '.join(unknown[:10])}")
        if shapes["code"].duplicated().any():
            raise WriteError(f"more than one shape for area {shapes.loc[shapes['code'].duplicated(), 'code'].iloc[0]}")
        source_crs = shapes.crs.to_string() if shapes.crs else STORAGE_CRS
        stored = shapes.to_crs(STORAGE_CRS)
        with self.transaction() as con:
            batch = self._new_batch(con, "boundaries", info, len(stored))
            rows = [
                [code, shapely.to_wkb(as_multipolygon(geom)), STORAGE_CRS, source_crs, approximate, batch]
                for code, geom in zip(stored["code"], stored.geometry, strict=True)
            ]
            con.execute("DELETE FROM area_geometries WHERE area_code IN (SELECT unnest(?))", [stored["code"].tolist()])
            con.executemany("INSERT INTO area_geometries VALUES (?, ?, ?, ?, ?, ?)", rows)
        return batch

    # --- observations ----------------------------------------------------------------------------

    def add_observations(self, frame: pd.DataFrame, info: BatchInfo) -> int:
        """Add observations as one batch; a changed figure supersedes the current one as a revision.

        Rows identical to the current figures are not stored again. Importing the same content a
        second time returns the first batch and changes nothing.
        """
        existing = self.active_batch_with_hash("observations", info.content_hash)
        if existing is not None:
            return existing
        incoming = frame.reindex(columns=OBSERVATION_COLUMNS)
        incoming["status"] = incoming["status"].fillna("final")
        self.con.register("incoming_frame", incoming)
        try:
            with self.transaction() as con:
                con.execute("CREATE TEMP TABLE incoming AS SELECT * FROM incoming_frame")
                con.execute(
                    """DELETE FROM incoming i USING current_observations c
                       WHERE c.indicator_id = i.indicator_id AND c.area_code = i.area_code
                         AND c.period = i.period AND c.value IS NOT DISTINCT FROM i.value
                         AND c.numerator IS NOT DISTINCT FROM i.numerator
                         AND c.denominator IS NOT DISTINCT FROM i.denominator
                         AND c.ci_lower IS NOT DISTINCT FROM i.ci_lower
                         AND c.ci_upper IS NOT DISTINCT FROM i.ci_upper AND c.status = i.status"""
                )
                accepted = con.execute("SELECT count(*) FROM incoming").fetchone()[0]
                batch = self._new_batch(con, "observations", info, accepted)
                con.execute(
                    """UPDATE observations o SET superseded_by = ?
                       FROM incoming i, import_batches b
                       WHERE o.indicator_id = i.indicator_id AND o.area_code = i.area_code
                         AND o.period = i.period AND o.superseded_by IS NULL
                         AND b.batch_id = o.batch_id AND b.rolled_back_at IS NULL""",
                    [batch],
                )
                con.execute(
                    f"INSERT INTO observations SELECT {', '.join(OBSERVATION_COLUMNS)}, ?, NULL FROM incoming",
                    [batch],
                )
                con.execute("DROP TABLE incoming")
        finally:
            self.con.unregister("incoming_frame")
        return batch
