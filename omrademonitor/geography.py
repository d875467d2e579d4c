"""Area hierarchy and boundaries: zone facts, approximate default shapes, official files.

Geometries are stored in EPSG:25833 (UTM 33N, the Norwegian standard for area work)
and converted to WGS84 (EPSG:4326) for maps.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry import MultiPolygon, Polygon

from omrademonitor import PROJECT_ROOT
from omrademonitor.vocabulary import ALL_LEVELS

STORAGE_CRS = "EPSG:25833"
MAP_CRS = "EPSG:4326"
LEVELS = tuple(level.value for level in ALL_LEVELS)  # smallest first
SIMPLIFY_TOLERANCE_M = 5.0
DEFAULT_AREAS_FILE = PROJECT_ROOT / "geodata" / "trondheim_areas.csv"
AREA_COLUMNS = ["code", "name", "level", "parent_code", "point_lon", "point_lat", "area_km2", "source_id"]
# Norway's mainland and near islands, lon/lat, generous: anything outside is not a Norwegian boundary.
NORWAY_BOUNDS = (4.0, 57.5, 31.5, 71.5)


class GeographyError(ValueError):
    """A boundary file or area table is unusable; the message says which and why."""


@dataclass(frozen=True)
class OfficialFiles:
    """Paths of the official boundary files for one municipality."""

    zones: Path
    districts: Path | None = None
    municipality: Path | None = None

    def paths(self) -> list[Path]:
        """The files given, zones first."""
        return [p for p in (self.zones, self.districts, self.municipality) if p is not None]

    @classmethod
    def in_folder(cls, folder: Path) -> OfficialFiles:
        """The shared data layout: ``trondheim-levekarssoner-2020/``, ``trondheim-bydeler-2020/``, …"""
        return cls(
            zones=folder / "trondheim-levekarssoner-2020" / "levekarssoner_trondheim_60.geojson",
            districts=folder / "trondheim-bydeler-2020" / "trondheim_bydeler_2020.geojson",
            municipality=folder / "trondheim-kommune-2024" / "trondheim_5001_kommune.geojson",
        )


def read_area_table(path: Path = DEFAULT_AREAS_FILE) -> pd.DataFrame:
    """Read the bundled area facts (code, name, level, parent, point, area) and check the hierarchy."""
    areas = pd.read_csv(path, dtype={"code": str, "parent_code": str, "source_id": str}, keep_default_na=False)
    missing = [c for c in AREA_COLUMNS if c not in areas.columns]
    if missing:
        raise GeographyError(f"{path}: missing columns {', '.join(missing)}")
    areas["parent_code"] = pd.Series([code or None for code in areas["parent_code"]], dtype=object)
    problems = hierarchy_problems(areas)
    if problems:
        raise GeographyError(f"{path}: " + "; ".join(problems))
    return areas[AREA_COLUMNS]


def hierarchy_problems(areas: pd.DataFrame) -> list[str]:
    """Every area but the top has exactly one parent, one level up the ranks it uses."""
    problems = []
    codes = set(areas["code"])
    if len(codes) != len(areas):
        dupes = areas.loc[areas["code"].duplicated(), "code"].tolist()
        problems.append(f"duplicate area codes {dupes}")
    unknown_levels = set(areas["level"]) - set(LEVELS)
    if unknown_levels:
        problems.append(f"unknown levels {sorted(unknown_levels)}")
        return problems
    rank = {level: i for i, level in enumerate(LEVELS)}
    level_of = dict(zip(areas["code"], areas["level"], strict=True))
    top_rank = max(rank[lv] for lv in areas["level"])
    for row in areas.itertuples():
        parent = row.parent_code if isinstance(row.parent_code, str) and row.parent_code else None
        if rank[row.level] == top_rank:
            if parent:
                problems.append(f"top area {row.code} has a parent")
            continue
        if not parent:
            problems.append(f"area {row.code} has no parent")
        elif parent not in codes:
            problems.append(f"area {row.code} has unknown parent {parent}")
        elif rank[level_of[parent]] <= rank[row.level]:
            problems.append(f"area {row.code} ({row.level}) has parent {parent} at a level not above it")
    return problems


# --- deriving the bundled facts from official files -------------------------------------------


def zone_code(municipality_code: str, source_id: str) -> str:
    """The code Områdemonitor assigns to a levekårssone (Trondheim publishes none for most)."""
    return f"{municipality_code}LKS{int(source_id):02d}"


def derive_area_table(files: OfficialFiles, municipality_code: str = "5001") -> pd.DataFrame:
    """Facts per area from the official files: zones in districts in the municipality.

    Zone membership in a district is decided by the zone's representative point.
    """
    zones = read_boundaries(files.zones).to_crs(STORAGE_CRS)
    municipality = read_boundaries(files.municipality).to_crs(STORAGE_CRS)
    municipality = municipality[municipality["kommunenummer"].astype(str) == municipality_code]
    if municipality.empty:
        raise GeographyError(f"{files.municipality}: no feature with kommunenummer {municipality_code}")
    districts = read_boundaries(files.districts).to_crs(STORAGE_CRS)
    districts = districts[districts["bydelnr"].astype(str).str.startswith(municipality_code)]
    land = shapely.union_all([municipality.geometry.iloc[0], *zones.geometry])
    districts = districts.set_geometry(on_land(districts.geometry.to_numpy(), land))
    rows = [
        _fact_row(
            municipality_code,
            municipality.iloc[0]["kommunenavn"].split(" - ")[0],
            "kommune",
            None,
            municipality.geometry.iloc[0],
            "",
        )
    ]
    for d in districts.itertuples():
        rows.append(_fact_row(str(d.bydelnr), d.bydelnavn, "bydel", municipality_code, d.geometry, ""))
    names = zones[_zone_name_column(zones, files.zones)]
    for source_id, name, geometry in zip(zones["id"], names, zones.geometry, strict=True):
        inside = districts[districts.contains(geometry.representative_point())]
        if len(inside) != 1:
            raise GeographyError(f"{files.zones}: zone '{name}' lies in {len(inside)} districts, expected 1")
        rows.append(
            _fact_row(
                zone_code(municipality_code, source_id),
                name,
                "levekarssone",
                str(inside.iloc[0]["bydelnr"]),
                geometry,
                str(source_id),
            )
        )
    return pd.DataFrame(rows, columns=AREA_COLUMNS)


def _fact_row(code, name, level, parent, geometry, source_id) -> list:
    point = gpd.GeoSeries([geometry.representative_point()], crs=STORAGE_CRS).to_crs(MAP_CRS).iloc[0]
    return [code, name, level, parent, round(point.x, 6), round(point.y, 6), round(geometry.area / 1e6, 3), source_id]


# --- approximate default shapes -----------------------------------------------------------------


def approximate_shapes(areas: pd.DataFrame) -> gpd.GeoDataFrame:
    """Approximate shapes for every area, built only from the facts table.

    Each zone is its Voronoi cell around its representative point, cut to a disc whose
    radius is found so the shape has the zone's recorded area (where the cell is big enough).
    Districts and the municipality are the union of their zones' shapes.
    """
    zones = areas[areas["level"] == "levekarssone"].reset_index(drop=True)
    points = gpd.GeoSeries(gpd.points_from_xy(zones["point_lon"], zones["point_lat"]), crs=MAP_CRS).to_crs(STORAGE_CRS)
    frame = shapely.box(*points.total_bounds).buffer(3000)
    cells = shapely.voronoi_polygons(shapely.MultiPoint(list(points)), extend_to=frame)
    shapes = []
    for point, area_km2 in zip(points, zones["area_km2"], strict=True):
        cell = next(c for c in cells.geoms if c.contains(point)).intersection(frame)
        shapes.append(_cut_to_area(cell, point, area_km2 * 1e6))
    result = gpd.GeoDataFrame({"code": zones["code"]}, geometry=shapes, crs=STORAGE_CRS)
    return pd.concat([result, _dissolve_upwards(areas, result)], ignore_index=True)


def _cut_to_area(cell: Polygon, point, target_m2: float) -> Polygon:
    """Intersect ``cell`` with the disc around ``point`` whose cut area is closest to ``target_m2``."""
    if cell.area <= target_m2:
        return cell
    low, high = 0.0, float(np.sqrt(cell.area)) * 2
    for _ in range(40):
        mid = (low + high) / 2
        if cell.intersection(point.buffer(mid, 32)).area < target_m2:
            low = mid
        else:
            high = mid
    return cell.intersection(point.buffer(high, 32))


def _dissolve_upwards(areas: pd.DataFrame, zone_shapes: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Shapes of every area above the zones as unions of the zone shapes beneath them."""
    parent = dict(zip(areas["code"], areas["parent_code"], strict=True))
    members: dict[str, list] = {}
    for code, geom in zip(zone_shapes["code"], zone_shapes.geometry, strict=True):
        up = parent.get(code)
        while up:
            members.setdefault(up, []).append(geom)
            up = parent.get(up)
    codes = list(members)
    geoms = [shapely.union_all(members[c]) for c in codes]
    return gpd.GeoDataFrame({"code": codes}, geometry=geoms, crs=STORAGE_CRS)


