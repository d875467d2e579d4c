"""Data for each view, read from the store and passed through disclosure control.

Every figure a page, download or report shows comes through ``panel`` here, so every figure has
passed ``disclose_panel`` (primary and complementary suppression over the whole hierarchy).
``store`` is anything with ``query(name, **params)``: a ``Store`` or a ``Database``.
"""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import shapely

from omrademonitor.analysis import headline_rows
from omrademonitor.disclosure import DEFAULT_POLICY, Policy, disclose_panel
from omrademonitor.geography import MAP_CRS, STORAGE_CRS
from omrademonitor.i18n import format_number, format_value, status_text, t
from omrademonitor.programme import Programme
from omrademonitor.registry import Indicator, Registry
from omrademonitor.store import Store


def holds_demo_data(store: Store) -> bool:
    """Whether any active batch is demonstration data."""
    return not store.query("demo_batches").empty


def data_version(store: Store) -> str:
    """A token that changes whenever an import, rollback or boundary load changes the data."""
    batches = store.query("batches")
    return f"{len(batches)}-{batches['rolled_back_at'].notna().sum()}"


def parents(store: Store) -> dict[str, str | None]:
    """Each area code's parent code."""
    areas = store.query("area_parents")
    return {
        code: (parent if isinstance(parent, str) else None)
        for code, parent in zip(areas["code"], areas["parent_code"], strict=True)
    }


def panel(
    store: Store, indicator: Indicator, policy: Policy = DEFAULT_POLICY, parent_of: dict[str, str | None] | None = None
) -> pd.DataFrame:
    """All current observations of one indicator at every level, disclosure-controlled.

    ``parent_of`` (from ``parents``) may be passed in when several indicators are read at once.
    """
    frame = store.query("observations_panel", indicator_id=indicator.id)
    return disclose_panel(frame, indicator, parents(store) if parent_of is None else parent_of, policy)


def observations(store: Store, indicator: Indicator, level: str, policy: Policy = DEFAULT_POLICY) -> pd.DataFrame:
    """Current observations of one indicator at one level, disclosure-controlled."""
    frame = panel(store, indicator, policy)
    return frame[frame["level"] == level].drop(columns="level").reset_index(drop=True)


def headline_table(
    store: Store, registry: Registry, programme: Programme, policy: Policy = DEFAULT_POLICY
) -> pd.DataFrame:
    """Headline indicators of every focus area for the programme areas and the city."""
    areas = programme.programme_area_codes
    city = programme.municipality_code
    frames = []
    parent_of = parents(store)
    for ind in registry:
        if ind.headline:
            obs = panel(store, ind, policy, parent_of)
            obs = obs[obs["area_code"].isin([*areas, city])]
            frames.append(headline_rows(obs, ind, areas, city).assign(focus_area=ind.focus_area))
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


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
    store: Store, indicator: Indicator, level: str, period: int, policy: Policy = DEFAULT_POLICY
) -> gpd.GeoDataFrame:
    """One row per area at ``level``: shape, name, value, counts and status for ``period``.

    Areas with no observation get status ``missing``; hidden figures keep status ``suppressed``.
    """
    shaped = shapes(store, level).rename(columns={"batch_id": "shape_batch_id"})
    obs = observations(store, indicator, level, policy)
    obs = obs[obs["period"] == period].drop(columns=["area_name"])
    merged = shaped.merge(obs, left_on="code", right_on="area_code", how="left")
    merged["status"] = merged["status"].fillna("missing")
    return merged.drop(columns=["area_code"])


def reference_value(
    store: Store, indicator: Indicator, area_code: str, level: str, period: int, policy: Policy = DEFAULT_POLICY
) -> float | None:
    """The shown value of one area (e.g. the city) in ``period``."""
    obs = observations(store, indicator, level, policy)
    row = obs[(obs["area_code"] == area_code) & (obs["period"] == period) & obs["value"].notna()]
    return None if row.empty else float(row["value"].iloc[0])


def periods(store: Store, indicator: Indicator, level: str) -> list[int]:
    """Periods with observations of the indicator at the level, oldest first."""
    return [int(p) for p in store.query("periods", indicator_id=indicator.id, level=level)["period"]]


