"""Benchmark: the map's figure at the demo's 60 zones and on a synthetic national layer of 14,000 areas.

Prints, for S (the demo's 60 zones), M (a synthetic city of 500 basic units) and L (14,000 areas):
time to simplify the shapes (done once per level and data version and cached), the shapes file the
browser fetches once (``map_geometry.write_geometry_file``), and for one indicator-year the time to
build the figure and the JSON bytes sent with it (what ``st.plotly_chart`` serialises), with the
shapes inline (before) and by URL (now), beside the targets (300 KB for zones and city, 2 MB for L).
Asserts nothing. Run with `make bench` or ``python -m benchmarks.bench_map``.

The synthetic layer: 14,000 Voronoi cells of clustered points over Norway's extent (EPSG:25833),
each edge cut into 50 m pieces wiggled by up to 15 m, so the cells carry vertex densities like
surveyed boundaries (≈ 30 million vertices would be the real figure; this is a few hundred per cell).
"""

from __future__ import annotations

import gzip
import tempfile
import time
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import plotly.io as pio
import shapely
from streamlit.web.server.starlette.starlette_server_config import GZIP_COMPRESSLEVEL

from omrademonitor import figures
from omrademonitor.geography import STORAGE_CRS
from omrademonitor.map_geometry import build_map_geometry, write_geometry_file
from omrademonitor.presentation.charts import choropleth
from omrademonitor.setup_db import initialise, load_definitions
from omrademonitor.store import Store

AREAS, CITY_AREAS = 14_000, 500
ZONES_TARGET, NATIONAL_TARGET = 300 * 1024, 2 * 1024 * 1024


def synthetic_layer(n: int = AREAS, seed: int = 14) -> gpd.GeoDataFrame:
    """``n`` areas tiling a Norway-sized rectangle, denser where the (synthetic) towns are."""
    rng = np.random.default_rng(seed)
    towns = rng.uniform([0, 6_450_000], [1_100_000, 7_950_000], size=(300, 2))
    weights = rng.pareto(1.2, len(towns)) + 0.1
    picks = rng.choice(len(towns), size=n, p=weights / weights.sum())
    spread = rng.uniform(500, 15_000, len(towns))[picks]
    xy = towns[picks] + rng.normal(size=(n, 2)) * spread[:, None]
    points = shapely.multipoints(xy)
    frame = shapely.box(*xy.min(axis=0), *xy.max(axis=0))
    cells = shapely.get_parts(shapely.voronoi_polygons(points, extend_to=frame))
    cells = shapely.intersection(cells, frame)
    cells = shapely.segmentize(cells, 50.0)
    coords = shapely.get_coordinates(cells)
    # A wiggle that is a function of the position, so shared borders stay shared and rings closed.
    wiggle = 15 * np.sin(coords[:, ::-1] * np.array([0.013, 0.017]) + coords * np.array([0.007, 0.005]))
    cells = shapely.make_valid(shapely.set_coordinates(cells, coords + wiggle))
    codes = [f"G{i:07d}" for i in range(len(cells))]
    names = [f"Krets {i}" for i in range(len(cells))]
    return gpd.GeoDataFrame({"code": codes, "name": names}, geometry=cells, crs=STORAGE_CRS)


