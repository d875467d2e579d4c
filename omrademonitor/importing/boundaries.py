"""Importing boundary files: GeoJSON, GeoPackage and zipped Shapefiles in EPSG:25833, 25832, 4258
or 4326, checked feature by feature and reprojected to EPSG:25833.

Zones, districts and the municipality must match areas the monitor knows (by code or name).
Basic statistical units (grunnkrets, 8 digits) are new areas: old codes (Trondheim 1601xxxx) are
translated, and each unit is placed in the zone that holds its representative point.
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePath

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from omrademonitor.access import Principal
from omrademonitor.errors import NothingChanged
from omrademonitor.geography import MAP_CRS, NORWAY_BOUNDS, SIMPLIFY_TOLERANCE_M, STORAGE_CRS
from omrademonitor.importing.archives import archive_issue
from omrademonitor.importing.codes import current_code
from omrademonitor.importing.issues import Issue
from omrademonitor.importing.limits import MAX_UNZIPPED_BYTES
from omrademonitor.uploads import display_name
from omrademonitor.vocabulary import LEVEL_FACTS
from omrademonitor.writer import BatchInfo, Writer

BOUNDARY_SUFFIXES = (".geojson", ".gpkg", ".zip", ".shp", ".gml")
ALLOWED_EPSG = (25833, 25832, 4258, 4326)
# level → the names of the column a boundary file gives its codes in (vocabulary.LevelFacts.code_hints)
CODE_HINTS = {facts.level: facts.code_hints for facts in LEVEL_FACTS if facts.code_hints}


def is_boundary_file(name: str, data: bytes) -> bool:
    """Whether a file holds boundaries rather than a table (a .json may be either)."""
    suffix = PurePath(name).suffix.lower()
    return suffix in BOUNDARY_SUFFIXES or (suffix == ".json" and b"FeatureCollection" in data[:4096])


@dataclass
class PreparedBoundaries:
    """Boundaries read and checked, ready to commit."""

    file: str
    content_hash: str
    level: str
    shapes: gpd.GeoDataFrame
    new_areas: pd.DataFrame
    source_crs: str = ""
    issues: list[Issue] = field(default_factory=list)
    skipped: list[tuple[int, str]] = field(default_factory=list)  # (row, area) left out as unknown areas

    @property
    def fatal(self) -> list[Issue]:
        return [i for i in self.issues if i.fatal]


class _Refused(Exception):
    """The file is refused before it is read; ``issue`` says why."""

    def __init__(self, issue: Issue) -> None:
        super().__init__(issue.code)
        self.issue = issue


def _read(data: bytes, file: str) -> gpd.GeoDataFrame:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / file
        path.write_bytes(data)
        if path.suffix.lower() == ".zip":
            path = _unpack(path, Path(folder), file)
        return gpd.read_file(path)


def _unpack(path: Path, folder: Path, file: str) -> Path:
    """The first Shapefile in a zip archive, unpacked after the archive's size and members are checked."""
    with zipfile.ZipFile(path) as archive:
        problem = archive_issue(archive, file, MAX_UNZIPPED_BYTES)
        if problem is not None:
            raise _Refused(problem)
        for member in archive.infolist():
            name = PurePath(member.filename).name  # never a path from the archive
            if name and not member.is_dir():
                with archive.open(member) as source, (folder / name).open("wb") as target:
                    shutil.copyfileobj(source, target)
    shapefiles = sorted(folder.glob("*.shp"))
    if not shapefiles:
        raise ValueError("no .shp in the archive")
    return shapefiles[0]


