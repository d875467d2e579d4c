"""Writes of the national level, mixed into ``writer.Writer``: counties and municipalities join the
area hierarchy under the country, with their shapes, in one audited transaction and one batch."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import shapely

from omrademonitor.access import Permission, Principal
from omrademonitor.errors import Refusal, WriteError
from omrademonitor.geography import STORAGE_CRS, as_multipolygon, hierarchy_problems
from omrademonitor.vocabulary import NATIONAL_LEVELS as NATIONAL
from omrademonitor.vocabulary import level_facts

# Level names are data (table area_levels); the national levels rank above the municipality.
NATIONAL_LEVELS = tuple((f.level.value, f.rank, f.name_nb, f.name_en) for f in level_facts(NATIONAL))
AREA_COLUMNS = ["code", "name", "level", "parent_code", "point_lon", "point_lat", "area_km2"]


class NationalWrites:
    """Mixed into ``writer.Writer`` (uses its connection, audit and batch helpers)."""

    def add_national_areas(self, areas: pd.DataFrame, shapes: gpd.GeoDataFrame, info, actor: Principal) -> int:
        """Add the national areas and their (real) shapes as one boundaries batch.

        Areas already in the store keep their name, point and size; the ones without a parent get the
        parent given here (a municipality joins its county). Shapes are stored where an area has none
        or only an approximate one (the replaced shape is kept, so rolling the batch back restores it);
        real shapes already stored (e.g. a municipality's own detailed outline) are left alone.
        Refused, with nothing written, if the resulting hierarchy is broken.
        """
        unknown = sorted(set(shapes["code"]) - set(areas["code"]))
        if unknown:
            raise WriteError(Refusal.SHAPES_OF_UNKNOWN_AREAS, codes=unknown[:10])
        with self._audited(actor, Permission.IMPORT, "add_national_areas", info.file_name) as (con, record):
            record["before"] = {"areas": self.count("areas"), "shapes": self.count("area_geometries")}
            for level, rank, name_nb, name_en in NATIONAL_LEVELS:
                con.execute(
                    "INSERT INTO area_levels VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                    [level, rank, name_nb, name_en],
                )
            existing = {r[0] for r in con.execute("SELECT code FROM areas").fetchall()}
            new = areas[~areas["code"].isin(existing)]
            old = areas[areas["code"].isin(existing)]
            batch = self._new_batch(con, "boundaries", info, actor, len(shapes))
            con.executemany(
                "INSERT INTO areas VALUES (?, ?, ?, ?, ?, ?, ?)",
                new[AREA_COLUMNS].astype(object).where(new[AREA_COLUMNS].notna(), None).values.tolist(),
            )
            parents = [[p, c] for c, p in zip(old["code"], old["parent_code"], strict=True) if p]
            if parents:
                con.executemany("UPDATE areas SET parent_code = ? WHERE code = ? AND parent_code IS NULL", parents)
            stored = con.execute("SELECT code, name, level, parent_code FROM areas").df()
            stored["parent_code"] = stored["parent_code"].astype(object).where(stored["parent_code"].notna(), None)
            problems = hierarchy_problems(stored)
            if problems:
                raise WriteError(Refusal.AREA_HIERARCHY_BROKEN, problems=problems[:5])
            kept = {r[0] for r in con.execute("SELECT area_code FROM area_geometries WHERE NOT approximate").fetchall()}
            todo = shapes[~shapes["code"].isin(kept)].to_crs(STORAGE_CRS)
            codes = todo["code"].tolist()
            con.execute(
                """INSERT INTO area_geometries_replaced
                   SELECT area_code, geometry, crs, source_crs, approximate, batch_id, ? FROM area_geometries
                   WHERE area_code IN (SELECT unnest(?))""",
                [batch, codes],
            )
            con.execute("DELETE FROM area_geometries WHERE area_code IN (SELECT unnest(?))", [codes])
            con.executemany(
                "INSERT INTO area_geometries VALUES (?, ?, ?, ?, ?, ?)",
                [
                    [code, shapely.to_wkb(as_multipolygon(geom)), STORAGE_CRS, "EPSG:4326", False, batch]
                    for code, geom in zip(todo["code"], todo.geometry, strict=True)
                ],
            )
            con.execute("UPDATE import_batches SET rows_accepted = ? WHERE batch_id = ?", [len(todo), batch])
            self._publish(con)
            record["after"] = {
                "batch_id": batch,
                "areas_added": len(new),
                "parents_set": len(parents),
                "shapes": len(todo),
                "real_shapes_kept": len(shapes) - len(todo),
            }
        return batch