def measure(label: str, shapes: gpd.GeoDataFrame, frame: pd.DataFrame, indicator, outlines, target: int) -> None:
    start = time.perf_counter()
    geometry = build_map_geometry(shapes[["code", "geometry"]])
    simplified = time.perf_counter() - start
    with tempfile.TemporaryDirectory() as folder:
        start = time.perf_counter()
        path = write_geometry_file(geometry, Path(folder), "level", list(frame["code"]))
        written = time.perf_counter() - start
        file_bytes = (Path(folder) / path).stat().st_size
        # what travels: the app's server gzips /app/static responses for browsers that accept it (all do)
        wire_bytes = len(gzip.compress((Path(folder) / path).read_bytes(), compresslevel=GZIP_COMPRESSLEVEL))
    url = f"/app/static/{path}"
    payloads, builds = {}, {}
    for kind, geojson_url in (("inline", None), ("url", url)):
        times = []
        for _ in range(5):
            start = time.perf_counter()
            figure = choropleth(
                frame, indicator, 2024, None, outlines, "nb", True, True, geometry=geometry, geojson_url=geojson_url
            )
            payload = pio.to_json(figure, validate=False)
            times.append(time.perf_counter() - start)
        payloads[kind], builds[kind] = len(payload), float(np.median(times))
    vertices = sum(shapely.get_num_coordinates(shapes.geometry.to_numpy()))
    kept = sum(len(ring) for f in geometry.features.values() for poly in _polygons(f["geometry"]) for ring in poly)
    print(f"{label}: {len(shapes)} areas, {vertices} vertices → {kept} kept (tolerance {geometry.tolerance_m:.0f} m)")
    print(f"  {'simplify + GeoJSON (once per level and data version)':<58} {simplified * 1000:9.0f} ms")
    print(f"  {'shapes file written (once per level, scope and version)':<58} {written * 1000:9.0f} ms")
    print(f"  {'shapes file, fetched once per browser and kept':<58} {file_bytes / 1024:9.0f} KiB")
    print(
        f"  {'  … as sent (gzip, level ' + str(GZIP_COMPRESSLEVEL) + ', as the server sends it)':<58}"
        f" {wire_bytes / 1024:9.0f} KiB   target < {target / 1024:.0f} KiB   ratio {wire_bytes / target:.2f}"
    )
    for kind, what in (("inline", "shapes inline (before)"), ("url", "shapes by URL (now)")):
        print(
            f"  {'figure + JSON, one indicator-year, ' + what:<58} {builds[kind] * 1000:9.0f} ms"
            f"   payload {payloads[kind] / 1024:7.0f} KiB   target < {target / 1024:.0f} KiB"
            f"   ratio {payloads[kind] / target:.2f}"
        )
    print(f"  {'traces':<58} {len(figure.data):9d}")


def _polygons(geometry: dict) -> list:
    return [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]


def main() -> None:
    programmes, registry = load_definitions()
    programme = programmes["trondheim"]
    indicator = registry.default_map_indicator()
    db = Path(tempfile.mkdtemp()) / "bench-map.duckdb"
    initialise(db)
    store = Store(db)
    frame = figures.map_frame(store, indicator, "levekarssone", 2024)
    zones = figures.shapes(store, "levekarssone")
    outlines = zones[zones["code"].isin(programme.programme_area_codes)]
    measure("S: demo zones", zones, frame, indicator, outlines, ZONES_TARGET)
    store.close()

    start = time.perf_counter()
    national = synthetic_layer()
    print(f"(synthetic layer built in {time.perf_counter() - start:.1f} s)")
    city = synthetic_layer(CITY_AREAS, seed=5)
    measure("M: synthetic city, basic units", city, synthetic_frame(city), indicator, city.iloc[:2], ZONES_TARGET)
    frame = synthetic_frame(national)
    measure("L: synthetic national layer", national, frame, indicator, national.iloc[:2], NATIONAL_TARGET)


def synthetic_frame(layer: gpd.GeoDataFrame) -> pd.DataFrame:
    """One indicator-year over ``layer``: 8 % hidden, 2 % without an observation."""
    rng = np.random.default_rng(16)
    values = rng.uniform(2, 30, len(layer))
    status = np.where(rng.random(len(layer)) < 0.08, "suppressed", "final")
    values[status == "suppressed"] = np.nan
    values[rng.random(len(layer)) < 0.02] = np.nan  # some areas without an observation
    return pd.DataFrame(
        {
            "code": layer["code"],
            "name": layer["name"],
            "value": values,
            "numerator": np.round(values * 10),
            "denominator": np.full(len(layer), 1000.0),
            "status": status,
        }
    )


if __name__ == "__main__":
    main()
