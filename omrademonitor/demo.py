"""Deterministic demonstration data: made-up observations for every indicator and area.

The values are NOT statistics. They are generated from ``demo_profiles.csv`` with a fixed seed so
the app can be shown and tested before real data is imported. The model, per zone z and year t:

- each zone has a hardship score; the programme zones get a high one, so they start worse than
  the city on indicators with a direction;
- level(z, t) = city_level · (1 + trend)^(t − 2015) · exp(spread · hardship(z) · sign),
  where sign points towards "worse";
- in the programme zones, ``effect`` (in the indicator's unit) is added, phased in over the three
  years after the programme start year — so some indicators improve after 2022 and some do not;
- rates are drawn as binomial counts over a denominator, counts as Poisson, means with noise;
  survey rates carry a 95 % interval (normal approximation to the binomial);
- districts and the city are aggregated from the zones as the registry's ``aggregation`` says
  (an indicator declared ``none`` is summed when it is a count and population-weighted otherwise);
- some years are missing (a source skipping a year, biennial surveys, zone-level gaps), and SSB
  figures on fewer than 5 cases arrive hidden (":"), as SSB delivers them.
"""

from __future__ import annotations

import zlib
from pathlib import Path

import numpy as np
import pandas as pd

from omrademonitor.ingest import OBSERVATION_COLUMNS, BatchInfo, frame_digest
from omrademonitor.programme import Programme
from omrademonitor.registry import Aggregation, Direction, Frequency, Indicator, Registry, SourceKind, Unit

SEED = 20221213
FIRST_YEAR, LAST_YEAR = 2015, 2025
PROFILES_FILE = Path(__file__).with_name("demo_profiles.csv")
PROFILE_COLUMNS = ["indicator_id", "city_level", "spread", "trend", "effect", "denominator_share"]
DEMO_SOURCE = "Demonstrasjonsdata (generert av omrademonitor.demo, seed {seed})"


def read_profiles(path: Path = PROFILES_FILE) -> pd.DataFrame:
    """The demo parameters per indicator (lines starting with # are comments)."""
    profiles = pd.read_csv(path, comment="#", skipinitialspace=True)
    missing = [c for c in PROFILE_COLUMNS if c not in profiles.columns]
    if missing:
        raise ValueError(f"{path}: missing columns {', '.join(missing)}")
    return profiles.set_index("indicator_id")