def map_levels(levels_present: list[str], indicator: Indicator) -> list[str]:
    """Levels an indicator can be mapped at: those present, from its own level up, below the city."""
    mappable = [level for level in levels_present if level != "kommune"]
    if indicator.level not in mappable:
        return mappable
    return mappable[mappable.index(indicator.level) :]


def levels_present(store: Store) -> list[str]:
    """Area levels that have areas, smallest first."""
    levels = store.query("area_levels")
    return levels.loc[levels["areas"] > 0, "level"].tolist()


def map_table(frame: pd.DataFrame, indicator: Indicator, lang: str) -> pd.DataFrame:
    """The table alternative to a map: exactly the figures drawn, formatted, hidden ones marked."""
    ordered = frame.sort_values("name")
    reasons = ordered["suppression_reason"] if "suppression_reason" in ordered else [None] * len(ordered)
    return pd.DataFrame(
        {
            t("area", lang): ordered["name"].to_numpy(),
            t("value", lang): [
                format_value(v, indicator.unit.value, indicator.decimals, lang) for v in ordered["value"]
            ],
            t("numerator", lang): [format_number(v, 0, lang) for v in ordered["numerator"]],
            t("denominator", lang): [format_number(v, 0, lang) for v in ordered["denominator"]],
            t("status", lang): [status_text(s, r, lang) for s, r in zip(ordered["status"], reasons, strict=True)],
        }
    )


def map_download(frame: pd.DataFrame, indicator: Indicator, period: int) -> pd.DataFrame:
    """The figures behind a map as raw numbers, for download: exactly what the map shows."""
    ordered = frame.sort_values("code")
    return pd.DataFrame(
        {
            "indicator_id": indicator.id,
            "area_code": ordered["code"].to_numpy(),
            "area_name": ordered["name"].to_numpy(),
            "period": period,
            "value": ordered["value"].to_numpy(),
            "numerator": ordered["numerator"].to_numpy(),
            "denominator": ordered["denominator"].to_numpy(),
            "ci_lower": ordered["ci_lower"].to_numpy(),
            "ci_upper": ordered["ci_upper"].to_numpy(),
            "status": ordered["status"].to_numpy(),
            "suppression_reason": ordered["suppression_reason"].to_numpy(),
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


USER_COLUMNS = {
    "username": "username",
    "display_name": "display_name",
    "role": "role",
    "auth": "login_method",
    "active": "active",
    "created_at": "created",
}
AUDIT_COLUMNS = {
    "audit_id": "audit_id",
    "occurred_at": "when",
    "actor": "filter_actor",
    "actor_role": "role",
    "action": "filter_action",
    "target": "target",
    "before_json": "before",
    "after_json": "after",
}


def users_table(users: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The users list with headings and roles in the user's language."""
    shown = users.assign(
        role=users["role"].map(lambda r: t(f"role_{r}", lang)), auth=users["auth"].map(lambda a: t(f"login_{a}", lang))
    )
    return shown[list(USER_COLUMNS)].rename(columns={k: t(v, lang) for k, v in USER_COLUMNS.items()})


def audit_table(log: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The audit rows with headings in the user's language (values stay as recorded)."""
    return log[list(AUDIT_COLUMNS)].rename(columns={k: t(v, lang) for k, v in AUDIT_COLUMNS.items()})


BATCH_COLUMNS = {
    "batch_id": "batch",
    "kind": "batch_kind",
    "source": "source",
    "file_name": "file",
    "imported_at": "when",
    "imported_by": "filter_actor",
    "rows_accepted": "rows_accepted",
    "rows_rejected": "rows_rejected",
    "is_demo": "demo",
    "rolled_back_at": "rolled_back",
}


def batches_table(batches: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Import batches, newest first, with headings in the user's language: where each figure came from."""
    ordered = batches.sort_values("batch_id", ascending=False)
    return ordered[list(BATCH_COLUMNS)].rename(columns={k: t(v, lang) for k, v in BATCH_COLUMNS.items()})


def provenance(batches: pd.DataFrame, batch_ids) -> pd.DataFrame:
    """The import batches behind the given figures."""
    wanted = {int(b) for b in batch_ids if b == b}
    return batches[batches["batch_id"].isin(wanted)]
