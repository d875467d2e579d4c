"""Deterministic demonstration data: made-up observations for every indicator and area.

The values are NOT statistics. They are generated from ``demo_profiles.csv`` with a fixed seed so
the app can be shown and tested before real data is imported. The model, per zone z and year t:

- residents are real: SSB table 10826's persons on 1 January per city district, year and age band
  (``demo_population.csv``, derived from the shared data by ``scripts/derive_demo_population.py``)
  are shared out over each district's zones (fixed weights, largest-remainder rounding), so zones
  add up to the published district figures exactly. Every indicator whose denominator is a resident
  population (``resident_band`` in the profiles) uses these counts, so all of them agree with the
  population indicator and with SSB; before 2020 Heimdal is SSB's Heimdal without Klæbu;
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
- some years are missing (a source skipping a year, biennial surveys, zone-level gaps in indicators
  not built on resident counts), and SSB figures on fewer than 5 cases arrive hidden (":"), as SSB
  delivers them.
"""

from __future__ import annotations

import zlib
from pathlib import Path

import numpy as np
import pandas as pd

from omrademonitor import PROJECT_ROOT
from omrademonitor.indicator_registry import Aggregation, Direction, Frequency, Indicator, Registry, SourceKind, Unit
from omrademonitor.programme import Programme
from omrademonitor.schema import NUMBER_COLUMNS, OBSERVATION_COLUMNS
from omrademonitor.vocabulary import MUNICIPAL_LEVELS
from omrademonitor.writer import BatchInfo, frame_digest

SEED = 20221213
FIRST_YEAR, LAST_YEAR = 2015, 2025

POPULATION_FILE = Path(__file__).with_name("demo_population.csv")
PROFILE_COLUMNS = ["indicator_id", "city_level", "spread", "trend", "effect", "denominator_share"]
# Age bands of the real population table: (first age, last age); None = no upper limit.
AGE_BANDS = {
    "all": (0, None),
    "0_17": (0, 17),
    "1_5": (1, 5),
    "15_74": (15, 74),
    "16_plus": (16, None),
    "18_66": (18, 66),
    "18_plus": (18, None),
    "20_29": (20, 29),
    "20_66": (20, 66),
}
SSB_POPULATION_FILE = "trondheim-bydel-population-ssb10826/trondheim_population_by_bydel_age_sex_2005_2026.csv"


def population_from_ssb(shared_data: Path, first_year: int = 2015, last_year: int = 2026) -> pd.DataFrame:
    """Persons on 1 January per city district, year and age band, summed from SSB table 10826."""
    frame = pd.read_csv(shared_data / SSB_POPULATION_FILE, dtype={"code": str})
    frame = frame[(frame["level"] == "bydel") & (frame["sex"] == "total")]
    frame = frame[frame["year"].between(first_year, last_year)]
    rows = []
    for band, (low, high) in AGE_BANDS.items():
        chosen = frame[(frame["age"] >= low) & (frame["age"] <= (high if high is not None else 200))]
        sums = chosen.groupby(["code", "year"], as_index=False)["persons"].sum()
        rows.append(sums.assign(band=band))
    table = pd.concat(rows, ignore_index=True).rename(columns={"code": "bydel_code"})
    table = table[["bydel_code", "year", "band", "persons"]]
    return table.sort_values(["bydel_code", "year", "band"], ignore_index=True)


def read_population(path: Path = POPULATION_FILE) -> pd.DataFrame:
    """The real population table (bydel_code, year, band, persons) the demo shares out over zones."""
    return pd.read_csv(path, comment="#", dtype={"bydel_code": str})


DEMO_SOURCE = "Demonstrasjonsdata (generert av omrademonitor.demo, seed {seed})"


def profiles_file(programme_id: str) -> Path:
    """The demonstration profiles ship with the programme whose demo data they make."""
    return PROJECT_ROOT / "programmes" / programme_id / "demo_profiles.csv"


def read_profiles(path: Path) -> pd.DataFrame:
    """The demo parameters per indicator (lines starting with # are comments)."""
    profiles = pd.read_csv(path, comment="#", skipinitialspace=True, keep_default_na=False, na_values=[""])
    missing = [c for c in PROFILE_COLUMNS if c not in profiles.columns]
    if missing:
        raise ValueError(f"{path}: missing columns {', '.join(missing)}")
    for column in ("resident_band", "numerator_band"):
        if column not in profiles.columns:
            profiles[column] = np.nan
    if "band_offset" not in profiles.columns:
        profiles["band_offset"] = 0
    profiles["band_offset"] = profiles["band_offset"].fillna(0).astype(int)
    unknown = set(profiles["resident_band"].dropna()) - set(AGE_BANDS)
    if unknown:
        raise ValueError(f"{path}: unknown resident_band {', '.join(sorted(unknown))}")
    return profiles.set_index("indicator_id")


