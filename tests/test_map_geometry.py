"""Shapes made ready for the map: simplified to the screen, keyed by code, nothing lost."""

import json

import geopandas as gpd
import numpy as np
import plotly.io as pio
import pytest
import shapely
from shapely.geometry import Point, box

from omrademonitor import figures
from omrademonitor.map_geometry import (
    build_map_geometry,
    fit_view,
    outline_paths,
    screen_decimals,
    screen_tolerance_m,
    write_geometry_file,
)
from omrademonitor.presentation.charts import choropleth, drawn_areas


def detailed_layer(n: int = 40) -> gpd.GeoDataFrame:
    """``n`` round areas in a row (4 km apart, 1.5 km across), each with ~1,000 vertices, in EPSG:25833."""
    shapes = [Point(270_000 + 4_000 * i, 7_040_000).buffer(750, quad_segs=256) for i in range(n)]
    tiny = box(270_000, 7_050_000, 270_003, 7_050_003)  # 3 m across: below any screen tolerance
    codes = [f"A{i:03d}" for i in range(n)] + ["TINY"]
    return gpd.GeoDataFrame({"code": codes}, geometry=[*shapes, tiny], crs="EPSG:25833")


def test_simplified_to_the_screen_without_losing_an_area():
    layer = detailed_layer()
    geometry = build_map_geometry(layer)
    assert set(geometry.features) == set(layer["code"])
    assert all(f["id"] == code for code, f in geometry.features.items())
    # 160 km across on ~1,200 px (×4 zoom): about 33 m per pixel
    assert geometry.tolerance_m == pytest.approx(screen_tolerance_m(layer)) and 20 < geometry.tolerance_m < 50
    before = shapely.get_num_coordinates(layer.geometry.to_numpy()).sum()
    after = sum(len(ring) for f in geometry.features.values() for ring in f["geometry"]["coordinates"])
    assert after < before / 5
    tiny = geometry.features["TINY"]["geometry"]
    assert tiny["type"] == "Polygon" and len(tiny["coordinates"][0]) >= 4  # kept, if only as a speck
    drawn = gpd.GeoSeries([shapely.geometry.shape(f["geometry"]) for f in geometry.features.values()], crs=4326)
    assert drawn.is_valid.all()
    # the drawn shape stays within a pixel or two of the original
    original = layer.set_index("code").to_crs(4326).geometry
    for code, feature in list(geometry.features.items())[:5]:
        shape = gpd.GeoSeries([shapely.geometry.shape(feature["geometry"])], crs=4326).to_crs(25833).iloc[0]
        assert (
            shape.hausdorff_distance(gpd.GeoSeries([original[code]], crs=4326).to_crs(25833).iloc[0])
            < 2 * geometry.tolerance_m
        )


def test_outlines_are_simplified_and_rounded_as_the_areas_are():
    """``outline_paths``: one lon/lat path per shape in the layer's order, each part ending in ``None``;
    with the level's tolerance far fewer vertices, rounded to the map's decimals, still on the shape."""
    layer = detailed_layer(3)
    two_parts = shapely.MultiPolygon([layer.geometry.iloc[0], layer.geometry.iloc[1]])
    layer = gpd.GeoDataFrame({"code": ["M", "C"]}, geometry=[two_parts, layer.geometry.iloc[2]], crs=layer.crs)
    full = outline_paths(layer)
    assert [lon.count(None) for lon, _ in full] == [2, 1] and all(lon[-1] is None for lon, _ in full)
    assert len(full[1][0]) == len(layer.geometry.iloc[1].exterior.coords) + 1  # every vertex, unrounded
    tolerance = screen_tolerance_m(detailed_layer())
    simple = outline_paths(layer, tolerance)
    assert [lon.count(None) for lon, _ in simple] == [2, 1]
    assert len(simple[1][0]) < len(full[1][0]) / 5
    decimals = screen_decimals(tolerance)
    assert all(v == round(v, decimals) for lon, lat in simple for v in lon + lat if v is not None)
    drawn = gpd.GeoSeries(
        [shapely.Polygon(list(zip(simple[1][0][:-1], simple[1][1][:-1], strict=True)))], crs=4326
    ).to_crs(25833)
    assert drawn.iloc[0].hausdorff_distance(layer.geometry.iloc[1]) < 2 * tolerance