def generate(
    areas: pd.DataFrame,
    registry: Registry,
    programme: Programme,
    seed: int = SEED,
    profiles: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Observations for every indicator, area and year, in the store's column layout."""
    profiles = read_profiles() if profiles is None else profiles
    absent = [ind.id for ind in registry if ind.id not in profiles.index]
    if absent:
        raise ValueError(f"no demo profile for indicators: {', '.join(absent)}")
    zones = areas[areas["level"] == "levekarssone"].reset_index(drop=True)
    world = _zone_world(zones, programme, seed)
    frames = [_indicator_frame(ind, profiles.loc[ind.id], zones, areas, world, programme, seed) for ind in registry]
    result = pd.concat(frames, ignore_index=True).reindex(columns=OBSERVATION_COLUMNS)
    return result.sort_values(["indicator_id", "area_code", "period"], ignore_index=True)


def batch_info(frame: pd.DataFrame, seed: int = SEED) -> BatchInfo:
    """Provenance for a demo batch: clearly marked as demonstration data."""
    return BatchInfo(
        source=DEMO_SOURCE.format(seed=seed),
        content_hash=frame_digest(frame),
        is_demo=True,
        note="Demonstration values, not statistics.",
    )


def _zone_world(zones: pd.DataFrame, programme: Programme, seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    hardship = rng.normal(0.0, 0.7, len(zones))
    comparison = zones["code"].isin(programme.comparison_areas).to_numpy()
    hardship[comparison] = np.abs(hardship[comparison]) + 0.6
    treated = zones["code"].isin(programme.programme_area_codes).to_numpy()
    hardship[treated] = 1.6
    density = np.exp(rng.normal(np.log(3500), 0.6, len(zones)))
    population = np.clip(zones["area_km2"].to_numpy() * density, 150, 15000).round()
    population[treated] = 7500  # dense inner-city zones; a demonstration value
    return pd.DataFrame({"code": zones["code"], "hardship": hardship, "treated": treated, "population": population})


def effect_phase(year: int, programme: Programme) -> float:
    """How much of an indicator's built-in effect the programme zones carry in ``year`` (0 to 1)."""
    return min(1.0, max(0.0, (year - programme.start_year) / 3))


def built_in_effect(indicator_id: str, years, programme: Programme, profiles: pd.DataFrame | None = None) -> float:
    """The mean built-in effect over ``years`` (what a difference-in-differences over them should find)."""
    profiles = read_profiles() if profiles is None else profiles
    return float(profiles.loc[indicator_id, "effect"] * np.mean([effect_phase(y, programme) for y in years]))


def _indicator_seed(indicator_id: str, seed: int) -> int:
    return seed + zlib.crc32(indicator_id.encode())


def _years(ind: Indicator, rng: np.random.Generator) -> list[int]:
    years = [y for y in range(max(FIRST_YEAR, ind.first_period), LAST_YEAR + 1)]
    if ind.frequency == Frequency.BIENNIAL:
        years = [y for y in years if (y - ind.first_period) % 2 == 0]
    if ind.frequency == Frequency.ANNUAL and len(years) > 6 and rng.random() < 0.25:
        years.pop(2)  # the source skipped its third year
    return years


def _indicator_frame(
    ind: Indicator,
    profile: pd.Series,
    zones: pd.DataFrame,
    areas: pd.DataFrame,
    world: pd.DataFrame,
    programme: Programme,
    seed: int,
) -> pd.DataFrame:
    rng = np.random.default_rng(_indicator_seed(ind.id, seed))
    sign = -1.0 if ind.direction == Direction.HIGHER else 1.0
    rows = []
    for year in _years(ind, rng):
        growth = (1 + profile["trend"]) ** (year - FIRST_YEAR)
        population = world["population"].to_numpy() * 1.008 ** (year - FIRST_YEAR)
        city = profile["city_level"] * growth
        base = city * np.exp(profile["spread"] * world["hardship"].to_numpy() * sign)
        shift = world["treated"].to_numpy() * profile["effect"] * effect_phase(year, programme)
        drawn = _draw(ind, profile, city, base, shift, population, rng)
        rows.append(drawn.assign(area_code=zones["code"].to_numpy(), period=year))
    zone_frame = pd.concat(rows, ignore_index=True)
    zone_frame = zone_frame[rng.random(len(zone_frame)) > 0.02]  # scattered gaps at zone level
    frame = _aggregate_up(ind, zone_frame, areas)
    frame["indicator_id"] = ind.id
    if ind.source.kind == SourceKind.SURVEY and ind.aggregation == Aggregation.RATIO:
        p = frame["value"] / ind.scale
        half_width = 1.96 * np.sqrt(p * (1 - p) / frame["denominator"]) * ind.scale
        frame["ci_lower"] = (frame["value"] - half_width).clip(lower=0)
        frame["ci_upper"] = (frame["value"] + half_width).clip(upper=ind.scale)
    frame["status"] = "final"
    frame.loc[frame["period"] == LAST_YEAR, "status"] = "provisional"
    frame.loc[frame["value"].isna(), "status"] = "missing"  # e.g. a rate over an empty denominator
    if ind.source.kind == SourceKind.SSB and ind.has_counts:
        hidden = (frame["numerator"] > 0) & (frame["numerator"] < 5)
        frame.loc[hidden, ["value", "numerator", "denominator", "ci_lower", "ci_upper"]] = np.nan
        frame.loc[hidden, "status"] = "suppressed"
    return frame


def _demo_aggregation(ind: Indicator) -> Aggregation:
    if ind.aggregation != Aggregation.NONE:
        return ind.aggregation
    return Aggregation.SUM if ind.unit == Unit.COUNT else Aggregation.WEIGHTED_MEAN


def _draw(
    ind: Indicator,
    profile: pd.Series,
    city: float,
    base: np.ndarray,
    shift: np.ndarray,
    population: np.ndarray,
    rng: np.random.Generator,
) -> pd.DataFrame:
    """Counts and values for one year of zones: ``base`` is each zone's level, ``shift`` the effect.

    ``weight`` (respondents or population) is used for weighted means and dropped before storing.
    """
    level = base + shift
    aggregation = _demo_aggregation(ind)
    if aggregation == Aggregation.RATIO:
        denominator = rng.poisson(np.maximum(population * profile["denominator_share"], 1.0))
        p = np.clip(level / ind.scale * np.exp(rng.normal(0, 0.03, len(level))), 0.0005, 0.9995)
        numerator = rng.binomial(denominator, p)
        with np.errstate(divide="ignore", invalid="ignore"):
            value = np.where(denominator > 0, numerator / denominator * ind.scale, np.nan)
        return pd.DataFrame(
            {
                "numerator": numerator.astype(float),
                "denominator": denominator.astype(float),
                "value": value,
                "weight": np.nan,
            }
        )
    if aggregation == Aggregation.SUM:
        weights = base * population
        counts = rng.poisson(np.maximum(city * weights / weights.sum() + shift, 0.0))
        numerator = counts.astype(float) if ind.has_counts else np.full(len(counts), np.nan)
        return pd.DataFrame(
            {"numerator": numerator, "denominator": np.nan, "value": counts.astype(float), "weight": np.nan}
        )
    weight = rng.poisson(np.maximum(population * profile["denominator_share"], 1.0)).astype(float)
    value = level * np.exp(rng.normal(0, 0.02, len(level)))
    if ind.unit == Unit.PERCENT:
        value = np.clip(value, 0, 100)
    denominator = weight if ind.denominator is not None else np.full(len(weight), np.nan)
    return pd.DataFrame({"numerator": np.nan, "denominator": denominator, "value": value, "weight": weight})


def _aggregate_up(ind: Indicator, zone_frame: pd.DataFrame, areas: pd.DataFrame) -> pd.DataFrame:
    """Zone rows plus district and city rows, keeping only levels at or above the indicator's level."""
    parent = dict(zip(areas["code"], areas["parent_code"], strict=True))
    level_of = dict(zip(areas["code"], areas["level"], strict=True))
    frames = [zone_frame]
    current = zone_frame
    while True:
        current = current.assign(area_code=current["area_code"].map(parent))
        current = current[current["area_code"].notna()]
        if current.empty:
            break
        current = _combine(ind, current)
        frames.append(current)
    result = pd.concat(frames, ignore_index=True)
    order = ["grunnkrets", "levekarssone", "bydel", "kommune"]
    keep = result["area_code"].map(level_of).map(order.index) >= order.index(ind.level)
    return result[keep].reset_index(drop=True)


def _combine(ind: Indicator, frame: pd.DataFrame) -> pd.DataFrame:
    """Combine child rows into their parent area per period."""
    groups = frame.groupby(["area_code", "period"], as_index=False)
    aggregation = _demo_aggregation(ind)
    if aggregation == Aggregation.RATIO:
        out = groups[["numerator", "denominator"]].sum()
        out["value"] = out["numerator"] / out["denominator"] * ind.scale
        out["weight"] = np.nan
    elif aggregation == Aggregation.SUM:
        out = groups[["value"]].sum()
        out["numerator"] = out["value"] if ind.has_counts else np.nan
        out["denominator"] = np.nan
        out["weight"] = np.nan
    else:
        weighted = frame.assign(weighted=frame["value"] * frame["weight"])
        out = weighted.groupby(["area_code", "period"], as_index=False)[["weighted", "weight"]].sum()
        out["value"] = out["weighted"] / out["weight"]
        out["numerator"] = np.nan
        out["denominator"] = out["weight"] if ind.denominator is not None else np.nan
        out = out.drop(columns="weighted")
    return out