def without_profile(registry: Registry, profiles: pd.DataFrame) -> list[str]:
    """The indicators that get no demonstration figures, for want of a row in the profiles."""
    return [ind.id for ind in registry if ind.id not in profiles.index]


def generate(
    areas: pd.DataFrame,
    registry: Registry,
    programme: Programme,
    seed: int = SEED,
    profiles: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Observations for every indicator with a row in the profiles, area and year, in the store's column
    layout. An indicator without a row gets no demonstration figures (``without_profile`` names them):
    a new indicator does not need one."""
    profiles = read_profiles(profiles_file(programme.id)) if profiles is None else profiles
    registry = Registry([ind for ind in registry if ind.id in profiles.index])
    zones = areas[areas["level"] == "levekarssone"].reset_index(drop=True)
    world = _zone_world(zones, programme, seed)
    residents = zone_residents(zones, world, read_population())
    shared: dict[tuple[str, int], np.ndarray] = {}  # a shared count's zone figures per year, drawn once
    bands = _Bands(residents, zones)
    frames = [
        _indicator_frame(ind, profiles.loc[ind.id], zones, areas, world, residents, programme, seed, shared, bands)
        for ind in registry
    ]
    if not frames:
        return pd.DataFrame(columns=OBSERVATION_COLUMNS)
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
    weight = np.clip(zones["area_km2"].to_numpy() * density, 150, 15000).round()
    weight[treated] = 7500  # dense inner-city zones: their share of the district (a demonstration value)
    return pd.DataFrame(
        {
            "code": zones["code"],
            "parent": zones["parent_code"],
            "hardship": hardship,
            "treated": treated,
            "weight": weight,
        }
    )


def apportion(total: int, weights: np.ndarray) -> np.ndarray:
    """Whole numbers proportional to ``weights`` that add up to ``total`` exactly (largest remainder)."""
    weights = np.asarray(weights, dtype=float)
    if total <= 0 or weights.sum() <= 0:
        return np.zeros(len(weights), dtype=int)
    exact = total * weights / weights.sum()
    whole = np.floor(exact).astype(int)
    short = int(total - whole.sum())
    order = np.argsort(-(exact - whole), kind="stable")
    whole[order[:short]] += 1
    return whole


def zone_residents(zones: pd.DataFrame, world: pd.DataFrame, population: pd.DataFrame) -> pd.DataFrame:
    """Residents per zone, year and age band (code, year, band, persons): each district's real count
    shared out over its zones by the zones' fixed weights, adding up to the district exactly."""
    parents = world["parent"].to_numpy()
    districts = {  # each district's zones (codes and weights, in world order), looked up once
        district: (world["code"].to_numpy()[parents == district], world["weight"].to_numpy()[parents == district])
        for district in pd.unique(parents)
    }
    rows = []
    for (district, year, band), persons in population.set_index(["bydel_code", "year", "band"])["persons"].items():
        if district not in districts:
            continue
        codes, weights = districts[district]
        shares = apportion(int(persons), weights)
        rows.append(pd.DataFrame({"code": codes, "year": year, "band": band, "persons": shares}))
    return pd.concat(rows, ignore_index=True)


class _Bands:
    """Residents per age band and year for each zone in ``zones`` order, split out of ``residents`` once
    (a demo draws them some 500 times)."""

    def __init__(self, residents: pd.DataFrame, zones: pd.DataFrame) -> None:
        self.last_year = int(residents["year"].max())
        self.columns = {
            (band, int(year)): part.set_index("code")["persons"].reindex(zones["code"]).fillna(0).to_numpy(dtype=float)
            for (band, year), part in residents.groupby(["band", "year"], sort=False)
        }
        self.zones = len(zones)

    def __call__(self, band: str, year: int) -> np.ndarray:
        """Residents in ``band`` in ``year`` per zone (the last year known if later; zeros where none)."""
        found = self.columns.get((band, min(year, self.last_year)))
        return np.zeros(self.zones) if found is None else found.copy()


def effect_phase(year: int, programme: Programme) -> float:
    """How much of an indicator's built-in effect the programme zones carry in ``year`` (0 to 1)."""
    return min(1.0, max(0.0, (year - programme.start_year) / 3))


def built_in_effect(indicator_id: str, years, programme: Programme, profiles: pd.DataFrame | None = None) -> float:
    """The mean built-in effect over ``years`` (what a difference-in-differences over them should find)."""
    profiles = read_profiles(profiles_file(programme.id)) if profiles is None else profiles
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
    residents: pd.DataFrame,
    programme: Programme,
    seed: int,
    shared: dict[tuple[str, int], np.ndarray],
    bands: _Bands,
) -> pd.DataFrame:
    """One indicator's rows. A count it shares with other indicators (the registry's ``counts``) is
    drawn by the first indicator that carries it and reused by the rest, so that the same dwellings
    are the same number in every indicator, as they are in real data."""
    rng = np.random.default_rng(_indicator_seed(ind.id, seed))
    sign = -1.0 if ind.direction == Direction.HIGHER else 1.0
    band = profile.get("resident_band")
    band = None if pd.isna(band) else str(band)
    rows = []
    for year in _years(ind, rng):
        growth = (1 + profile["trend"]) ** (year - FIRST_YEAR)
        population = bands("all", year)
        city = profile["city_level"] * growth
        base = city * np.exp(profile["spread"] * world["hardship"].to_numpy() * sign)
        shift = world["treated"].to_numpy() * profile["effect"] * effect_phase(year, programme)
        counted = None if band is None else bands(band, year + int(profile["band_offset"]))
        shared_denominator = shared.get((ind.counts.denominator, year))
        if shared_denominator is not None:
            counted, profile = shared_denominator, profile.copy()
            profile["denominator_share"] = 1.0
        drawn = _draw(ind, profile, city, base, shift, population, rng, counted)
        if ind.counts.denominator and shared_denominator is None:
            shared[(ind.counts.denominator, year)] = drawn["denominator"].to_numpy()
        if ind.counts.numerator and ind.numerator:
            if (ind.counts.numerator, year) in shared:
                drawn["numerator"] = shared[(ind.counts.numerator, year)]
                drawn["value"] = drawn["numerator"] / drawn["denominator"] * ind.scale
            else:
                shared[(ind.counts.numerator, year)] = drawn["numerator"].to_numpy()
        if not pd.isna(profile.get("numerator_band")):  # a count of residents itself, e.g. children 0–17
            tilt = population * np.exp(profile["spread"] * world["hardship"].to_numpy())
            drawn["numerator"] = _within_districts(residents, world, str(profile["numerator_band"]), year, tilt)
            drawn["value"] = drawn["numerator"] / drawn["denominator"] * ind.scale
        rows.append(drawn.assign(area_code=zones["code"].to_numpy(), period=year))
    zone_frame = pd.concat(rows, ignore_index=True)
    if band is None and not (ind.counts.numerator or ind.counts.denominator):
        # scattered gaps at zone level; resident and other shared counts stay whole, so they add up
        zone_frame = zone_frame[rng.random(len(zone_frame)) > 0.02]
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
        frame.loc[hidden, NUMBER_COLUMNS] = np.nan
        frame.loc[hidden, "status"] = "suppressed"
    return frame