# --- official boundary files --------------------------------------------------------------------


def read_boundaries(path: Path | None) -> gpd.GeoDataFrame:
    """Read a boundary file and check it: a CRS (GeoJSON default is WGS84), valid polygons in Norway."""
    if path is None or not Path(path).exists():
        raise GeographyError(f"{path}: boundary file not found")
    try:
        frame = gpd.read_file(path)
    except Exception as exc:  # pyogrio raises several types for unreadable files
        raise GeographyError(f"{path}: cannot read as a boundary file ({exc})") from exc
    if frame.crs is None:
        if Path(path).suffix.lower() in (".geojson", ".json"):
            frame = frame.set_crs(MAP_CRS)
        else:
            raise GeographyError(f"{path}: the file states no coordinate reference system")
    invalid = ~frame.geometry.is_valid
    if invalid.any():
        row = int(np.flatnonzero(invalid.to_numpy())[0])
        raise GeographyError(
            f"{path}: feature {row} has an invalid geometry ({shapely.is_valid_reason(frame.geometry.iloc[row])})"
        )
    if not frame.geometry.geom_type.isin(["Polygon", "MultiPolygon"]).all():
        raise GeographyError(f"{path}: boundaries must be polygons")
    lon_min, lat_min, lon_max, lat_max = frame.to_crs(MAP_CRS).total_bounds
    w, s, e, n = NORWAY_BOUNDS
    if lon_min < w or lon_max > e or lat_min < s or lat_max > n:
        raise GeographyError(
            f"{path}: boundaries lie outside Norway (bounds {lon_min:.2f}, {lat_min:.2f}, {lon_max:.2f}, {lat_max:.2f})"
        )
    return frame


