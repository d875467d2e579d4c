"""Area shapes made ready for the browser: simplified to what a screen can show, coordinates rounded to
match, as GeoJSON features keyed by area code (plotly's ``featureidkey="id"``).

Built once per level and data version (the UI caches it) and shared by every map of that level: a
year or indicator change only changes the values sent with it, never the work done on the shapes.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely

from omrademonitor.geography import MAP_CRS, STORAGE_CRS

# The map is drawn about this many pixels across (a wide layout on a laptop or desktop screen); a
# vertex closer to the simplified line than one pixel of that width cannot be seen. Users may zoom
# in (×4 on the default view) before the simplification shows, hence the factor.
SCREEN_PX = 1200
ZOOM_HEADROOM = 4
MIN_TOLERANCE_M = 2.0
FULL_DECIMALS = 6  # 0.1 m
# MapLibre draws the world 512 px wide at zoom 0.
WORLD_PX = 512


@dataclass(frozen=True)
class MapGeometry:
    """GeoJSON features of one level's areas, with their label points and extent (lon/lat)."""

    features: dict[str, dict]
    points: dict[str, tuple[float, float]]
    bounds: tuple[float, float, float, float]
    tolerance_m: float

    def collection(self, codes) -> dict:
        """A FeatureCollection of the given areas (those without a shape are left out)."""
        return {"type": "FeatureCollection", "features": [self.features[c] for c in codes if c in self.features]}


GEOMETRY_FOLDER = "maps"  # inside the folder the web server serves files from
KEEP_FILES_PER_LEVEL = 32  # older files of a level (other data versions, programmes) are removed beyond these


def geojson_bytes(geometry: MapGeometry, codes=None) -> bytes:
    """The FeatureCollection of ``codes`` (every area when None) as compact JSON, codes in sorted order
    so the same shapes always give the same bytes."""
    chosen = sorted(geometry.features if codes is None else (c for c in set(codes) if c in geometry.features))
    return json.dumps(geometry.collection(chosen), separators=(",", ":")).encode()


def write_geometry_file(geometry: MapGeometry, folder: Path, level: str, codes=None) -> str:
    """Write the areas' shapes (``geojson_bytes``) as a file the browser fetches once and keeps, and
    return its path relative to ``folder`` (``maps/<level>-<digest>.geojson``).

    The name is the content's digest: new data with the same shapes keep the file (and the browser's
    copy); new shapes get a new name, so no browser keeps stale ones. Written to a temporary file and
    renamed, so a reader never sees half a file; older files of the level beyond the newest
    ``KEEP_FILES_PER_LEVEL`` are removed. Raises ``OSError`` when the folder cannot be written."""
    data = geojson_bytes(geometry, codes)
    safe_level = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in level)
    name = f"{safe_level}-{hashlib.sha256(data).hexdigest()[:20]}.geojson"
    target_folder = folder / GEOMETRY_FOLDER
    target_folder.mkdir(parents=True, exist_ok=True)
    target = target_folder / name
    if not target.exists():
        handle, temporary = tempfile.mkstemp(dir=target_folder, prefix=".part-", suffix=".geojson")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.chmod(temporary, 0o644)
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    target.touch()  # the newest of its level, whatever was written since
    older = []
    for path in target_folder.glob(f"{safe_level}-*.geojson"):
        try:
            older.append((path.stat().st_mtime, path))
        except FileNotFoundError:  # another app process removed it meanwhile
            continue
    for _, stale in sorted(older, reverse=True)[KEEP_FILES_PER_LEVEL:]:
        stale.unlink(missing_ok=True)
    return f"{GEOMETRY_FOLDER}/{name}"


def screen_decimals(tolerance_m: float) -> int:
    """Decimal places of a degree that keep rounding well under the simplification tolerance."""
    return max(3, min(6, math.ceil(-math.log10(tolerance_m / 2 / 111_000))))


def _ring(ring, decimals: int) -> list | None:
    """A ring's coordinates rounded, repeated points dropped; None when fewer than four remain."""
    coords = np.round(np.asarray(ring.coords)[:, :2], decimals)
    keep = np.ones(len(coords), dtype=bool)
    keep[1:] = np.any(coords[1:] != coords[:-1], axis=1)
    coords = coords[keep]
    return coords.tolist() if len(coords) >= 4 else None


def _rounded(geom, decimals: int) -> dict:
    """A GeoJSON (Multi)Polygon with rounded coordinates and no repeated points."""
    polygons = []
    for polygon in getattr(geom, "geoms", [geom]):
        if polygon.is_empty:
            continue
        rings = [_ring(ring, decimals) for ring in (polygon.exterior, *polygon.interiors)]
        if rings[0] is None:  # an area smaller than the rounding: kept at full precision, not lost
            rings = [_ring(polygon.exterior, FULL_DECIMALS)]
        polygons.append([ring for ring in rings if ring is not None])
    if len(polygons) == 1:
        return {"type": "Polygon", "coordinates": polygons[0]}
    return {"type": "MultiPolygon", "coordinates": polygons}