def _within_districts(residents: pd.DataFrame, world: pd.DataFrame, band: str, year: int, tilt) -> np.ndarray:
    """A district's real residents in ``band`` shared over its zones in proportion to ``tilt``."""
    out = np.zeros(len(world))
    year = min(year, int(residents["year"].max()))
    totals = residents[(residents["band"] == band) & (residents["year"] == year)]
    by_district = totals.assign(parent=totals["code"].map(dict(zip(world["code"], world["parent"], strict=True))))
    for district, persons in by_district.groupby("parent")["persons"].sum().items():
        mine = (world["parent"] == district).to_numpy()
        out[mine] = apportion(int(persons), np.asarray(tilt)[mine])
    return out


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
    counted: np.ndarray | None = None,
) -> pd.DataFrame:
    """Counts and values for one year of zones: ``base`` is each zone's level, ``shift`` the effect.

    ``counted`` holds the real residents of the indicator's age band: a ratio's denominator is then
    ``denominator_share`` of them (1 = exactly them), and a count of residents is them.
    ``weight`` (respondents or population) is used for weighted means and dropped before storing.
    """
    level = base + shift
    aggregation = _demo_aggregation(ind)
    if counted is not None and aggregation == Aggregation.SUM:
        return pd.DataFrame({"numerator": np.nan, "denominator": np.nan, "value": counted, "weight": np.nan})
    if aggregation == Aggregation.RATIO:
        if counted is not None:
            denominator = np.round(counted * profile["denominator_share"]).astype(int)
        else:
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
    order = list(MUNICIPAL_LEVELS)
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
