"""The figures pages, downloads and reports show, read from the store's published layer.

Every figure a page, download or report shows comes through ``panel`` here, which reads only the
published layer: disclosure control ran when the data changed (``disclosure``, ``publishing``).
``store`` is anything with ``query(name, **params)``: a ``Store``, a ``Database`` or an ``AsOfStore``.
The functions return numbers, codes and shapes; ``presentation`` turns them into tables and texts.
"""

from __future__ import annotations

import json

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from omrademonitor.analysis import (
    EMPTY_POINTS,
    HEADLINE_COLUMNS,
    Assessment,
    Points,
    against_city_value,
    assess,
    headline_rows_of,
    split_points,
)
from omrademonitor.disclosure import Policy
from omrademonitor.geography import LEVELS, MAP_CRS, STORAGE_CRS
from omrademonitor.indicator_registry import Indicator, Registry
from omrademonitor.periods import code as period_code
from omrademonitor.periods import year_scale
from omrademonitor.programme import Programme
from omrademonitor.progress import progress_of
from omrademonitor.schema import NUMBER_COLUMNS
from omrademonitor.store import Store
from omrademonitor.vocabulary import is_missing


def holds_demo_data(store: Store) -> bool:
    """Whether any active batch is demonstration data."""
    return not store.query("demo_batches").empty


def programme_holds_demo_data(store: Store, area_codes, measures) -> bool:
    """Whether a programme shows demonstration data: figures of an active demonstration batch in its
    areas (``area_codes``: its scope), or demonstration measures in its register."""
    demo_areas = set(store.query("demo_areas")["area_code"])
    return bool(demo_areas & set(area_codes)) or any(m.is_demo for m in measures)


def data_version(store: Store) -> str:
    """A token that changes with every write: every write leaves an audit row, so the newest row's id."""
    return str(store.scalar("write_count"))


def published_policy(store: Store) -> Policy:
    """The disclosure policy the published layer was made with."""
    text = store.scalar("published_policy")
    return Policy(**json.loads(text)) if text else Policy()


def parents(store: Store) -> dict[str, str | None]:
    """Each area code's parent code."""
    areas = store.query("area_parents")
    return {
        code: (parent if isinstance(parent, str) else None)
        for code, parent in zip(areas["code"], areas["parent_code"], strict=True)
    }


def panel(store: Store, indicator: Indicator) -> pd.DataFrame:
    """All published figures of one indicator at every level (hidden ones without numbers).

    The whole panel: for a report's counts only; views read just their rows (below)."""
    return store.query("observations_panel", indicator_id=indicator.id)


def observations(store: Store, indicator: Indicator, level: str) -> pd.DataFrame:
    """Published figures of one indicator at one level, by period and area."""
    return store.query("level_figures", indicator_id=indicator.id, level=level)


def area_figures(
    store: Store, indicator_ids: list[str], area_codes: list[str], part: tuple[str, str] | None = None
) -> pd.DataFrame:
    """Published figures of the given indicators for the given areas (every level), by indicator,
    period and area: what an area's profile, the headline table and the focus areas read. With
    ``part`` (breakdown, category), the figures for that part of the population instead of the total."""
    ids, codes = list(indicator_ids), list(area_codes)
    return _ask(store.query, "area_figures", "part_area_figures", part, indicator_ids=ids, area_codes=codes)


def _ask(ask, total: str, by_part: str, part: tuple[str, str] | None, **params):
    """``ask`` (``store.query`` or ``store.scalar``) the named query of the whole population's figures, or
    with ``part`` (breakdown, category) its twin ``by_part`` for that part of the population."""
    if part is None:
        return ask(total, **params)
    breakdown, category = part
    return ask(by_part, breakdown=breakdown, category=category, **params)