def official_shapes(files: OfficialFiles, areas: pd.DataFrame) -> gpd.GeoDataFrame:
    """Official shapes matched to the area table's codes, in EPSG:25833.

    Zones are matched by name and simplified together (coverage-preserving), so neighbours keep
    their shared edges. Districts are cut to the land (the municipality outline and the zones)
    when the outline is given: SSB's district polygons reach into the sea.
    """
    zones = read_boundaries(files.zones).to_crs(STORAGE_CRS)
    name_column = _zone_name_column(zones, files.zones)
    known = areas[areas["level"] == "levekarssone"].set_index("name")["code"]
    unknown = sorted(set(zones[name_column]) - set(known.index))
    if unknown:
        raise GeographyError(f"{files.zones}: zones not in the area table: {', '.join(unknown)}")
    simplified = shapely.coverage_simplify(zones.geometry.to_numpy(), SIMPLIFY_TOLERANCE_M)
    parts = [gpd.GeoDataFrame({"code": zones[name_column].map(known).to_numpy()}, geometry=simplified, crs=STORAGE_CRS)]
    outline = None
    if files.municipality:
        muni = read_boundaries(files.municipality).to_crs(STORAGE_CRS)
        muni = muni[muni["kommunenummer"].astype(str).isin(areas["code"])]
        outline = shapely.union_all([*muni.geometry, *zones.geometry]) if len(muni) else None
        simplified_muni = muni.geometry.simplify(SIMPLIFY_TOLERANCE_M).to_numpy()
        parts.append(_coded(muni["kommunenummer"], simplified_muni))
    if files.districts:
        districts = read_boundaries(files.districts).to_crs(STORAGE_CRS)
        districts = districts[districts["bydelnr"].astype(str).isin(areas["code"])]
        geoms = on_land(districts.geometry.to_numpy(), outline)
        parts.append(_coded(districts["bydelnr"], shapely.coverage_simplify(geoms, SIMPLIFY_TOLERANCE_M)))
    return pd.concat(parts, ignore_index=True)


def _coded(codes: pd.Series, geoms) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame({"code": codes.astype(str).to_numpy()}, geometry=list(geoms), crs=STORAGE_CRS)


def on_land(districts: np.ndarray, outline) -> np.ndarray:
    """District polygons cut to the land: SSB's reach into the sea. ``outline`` is the coast-clipped
    municipality together with the zones, whose edges the generalised coastline sometimes cuts."""
    if outline is None:
        return districts
    return np.array([_polygonal(g) for g in shapely.make_valid(shapely.intersection(districts, outline))])


def _polygonal(geom):
    """Only the polygon parts of a geometry (an intersection can leave stray lines or points)."""
    if isinstance(geom, Polygon | MultiPolygon):
        return geom
    return shapely.union_all([g for g in getattr(geom, "geoms", []) if isinstance(g, Polygon | MultiPolygon)])


def _zone_name_column(zones: gpd.GeoDataFrame, path: Path) -> str:
    """The column holding zone names ('Levekårsnavn' in Trondheim's files)."""
    column = next((c for c in zones.columns if c.lower().startswith("levek")), None)
    if column is None:
        raise GeographyError(f"{path}: no zone name column (expected 'Levekårsnavn')")
    return column


def file_digest(*paths: Path | None) -> str:
    """SHA-256 over the bytes of the given files, for provenance."""
    digest = hashlib.sha256()
    for path in paths:
        if path is not None:
            digest.update(Path(path).read_bytes())
    return digest.hexdigest()


def as_multipolygon(geom) -> MultiPolygon:
    """Polygons as MultiPolygon, so every stored geometry has one type."""
    return MultiPolygon([geom]) if isinstance(geom, Polygon) else geom