def test_view_fits_the_areas():
    view = fit_view((10.3, 63.38, 10.5, 63.45), 900, 620)
    assert view["center"]["lon"] == pytest.approx(10.4)
    assert 63.38 < view["center"]["lat"] < 63.45
    assert 11 < view["zoom"] < 13  # a city
    assert fit_view((4.5, 58.0, 31.0, 71.0), 900, 620)["zoom"] < 5  # the country


def test_demo_map_is_small_and_one_trace_draws_every_value(store, registry, programme):
    indicator = registry.default_map_indicator()
    frame = figures.map_frame(store, indicator, "levekarssone", 2024)
    shapes = figures.shapes(store, "levekarssone")
    outlines = shapes[shapes["code"].isin(programme.programme_area_codes)]
    geometry = build_map_geometry(shapes[["code", "geometry"]])
    fig = choropleth(frame, indicator, 2024, 10.0, outlines, "nb", True, True, geometry=geometry)
    payload = pio.to_json(fig, validate=False)
    assert len(payload) < 300 * 1024
    areas = [tr for tr in fig.data if tr.type == "choroplethmap"]
    assert len(areas) <= 3  # shown, hidden, missing: never one per area
    assert {a["code"] for a in drawn_areas(fig)} == set(frame["code"])
    spec = json.loads(payload)
    assert all(tr.get("featureidkey", "id") == "id" for tr in spec["data"] if tr["type"] == "choroplethmap")
    values = {a["code"]: a["value"] for a in drawn_areas(fig)}
    for row in frame.itertuples():
        if not np.isnan(row.value):
            assert values[row.code] == pytest.approx(row.value, abs=10 ** -(indicator.decimals + 1))


def test_shapes_written_once_as_a_file_named_by_their_content(tmp_path):
    layer = detailed_layer(6)
    geometry = build_map_geometry(layer)
    path = write_geometry_file(geometry, tmp_path, "levekarssone", ["A001", "A003", "NOT-THERE"])
    assert path.startswith("maps/levekarssone-") and path.endswith(".geojson")
    written = json.loads((tmp_path / path).read_text())
    assert [f["id"] for f in written["features"]] == ["A001", "A003"]  # those asked for that have a shape
    assert written["features"][0] == geometry.features["A001"]
    # the same shapes: the same file (a browser keeps its copy); other shapes: another name
    assert write_geometry_file(geometry, tmp_path, "levekarssone", ["A003", "A001"]) == path
    other = write_geometry_file(geometry, tmp_path, "levekarssone", ["A002"])
    assert other != path and (tmp_path / path).exists()
    assert not list((tmp_path / "maps").glob(".part-*"))  # nothing half-written left behind


def test_old_shape_files_of_a_level_are_removed_beyond_the_newest(tmp_path, monkeypatch):
    from omrademonitor import map_geometry

    monkeypatch.setattr(map_geometry, "KEEP_FILES_PER_LEVEL", 2)
    geometry = build_map_geometry(detailed_layer(5))
    paths = [write_geometry_file(geometry, tmp_path, "bydel", [f"A00{i}"]) for i in range(4)]
    write_geometry_file(geometry, tmp_path, "levekarssone", ["A000"])
    kept = {p.name for p in (tmp_path / "maps").glob("bydel-*")}
    assert len(kept) == 2 and paths[-1].split("/")[1] in kept
    assert len(list((tmp_path / "maps").glob("levekarssone-*"))) == 1  # other levels untouched


def test_a_map_naming_its_shapes_file_carries_only_codes_and_values(store, registry, programme):
    indicator = registry.default_map_indicator()
    frame = figures.map_frame(store, indicator, "levekarssone", 2024)
    shapes = figures.shapes(store, "levekarssone")
    geometry = build_map_geometry(shapes[["code", "geometry"]])
    outlines = shapes[shapes["code"].isin(programme.programme_area_codes)]
    inline = choropleth(frame, indicator, 2024, 10.0, outlines, "nb", True, True, geometry=geometry)
    url = "/app/static/maps/levekarssone-0123.geojson"
    linked = choropleth(frame, indicator, 2024, 10.0, outlines, "nb", True, True, geometry=geometry, geojson_url=url)
    areas = [tr for tr in linked.data if tr.type == "choroplethmap"]
    assert areas and all(tr.geojson == url for tr in areas)
    assert drawn_areas(linked) == drawn_areas(inline)  # the same areas, statuses and values
    assert len(pio.to_json(linked, validate=False)) < len(pio.to_json(inline, validate=False)) / 2