def headline_table(store: Store, registry: Registry, programme: Programme) -> pd.DataFrame:
    """Headline indicators of every focus area for the programme areas and the city."""
    areas = programme.programme_area_codes
    city = programme.municipality_code
    headline = [ind for ind in programme.indicators(registry) if ind.headline]
    figures = area_figures(store, [ind.id for ind in headline], [*areas, city])
    by_indicator: dict[str, dict[str, Points]] = {}
    for (ind_id, code), points in split_points(figures).items():  # every series as arrays, in one sort
        by_indicator.setdefault(ind_id, {})[code] = points
    frames = []
    for ind in headline:
        mine = by_indicator.get(ind.id, {})
        rows = headline_rows_of(mine, ind, areas, city).assign(focus_area=programme.focus_of(ind.id, registry))
        rows["progress"] = [
            _progress(mine.get(code, EMPTY_POINTS), ind, programme.target_for(ind.id, code)).status
            for code in rows["area_code"]
        ]
        frames.append(rows)
    if not frames:  # a programme that follows no headline indicator yet
        return pd.DataFrame(columns=[*HEADLINE_COLUMNS, "focus_area", "progress"])
    return pd.concat(frames, ignore_index=True)


def _progress(points: Points, ind: Indicator, target):
    """Progress against the programme's target where it set one, else the indicator's adopted one."""
    if target is None:
        return progress_of(points, ind)
    return progress_of(points, ind, target_value=target.value, target_year=target.year)


def shapes(store: Store, level: str) -> gpd.GeoDataFrame:
    """Shapes of every area at ``level`` in WGS84, with whether they are approximate."""
    frame = store.query("geometries", level=level)
    geoms = shapely.from_wkb(frame["geometry"].map(bytes).to_numpy()) if len(frame) else []
    crs = frame["crs"].iloc[0] if len(frame) else STORAGE_CRS
    gdf = gpd.GeoDataFrame(frame.drop(columns=["geometry", "crs"]), geometry=list(geoms), crs=crs)
    return gdf.to_crs(MAP_CRS)


def boundary_source(store: Store) -> dict:
    """Whether the stored shapes are approximate, and where they came from."""
    row = store.query("geometry_source").iloc[0]
    return {"approximate": bool(row["approximate"]), "source": row["source"], "imported_at": row["imported_at"]}


def map_frame(
    store: Store,
    indicator: Indicator,
    level: str,
    period: int,
    within: frozenset[str] | None = None,
    part: tuple[str, str] | None = None,
) -> gpd.GeoDataFrame:
    """One row per area at ``level`` (only those ``within`` a programme's scope when given): shape,
    name, value, counts and status for ``period``.

    Areas with no observation get status ``missing``; hidden figures keep status ``suppressed``.
    """
    return _shaped_values(_level_shapes(store, level, within), map_values(store, indicator, level, period, part))


def _level_shapes(store: Store, level: str, within: frozenset[str] | None) -> gpd.GeoDataFrame:
    shaped = shapes(store, level).rename(columns={"batch_id": "shape_batch_id"})
    if within is not None:
        shaped = shaped[shaped["code"].isin(within)].reset_index(drop=True)
    return shaped


def _shaped_values(shaped: gpd.GeoDataFrame, obs: pd.DataFrame) -> gpd.GeoDataFrame:
    merged = shaped.merge(obs, left_on="code", right_on="area_code", how="left")
    merged["status"] = merged["status"].fillna("missing")
    return merged.drop(columns=["area_code"])