def prepare_boundaries(
    data: bytes,
    name: str,
    level: str,
    areas: pd.DataFrame,
    zone_shapes: gpd.GeoDataFrame,
    code_column: str | None = None,
    municipality_code: str = "5001",
    skip_unknown_areas: bool = False,
) -> PreparedBoundaries:
    """Read and check a boundary file for ``level`` against the known ``areas``.

    ``skip_unknown_areas``: features for areas the monitor does not know (another municipality's) are
    left out and counted in ``skipped`` (row, value) instead of being problems that refuse the file."""
    file = display_name(name)
    hasher = hashlib.sha256(data)
    hasher.update(level.encode())
    digest = hasher.hexdigest()
    empty = PreparedBoundaries(
        file, digest, level, gpd.GeoDataFrame({"code": []}, geometry=[], crs=STORAGE_CRS), pd.DataFrame()
    )
    try:
        frame = _read(data, file)
    except _Refused as exc:
        empty.issues = [exc.issue]
        return empty
    except Exception as exc:  # pyogrio, zipfile and json raise many types for unreadable files
        empty.issues = [Issue(file, "unreadable", params={"error": str(exc)[:120]})]
        return empty
    if frame.crs is None:
        if PurePath(file).suffix.lower() not in (".geojson", ".json"):
            empty.issues = [Issue(file, "no_crs")]
            return empty
        frame = frame.set_crs(MAP_CRS)
    epsg = frame.crs.to_epsg()
    if epsg not in ALLOWED_EPSG and not frame.crs.equals("OGC:CRS84"):
        empty.issues = [Issue(file, "unsupported_crs", params={"crs": frame.crs.to_string()})]
        return empty
    empty.source_crs = frame.crs.to_string()
    column = code_column or next((c for c in frame.columns if _hinted(str(c), CODE_HINTS[level])), None)
    if column is None or column not in frame.columns:
        empty.issues = [Issue(file, "no_code_column", params={"expected": ", ".join(CODE_HINTS[level][:3])})]
        return empty
    issues = _feature_issues(frame, file)
    keep = ~pd.Series([i for i in range(len(frame))]).isin([i.row - 1 for i in issues]).to_numpy()
    projected = frame[keep].to_crs(STORAGE_CRS)
    rows = np.flatnonzero(keep) + 1
    if level == "grunnkrets":
        shapes, new_areas, more = _basic_units(projected, rows, column, file, zone_shapes, municipality_code)
    else:
        shapes, more = _known_areas(projected, rows, column, file, areas[areas["level"] == level])
        new_areas = pd.DataFrame()
    skipped = [(i.row, i.value) for i in more if i.code == "unknown_area"] if skip_unknown_areas else []
    issues += [i for i in more if not (skip_unknown_areas and i.code == "unknown_area")]
    geoms = shapes.geometry.to_numpy()
    simplified = (
        shapely.coverage_simplify(geoms, SIMPLIFY_TOLERANCE_M)
        if len(geoms) and shapely.coverage_is_valid(geoms)
        else shapely.simplify(geoms, SIMPLIFY_TOLERANCE_M, preserve_topology=True)
    )
    shapes = shapes.set_geometry(list(simplified), crs=STORAGE_CRS)
    return PreparedBoundaries(file, digest, level, shapes, new_areas, empty.source_crs, issues, skipped)


def _hinted(column: str, hints: tuple[str, ...]) -> bool:
    """A column named like one of the hints; Shapefiles cut names to 10 characters ('Levekårsn')."""
    name = column.lower()
    return name in hints or (len(name) >= 6 and any(h.startswith(name) for h in hints))


def _feature_issues(frame: gpd.GeoDataFrame, file: str) -> list[Issue]:
    issues = []
    lonlat = frame.to_crs(MAP_CRS)
    west, south, east, north = NORWAY_BOUNDS
    for index, (geom, geom_ll) in enumerate(zip(frame.geometry, lonlat.geometry, strict=True)):
        row = index + 1
        if geom is None or geom.geom_type not in ("Polygon", "MultiPolygon"):
            issues.append(
                Issue(file, "not_polygons", row=row, column="geometry", value=None if geom is None else geom.geom_type)
            )
        elif not geom.is_valid:
            issues.append(
                Issue(
                    file,
                    "invalid_geometry",
                    row=row,
                    column="geometry",
                    params={"reason": shapely.is_valid_reason(geom)},
                )
            )
        else:
            x0, y0, x1, y1 = geom_ll.bounds
            if x0 < west or x1 > east or y0 < south or y1 > north:
                issues.append(Issue(file, "outside_norway", row=row, column="geometry", value=f"{x0:.2f}, {y0:.2f}"))
    return issues