def screen_tolerance_m(shapes: gpd.GeoDataFrame) -> float:
    """The smallest distance (metres) a screen showing all of ``shapes`` can draw after zooming in."""
    if shapes.empty:
        return MIN_TOLERANCE_M
    minx, miny, maxx, maxy = shapes.to_crs(STORAGE_CRS).total_bounds
    return max(MIN_TOLERANCE_M, max(maxx - minx, maxy - miny) / (SCREEN_PX * ZOOM_HEADROOM))


def build_map_geometry(shapes: gpd.GeoDataFrame, tolerance_m: float | None = None) -> MapGeometry:
    """Simplify and round ``shapes`` (columns ``code`` and geometry, any CRS) for drawing.

    Every area keeps a shape: one too small for the tolerance keeps its simplest valid outline
    (topology-preserving simplification, used for those the fast one empties or breaks, never
    empties a polygon).
    """
    if shapes.empty:
        return MapGeometry({}, {}, (0.0, 0.0, 0.0, 0.0), MIN_TOLERANCE_M)
    tolerance = tolerance_m if tolerance_m is not None else screen_tolerance_m(shapes)
    metric = shapes.to_crs(STORAGE_CRS)
    original = metric.geometry.to_numpy()
    simple = shapely.simplify(original, tolerance, preserve_topology=False)  # fast; may empty or break a shape
    broken = shapely.is_empty(simple) | ~shapely.is_valid(simple)
    if broken.any():  # those few: the slower simplification that always keeps a valid, non-empty shape
        simple[broken] = shapely.simplify(original[broken], tolerance, preserve_topology=True)
    drawn = gpd.GeoSeries(simple, crs=STORAGE_CRS).to_crs(MAP_CRS)
    points = gpd.GeoSeries(shapely.point_on_surface(simple), crs=STORAGE_CRS).to_crs(MAP_CRS)
    decimals = screen_decimals(tolerance)
    features = {
        str(code): {"type": "Feature", "id": str(code), "geometry": _rounded(geom, decimals)}
        for code, geom in zip(shapes["code"], drawn, strict=True)
    }
    labels = {str(code): (round(p.x, 5), round(p.y, 5)) for code, p in zip(shapes["code"], points, strict=True)}
    minx, miny, maxx, maxy = (float(v) for v in drawn.total_bounds)
    return MapGeometry(features, labels, (minx, miny, maxx, maxy), tolerance)


def outline_paths(shapes: gpd.GeoDataFrame, tolerance_m: float | None = None) -> list[tuple[list, list]]:
    """Each shape's outer rings as one lon/lat path (``None`` between its parts), in ``shapes``' order:
    the programme areas' outlines drawn over a map.

    With ``tolerance_m`` (the level's, ``MapGeometry.tolerance_m``) they are simplified as the areas are
    and their coordinates rounded to match: a vertex the screen cannot show is not sent.
    """
    drawn = shapes.to_crs(MAP_CRS).geometry
    decimals = None
    if tolerance_m is not None and len(shapes):
        metric = shapes.to_crs(STORAGE_CRS).geometry.to_numpy()
        simple = gpd.GeoSeries(shapely.simplify(metric, tolerance_m, preserve_topology=True), crs=STORAGE_CRS)
        drawn, decimals = simple.to_crs(MAP_CRS), screen_decimals(tolerance_m)
    paths = []
    for geom in drawn:
        lon, lat = [], []
        for polygon in getattr(geom, "geoms", [geom]):
            x, y = polygon.exterior.coords.xy
            if decimals is not None:
                x, y = np.round(np.asarray(x), decimals).tolist(), np.round(np.asarray(y), decimals).tolist()
            lon += [*x, None]
            lat += [*y, None]
        paths.append((lon, lat))
    return paths


def _mercator_y(lat: float) -> float:
    return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


def fit_view(bounds: tuple[float, float, float, float], width_px: float, height_px: float) -> dict:
    """Centre and zoom of a MapLibre map showing ``bounds`` (lon/lat) in a ``width_px`` × ``height_px`` frame."""
    minx, miny, maxx, maxy = bounds
    middle = (_mercator_y(miny) + _mercator_y(maxy)) / 2
    centre = {"lon": (minx + maxx) / 2, "lat": math.degrees(2 * math.atan(math.exp(middle)) - math.pi / 2)}
    zooms = [22.0]
    if maxx > minx:
        zooms.append(math.log2(width_px * 360 / (WORLD_PX * (maxx - minx))))
    if maxy > miny:
        zooms.append(math.log2(height_px * 2 * math.pi / (WORLD_PX * (_mercator_y(maxy) - _mercator_y(miny)))))
    return {"center": centre, "zoom": round(min(zooms), 2)}