def change_values(
    store: Store, indicator: Indicator, level: str, first: int, last: int
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The published figures of ``first`` and of ``last`` at ``level`` (as ``map_values`` gives each),
    read in one query."""
    both = store.query("change_figures", indicator_id=indicator.id, level=level, first=first, last=last)
    return tuple(both[both["period"] == p].reset_index(drop=True) for p in (first, last))


def map_values(
    store: Store, indicator: Indicator, level: str, period: int, part: tuple[str, str] | None = None
) -> pd.DataFrame:
    """The published figures a map of ``period`` draws: one row per area at ``level`` that has one
    (for one breakdown category with ``part``)."""
    params = {"indicator_id": indicator.id, "level": level, "period": period}
    return _ask(store.query, "period_figures", "part_period_figures", part, **params)


def reference_value(
    store: Store, indicator: Indicator, area_code: str, level: str, period: int, part: tuple[str, str] | None = None
) -> float | None:
    """The shown value of one area (e.g. the city) in ``period`` (for one breakdown category with ``part``)."""
    params = {"indicator_id": indicator.id, "area_code": area_code, "level": level, "period": period}
    value = _ask(store.scalar, "shown_value", "part_shown_value", part, **params)
    return None if value is None else float(value)


def periods(store: Store, indicator: Indicator, level: str) -> list[int]:
    """Periods with observations of the indicator at the level, oldest first."""
    return [int(p) for p in store.query("periods", indicator_id=indicator.id, level=level)["period"]]


def map_levels(levels_present: list[str], indicator: Indicator) -> list[str]:
    """Levels an indicator can be mapped at: those present, from its own level up, below the city."""
    below_city = LEVELS[: LEVELS.index("kommune")]  # the national levels (fylke, land) are no city map
    mappable = [level for level in levels_present if level in below_city]
    if indicator.level not in mappable:
        return mappable
    return mappable[mappable.index(indicator.level) :]


def levels_present(store: Store) -> list[str]:
    """Area levels that have areas, smallest first."""
    levels = store.query("area_levels")
    return levels.loc[levels["areas"] > 0, "level"].tolist()


def map_download(frame: pd.DataFrame, indicator: Indicator, period: int) -> pd.DataFrame:
    """The figures behind a map as raw numbers, for download: exactly what the map shows."""
    ordered = frame.sort_values("code")
    return pd.DataFrame(
        {
            "indicator_id": indicator.id,
            "area_code": ordered["code"].to_numpy(),
            "area_name": ordered["name"].to_numpy(),
            "period": period,
            "period_code": period_code(period, indicator.period_type, indicator.period_span),
            "value": ordered["value"].to_numpy(),
            "numerator": ordered["numerator"].to_numpy(),
            "denominator": ordered["denominator"].to_numpy(),
            "ci_lower": ordered["ci_lower"].to_numpy(),
            "ci_upper": ordered["ci_upper"].to_numpy(),
            "status": ordered["status"].to_numpy(),
            "unit": indicator.unit.value,
            "source": indicator.source.name.nb,
            "import_batch": ordered["batch_id"].to_numpy(),
        }
    )


def filter_audit(log: pd.DataFrame, actors: list[str], actions: list[str]) -> pd.DataFrame:
    """Audit rows by any of ``actors`` and any of ``actions`` (an empty list means all)."""
    keep = pd.Series(True, index=log.index)
    if actors:
        keep &= log["actor"].isin(actors)
    if actions:
        keep &= log["action"].isin(actions)
    return log[keep]


def provenance(batches: pd.DataFrame, batch_ids) -> pd.DataFrame:
    """The import batches behind the given figures."""
    wanted = {int(b) for b in batch_ids if not is_missing(b)}
    return batches[batches["batch_id"].isin(wanted)]


# --- indicator explorer, area profile, focus areas ------------------------------------------------


def demo_flags(batches: pd.DataFrame, batch_ids) -> pd.Series:
    """Per figure, whether its import batch is demonstration data (False for a figure without a batch)."""
    demo = dict(zip(batches["batch_id"].astype(int), batches["is_demo"].astype(bool), strict=True))
    ids = pd.Series(batch_ids)
    return pd.Series([not is_missing(b) and bool(demo.get(int(b), False)) for b in ids], index=ids.index, dtype=bool)


def demo_state(flags) -> str | None:
    """What a set of figures is: "demo" (all demonstration data), "real", "mixed", or None without figures."""
    flags = [bool(f) for f in flags]
    if not flags:
        return None
    return "demo" if all(flags) else "real" if not any(flags) else "mixed"


def series(
    store: Store, indicator: Indicator, area_codes: list[str], part: tuple[str, str] | None = None
) -> pd.DataFrame:
    """The indicator's published figures for the given areas, every period, in the given area order
    (for one breakdown category with ``part``); ``is_demo`` says per figure whether its batch is
    demonstration data."""
    frame = area_figures(store, [indicator.id], area_codes, part)
    frame["order"] = frame["area_code"].map({code: i for i, code in enumerate(area_codes)})
    frame = frame.sort_values(["order", "period"]).drop(columns="order").reset_index(drop=True)
    frame["is_demo"] = demo_flags(store.query("batches"), frame["batch_id"]).to_numpy()
    return frame


def series_download(frame: pd.DataFrame, indicator: Indicator) -> pd.DataFrame:
    """The figures behind a time series as raw numbers, for download."""
    columns = ["area_code", "area_name", "period", *NUMBER_COLUMNS, "status", "batch_id"]
    columns += ["is_demo"] if "is_demo" in frame.columns else []
    kind, span = indicator.period_type, indicator.period_span
    out = frame[columns].assign(indicator_id=indicator.id, unit=indicator.unit.value)
    out.insert(3, "period_code", [period_code(int(p), kind, span) for p in frame["period"]])
    return out


def last_update(store: Store, frame: pd.DataFrame):
    """When the newest batch behind these figures was imported (None without figures)."""
    behind = provenance(store.query("batches"), frame["batch_id"]) if len(frame) else pd.DataFrame()
    return None if behind.empty else behind["imported_at"].max()


def area_profile(store: Store, registry: Registry, programme: Programme, area_code: str) -> pd.DataFrame:
    """Every indicator the programme follows for one area against the municipality, grouped by focus
    area, as FHI's public-health profiles do: latest value, the municipality's value that year,
    better/similar/worse, and the trend.

    DuckDB finds per indicator the area's latest shown figure, the municipality's figure that period and
    the area's latest shown figure at least three years earlier (``area_latest``: for a quarter, the same
    quarter three years before or earlier; ``periods.year_scale``); the judgements are
    ``against_city_value``'s and ``assess``'s."""
    followed = programme.indicators(registry)
    found = store.query(
        "area_latest",
        indicator_ids=[ind.id for ind in followed],
        year_scales=[year_scale(ind.period_type) for ind in followed],
        area_code=area_code,
        city_code=programme.municipality_code,
    )
    latest = {row["indicator_id"]: row for row in found.to_dict("records")}
    rows = []
    for ind in followed:
        row = latest.get(ind.id)
        if row is None or is_missing(row["latest_period"]):
            rows.append(
                {
                    "indicator_id": ind.id,
                    "focus_area": programme.focus_of(ind.id, registry),
                    "latest_period": None,
                    "value": None,
                    "city_value": None,
                    "vs_city": against_city_value(None, None, ind),
                    "trend": Assessment.NOT_ASSESSED,
                    "status": "suppressed" if row is not None and row["any_suppressed"] else "missing",
                }
            )
            continue
        value = float(row["value"])
        city_value = None if is_missing(row["city_value"]) else float(row["city_value"])
        trend = (
            Assessment.NOT_ASSESSED
            if is_missing(row["earlier_value"])
            else assess(value, float(row["earlier_value"]), ind.direction)
        )
        shown = {"value": value, "ci_lower": row["ci_lower"], "ci_upper": row["ci_upper"]}
        rows.append(
            {
                "indicator_id": ind.id,
                "focus_area": programme.focus_of(ind.id, registry),
                "latest_period": int(row["latest_period"]),
                "value": value,
                "city_value": city_value,
                "vs_city": against_city_value(shown, city_value, ind),
                "trend": trend,
                "status": row["status"],
            }
        )
    columns = ["indicator_id", "focus_area", "latest_period", "value", "city_value", "vs_city", "trend", "status"]
    return pd.DataFrame(rows, columns=columns)  # the columns also when the programme follows no indicator


def change_frame(
    store: Store, indicator: Indicator, level: str, first: int, last: int, within: frozenset[str] | None = None
) -> gpd.GeoDataFrame:
    """A map frame whose value is the change from ``first`` to ``last`` (hidden if either is hidden)."""
    shaped = _level_shapes(store, level, within)
    first_values, last_values = change_values(store, indicator, level, first, last)
    start = _shaped_values(shaped, first_values).set_index("code")
    end = _shaped_values(shaped, last_values).set_index("code")
    out = end.copy()
    out["value"] = end["value"] - start["value"].reindex(end.index)
    either_hidden = end["status"].eq("suppressed") | start["status"].reindex(end.index).eq("suppressed")
    out.loc[either_hidden, "status"] = "suppressed"
    out.loc[out["value"].isna() & ~either_hidden, "status"] = "missing"
    out[["numerator", "denominator"]] = np.nan
    return out.reset_index()