def _known_areas(frame, rows, column, file, known: pd.DataFrame):
    by_code = set(known["code"])
    by_name = dict(zip(known["name"], known["code"], strict=True))
    codes, issues, seen = [], [], {}
    for row, raw in zip(rows, frame[column], strict=True):
        code = current_code(raw)
        code = code if code in by_code else by_name.get(str(raw).strip())
        if code is None:
            issues.append(Issue(file, "unknown_area", row=int(row), column=column, value=str(raw)))
        elif code in seen:
            issues.append(
                Issue(file, "duplicate_key", row=int(row), column=column, value=str(raw), params={"first": seen[code]})
            )
        else:
            seen[code] = int(row)
        codes.append(code if code and seen.get(code) == int(row) else None)
    mask = pd.Series(codes).notna().to_numpy()
    shapes = gpd.GeoDataFrame({"code": [c for c in codes if c]}, geometry=list(frame.geometry[mask]), crs=STORAGE_CRS)
    return shapes, issues


def _basic_units(frame, rows, column, file, zone_shapes: gpd.GeoDataFrame, municipality_code: str):
    name_column = next((c for c in frame.columns if "navn" in str(c).lower() or str(c).lower() == "name"), None)
    zones = zone_shapes.to_crs(STORAGE_CRS)
    issues, records, geoms, seen = [], [], [], {}
    for row, raw, geom, name in zip(
        rows, frame[column], frame.geometry, frame[name_column] if name_column else frame[column], strict=True
    ):
        code = current_code(raw)
        if not (len(code) == 8 and code.isdigit() and code.startswith(municipality_code)):
            issues.append(Issue(file, "unknown_area", row=int(row), column=column, value=str(raw)))
            continue
        if code in seen:
            issues.append(
                Issue(file, "duplicate_key", row=int(row), column=column, value=str(raw), params={"first": seen[code]})
            )
            continue
        point = geom.representative_point()
        holder = zones[zones.contains(point)]
        if holder.empty:
            issues.append(Issue(file, "no_zone_for_unit", row=int(row), column=column, value=str(raw)))
            continue
        seen[code] = int(row)
        lonlat = gpd.GeoSeries([point], crs=STORAGE_CRS).to_crs(MAP_CRS).iloc[0]
        records.append(
            {
                "code": code,
                "name": str(name),
                "level": "grunnkrets",
                "parent_code": holder["code"].iloc[0],
                "point_lon": round(lonlat.x, 6),
                "point_lat": round(lonlat.y, 6),
                "area_km2": round(geom.area / 1e6, 4),
            }
        )
        geoms.append(geom)
    shapes = gpd.GeoDataFrame({"code": [r["code"] for r in records]}, geometry=geoms, crs=STORAGE_CRS)
    return shapes, pd.DataFrame(records), issues


def commit_boundaries(
    writer: Writer, prepared: PreparedBoundaries, actor: Principal, accept_valid_rows: bool = False
) -> int:
    """Store the shapes (and new basic units) as one batch; refused on problems unless ``accept_valid_rows``."""
    from omrademonitor.importing.pipeline import ImportRefused

    if prepared.fatal or (prepared.issues and not accept_valid_rows):
        raise ImportRefused(prepared.issues)
    if prepared.shapes.empty:
        raise ImportRefused([Issue(prepared.file, "nothing_to_import")])
    existing = writer.active_batch_with_hash("boundaries", prepared.content_hash)
    if existing is not None and _still_current(writer, existing) == len(prepared.shapes):
        raise NothingChanged(len(prepared.shapes), existing)
    info = BatchInfo(
        source=prepared.file,
        content_hash=prepared.content_hash,
        file_name=prepared.file,
        note=f"{prepared.level}; source CRS {prepared.source_crs}; simplified {SIMPLIFY_TOLERANCE_M:g} m"
        + (f"; features skipped (unknown areas): {len(prepared.skipped)}" if prepared.skipped else ""),
    )
    return writer.replace_geometries(
        prepared.shapes,
        info,
        approximate=False,
        actor=actor,
        new_areas=prepared.new_areas if len(prepared.new_areas) else None,
    )


def _still_current(writer: Writer, batch: int) -> int:
    """How many of a batch's shapes are the current ones (none once later files replaced them)."""
    return writer.con.execute("SELECT count(*) FROM area_geometries WHERE batch_id = ?", [batch]).fetchall()[0][0]
