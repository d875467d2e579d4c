"""Benchmark: the map's figure at the demo's 60 zones and on a synthetic national layer of 14,000 areas.

Prints, for each: time to simplify the shapes (done once per level and data version and cached),
time to build the figure for one indicator-year, and the JSON bytes sent to the browser (what
``st.plotly_chart`` serialises), beside the targets (300 KB for the zones, 2 MB for 14,000 areas).
Asserts nothing. Run with `make bench` or ``python -m benchmarks.bench_map``.

The synthetic layer: 14,000 Voronoi cells of clustered points over Norway's extent (EPSG:25833),
each edge cut into 50 m pieces wiggled by up to 15 m, so the cells carry vertex densities like
surveyed boundaries (≈ 30 million vertices would be the real figure; this is a few hundred per cell).
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import plotly.io as pio
import shapely

from omrademonitor import views
from omrademonitor.charts import choropleth
from omrademonitor.geography import STORAGE_CRS
from omrademonitor.map_geometry import build_map_geometry
from omrademonitor.setup_db import initialise, load_definitions
from omrademonitor.store import Store

AREAS = 14_000
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
    builds = []
    for _ in range(5):
        start = time.perf_counter()
        figure = choropleth(frame, indicator, 2024, None, outlines, "nb", True, True, geometry=geometry)
        payload = pio.to_json(figure, validate=False)
        builds.append(time.perf_counter() - start)
    vertices = sum(shapely.get_num_coordinates(shapes.geometry.to_numpy()))
    kept = sum(len(ring) for f in geometry.features.values() for poly in _polygons(f["geometry"]) for ring in poly)
    print(f"{label}: {len(shapes)} areas, {vertices} vertices → {kept} kept (tolerance {geometry.tolerance_m:.0f} m)")
    print(f"  {'simplify + GeoJSON (once per level and data version)':<58} {simplified * 1000:9.0f} ms")
    print(f"  {'figure + JSON for one indicator-year (median of 5)':<58} {np.median(builds) * 1000:9.0f} ms")
    print(f"  {'payload to the browser':<58} {len(payload) / 1024:9.0f} KiB   target < {target / 1024:.0f} KiB")
    print(f"  {'traces':<58} {len(figure.data):9d}   ratio payload/target {len(payload) / target:.2f}")


def _polygons(geometry: dict) -> list:
    return [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]


def main() -> None:
    programmes, registry = load_definitions()
    programme = programmes["trondheim"]
    indicator = registry.default_map_indicator()
    db = Path(tempfile.mkdtemp()) / "bench-map.duckdb"
    initialise(db)
    store = Store(db)
    frame = views.map_frame(store, indicator, "levekarssone", 2024)
    zones = views.shapes(store, "levekarssone")
    outlines = zones[zones["code"].isin(programme.programme_area_codes)]
    measure("demo zones", zones, frame, indicator, outlines, ZONES_TARGET)
    store.close()

    start = time.perf_counter()
    national = synthetic_layer()
    print(f"(synthetic layer built in {time.perf_counter() - start:.1f} s)")
    rng = np.random.default_rng(16)
    values = rng.uniform(2, 30, len(national))
    status = np.where(rng.random(len(national)) < 0.08, "suppressed", "final")
    values[status == "suppressed"] = np.nan
    values[rng.random(len(national)) < 0.02] = np.nan  # some areas without an observation
    national_frame = pd.DataFrame(
        {
            "code": national["code"],
            "name": national["name"],
            "value": values,
            "numerator": np.round(values * 10),
            "denominator": np.full(len(national), 1000.0),
            "status": status,
        }
    )
    measure("synthetic national layer", national, national_frame, indicator, national.iloc[:2], NATIONAL_TARGET)


if __name__ == "__main__":
    main()
