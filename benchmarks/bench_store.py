"""Benchmark: building the demo database, the queries behind each page, and the map's size.

Prints figures; asserts nothing. Run with `make bench`. Official boundaries are measured when
../shared/data is present.
"""

from __future__ import annotations

import resource
import shutil
import tempfile
import time
from pathlib import Path

import shapely

from omrademonitor import PROJECT_ROOT, figures
from omrademonitor.geography import OfficialFiles, official_shapes, read_area_table, read_boundaries
from omrademonitor.presentation.charts import choropleth
from omrademonitor.setup_db import initialise, load_definitions, load_official_boundaries
from omrademonitor.store import Store

SHARED = PROJECT_ROOT.parent / "shared" / "data"


def timed(label: str, func, repeat: int = 1):
    start = time.perf_counter()
    for _ in range(repeat):
        result = func()
    print(f"{label:<48} {(time.perf_counter() - start) / repeat * 1000:9.1f} ms")
    return result


def map_payload(store: Store, registry, programme) -> int:
    indicator = registry.default_map_indicator()
    frame = figures.map_frame(store, indicator, "levekarssone", 2024)
    outlines = figures.shapes(store, "levekarssone")
    outlines = outlines[outlines["code"].isin(programme.programme_area_codes)]
    return len(choropleth(frame, indicator, 2024, 10.0, outlines, "nb", True, True).to_json())


def main() -> None:
    programmes, registry = load_definitions()
    programme = programmes["trondheim"]
    folder = Path(tempfile.mkdtemp())
    db = folder / "bench.duckdb"
    timed("build demo database (init)", lambda: initialise(db))
    store = Store(db)
    rows = store.query("batches")["rows_accepted"].sum()
    print(f"{'observations stored':<48} {rows:9d}")
    indicator = registry.default_map_indicator()
    timed("map frame, 60 zones (mean of 20)", lambda: figures.map_frame(store, indicator, "levekarssone", 2024), 20)
    timed("headline table, overview (mean of 20)", lambda: figures.headline_table(store, registry, programme), 20)
    print(f"{'map figure JSON, approximate shapes':<48} {map_payload(store, registry, programme) / 1024:9.0f} KiB")
    store.close()
    if SHARED.exists():
        files = OfficialFiles.in_folder(SHARED)
        raw = read_boundaries(files.zones)
        shapes = timed("read + coverage-simplify official zones", lambda: official_shapes(files, read_area_table()))
        zones = shapes[shapes["code"].str.contains("LKS")].geometry.to_numpy()
        print(
            f"{'zone vertices raw -> simplified':<48} {shapely.get_num_coordinates(raw.geometry.to_numpy()).sum():>9} "
            f"-> {shapely.get_num_coordinates(zones).sum()}"
        )
        timed("load official boundaries into the store", lambda: load_official_boundaries(db, files))
        store = Store(db)
        print(f"{'map figure JSON, official shapes':<48} {map_payload(store, registry, programme) / 1024:9.0f} KiB")
        store.close()
    print(f"{'database file size':<48} {db.stat().st_size / 1024 / 1024:9.1f} MiB")
    print(f"{'peak resident memory':<48} {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:9.0f} MiB")
    shutil.rmtree(folder)


if __name__ == "__main__":
    main()
