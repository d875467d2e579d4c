"""Geography: the bundled hierarchy, approximate default shapes, and the official boundary files."""

import geopandas as gpd
import pandas as pd
import pytest
import shapely
from shapely.geometry import Point, box

from omrademonitor.geography import (
    STORAGE_CRS,
    GeographyError,
    OfficialFiles,
    approximate_shapes,
    derive_area_table,
    hierarchy_problems,
    official_shapes,
    read_boundaries,
)

LADEMOEN, TEMPE = "5001LKS09", "5001LKS26"


def test_every_area_but_the_top_has_exactly_one_parent(areas):
    assert hierarchy_problems(areas) == []
    tops = areas[areas["parent_code"].isna()]
    assert tops["code"].tolist() == ["5001"]
    assert (areas.groupby("level").size().to_dict()) == {"kommune": 1, "bydel": 4, "levekarssone": 60}
    parents = dict(zip(areas["code"], areas["parent_code"], strict=True))
    assert parents[LADEMOEN] == "500102" and parents[TEMPE] == "500103"


def test_hierarchy_problems_are_found():
    table = pd.DataFrame(
        {
            "code": ["5001", "500101", "A", "B", "B"],
            "level": ["kommune", "bydel", "levekarssone", "levekarssone", "levekarssone"],
            "parent_code": [None, None, "X", "A", "500101"],
        }
    )
    problems = " | ".join(hierarchy_problems(table))
    assert "duplicate area codes ['B']" in problems
    assert "area 500101 has no parent" in problems
    assert "area A has unknown parent X" in problems
    assert "area B (levekarssone) has parent A at a level not above it" in problems


def test_hierarchy_allows_grunnkrets_below_zones():
    table = pd.DataFrame(
        {
            "code": ["5001", "500101", "5001LKS00", "50010101"],
            "level": ["kommune", "bydel", "levekarssone", "grunnkrets"],
            "parent_code": [None, "5001", "500101", "5001LKS00"],
        }
    )
    assert hierarchy_problems(table) == []


def test_approximate_shapes_keep_area_point_and_do_not_overlap(areas):
    shapes = approximate_shapes(areas).set_index("code")
    zones = areas[areas["level"] == "levekarssone"].set_index("code")
    zone_shapes = shapes.loc[zones.index]
    assert len(zone_shapes) == 60
    union = shapely.union_all(zone_shapes.geometry.to_numpy())
    assert union.area == pytest.approx(zone_shapes.area.sum(), rel=1e-9)  # no overlaps
    points = gpd.GeoSeries(gpd.points_from_xy(zones["point_lon"], zones["point_lat"]), crs=4326).to_crs(STORAGE_CRS)
    assert all(shape.contains(p) for shape, p in zip(zone_shapes.geometry, points, strict=True))
    for code in (LADEMOEN, TEMPE):
        assert zone_shapes.loc[code].geometry.area / 1e6 == pytest.approx(zones.loc[code, "area_km2"], rel=0.01)
    assert {"500101", "500102", "500103", "500104", "5001"} <= set(shapes.index)


def test_official_files_give_the_programme_zones(official_files, areas):
    shapes = official_shapes(official_files, areas).set_index("code")
    districts = shapes.loc[["500101", "500102", "500103", "500104"]]
    for code, area_km2, district in ((LADEMOEN, 0.98, "Østbyen"), (TEMPE, 0.89, "Lerkendal")):
        zone = shapes.loc[[code]]
        assert len(zone) == 1  # one feature each
        assert zone.geometry.iloc[0].area / 1e6 == pytest.approx(area_km2, abs=0.01)
        district_code = {"Østbyen": "500102", "Lerkendal": "500103"}[district]
        inside = districts.geometry.loc[district_code].buffer(10).contains(zone.geometry.iloc[0])
        assert inside, f"{code} not inside {district}"


def test_official_zones_are_simplified_as_a_coverage(official_files, areas):
    raw = read_boundaries(official_files.zones)
    shapes = official_shapes(official_files, areas)
    zones = shapes[shapes["code"].str.contains("LKS")].geometry.to_numpy()
    before = shapely.get_num_coordinates(raw.geometry.to_numpy()).sum()
    after = shapely.get_num_coordinates(zones).sum()
    assert before > 90_000 and after < before / 4
    assert shapely.coverage_is_valid(zones)  # neighbours still share their edges exactly


def test_derived_table_matches_bundled_facts(official_files, areas):
    derived = derive_area_table(official_files).fillna({"parent_code": "", "source_id": ""})
    bundled = areas.fillna({"parent_code": "", "source_id": ""})
    pd.testing.assert_frame_equal(derived.reset_index(drop=True), bundled.reset_index(drop=True), check_dtype=False)


def write_geojson(path, geometries, crs="EPSG:4326"):
    gpd.GeoDataFrame({"name": [f"f{i}" for i in range(len(geometries))]}, geometry=geometries, crs=crs).to_file(path)
    return path


def test_boundaries_outside_norway_are_refused(tmp_path):
    path = write_geojson(tmp_path / "paris.geojson", [box(2.3, 48.8, 2.4, 48.9)])
    with pytest.raises(GeographyError, match="outside Norway"):
        read_boundaries(path)


def test_invalid_geometry_is_refused_with_its_row(tmp_path):
    bowtie = shapely.Polygon([(10.0, 63.0), (10.1, 63.1), (10.1, 63.0), (10.0, 63.1)])
    path = write_geojson(tmp_path / "bad.geojson", [box(10.2, 63.2, 10.3, 63.3), bowtie])
    with pytest.raises(GeographyError, match="feature 1 has an invalid geometry"):
        read_boundaries(path)


def test_points_are_not_boundaries(tmp_path):
    path = write_geojson(tmp_path / "points.geojson", [Point(10.4, 63.4)])
    with pytest.raises(GeographyError, match="must be polygons"):
        read_boundaries(path)


def test_unknown_zone_names_are_refused(tmp_path, areas):
    path = tmp_path / "zones.geojson"
    gpd.GeoDataFrame({"Levekårsnavn": ["Atlantis"]}, geometry=[box(10.4, 63.4, 10.41, 63.41)], crs=4326).to_file(path)
    with pytest.raises(GeographyError, match="zones not in the area table: Atlantis"):
        official_shapes(OfficialFiles(zones=path), areas)


def test_utm_input_is_reprojected(tmp_path, areas):
    zone = gpd.GeoDataFrame({"Levekårsnavn": ["Lademoen"]}, geometry=[box(10.42, 63.43, 10.43, 63.44)], crs=4326)
    path = tmp_path / "zones.gpkg"
    zone.to_crs(25832).to_file(path)
    shapes = official_shapes(OfficialFiles(zones=path), areas)
    assert shapes.crs == STORAGE_CRS
    expected = zone.to_crs(STORAGE_CRS).geometry.iloc[0]
    assert shapes.geometry.iloc[0].symmetric_difference(expected).area < 1.0
