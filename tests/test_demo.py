"""The demo generator: deterministic, complete, and shaped as the brief says."""

import numpy as np
import pandas as pd
import pytest

from omrademonitor import demo
from omrademonitor.indicator_registry import Aggregation, Direction


@pytest.fixture(scope="module")
def generated(areas, registry, programme):
    return demo.generate(areas, registry, programme)


def test_same_seed_same_data_other_seed_other_data(generated, areas, registry, programme):
    again = demo.generate(areas, registry, programme)
    pd.testing.assert_frame_equal(generated, again)
    other = demo.generate(areas, registry, programme, seed=1)
    assert not generated["value"].fillna(-1).equals(other["value"].fillna(-1))


def test_every_profile_row_matches_an_indicator(registry, programme):
    assert set(demo.read_profiles(demo.profiles_file(programme.id)).index) == set(registry.ids())


def test_every_indicator_has_data_for_every_area_at_its_levels(generated, registry, areas):
    level_of = dict(zip(areas["code"], areas["level"], strict=True))
    for ind in registry:
        rows = generated[generated["indicator_id"] == ind.id]
        assert rows["period"].min() >= max(demo.FIRST_YEAR, ind.first_period), ind.id
        expected = set(areas.loc[areas["level"] == ind.level, "code"])
        assert expected <= set(rows["area_code"]), ind.id
        assert {level_of[c] for c in rows["area_code"]} <= {"levekarssone", "bydel", "kommune"}


def test_programme_areas_start_worse_on_most_directed_indicators(generated, registry, programme):
    worse, compared = 0, 0
    for ind in registry:
        if ind.direction == Direction.NONE or ind.level != "levekarssone" or ind.kind.value == "output":
            continue
        rows = generated[(generated["indicator_id"] == ind.id) & (generated["period"] == ind.baseline_year)]
        city = rows.loc[rows["area_code"] == programme.municipality_code, "value"]
        for code in programme.programme_area_codes:
            value = rows.loc[rows["area_code"] == code, "value"]
            if city.empty or value.empty or np.isnan(value.iloc[0]):
                continue
            compared += 1
            gap = value.iloc[0] - city.iloc[0]
            worse += gap > 0 if ind.direction == Direction.LOWER else gap < 0
    assert compared >= 20
    assert worse / compared >= 0.8


def test_some_years_missing_and_some_counts_hidden_at_source(generated):
    assert (generated["status"] == "suppressed").sum() > 0
    assert generated.loc[generated["status"] == "suppressed", "value"].isna().all()
    per_indicator_years = generated.groupby("indicator_id")["period"].nunique()
    assert (per_indicator_years < per_indicator_years.max()).any()
    assert not generated.loc[generated["indicator_id"] == "persistent_low_income", "period"].eq(2017).all()


def test_ratio_aggregation_adds_up(generated, registry, areas):
    ind = next(
        i
        for i in registry
        if i.aggregation == Aggregation.RATIO and i.level == "levekarssone" and i.source.kind.value != "ssb"
    )
    rows = generated[(generated["indicator_id"] == ind.id) & (generated["period"] == 2020)].set_index("area_code")
    zones = areas.loc[areas["parent_code"] == "500102", "code"]
    present = rows.loc[rows.index.intersection(zones)]
    assert rows.loc["500102", "numerator"] == present["numerator"].sum()
    assert rows.loc["500102", "value"] == pytest.approx(
        present["numerator"].sum() / present["denominator"].sum() * ind.scale
    )


def test_built_in_effect_shows_in_programme_areas(generated, programme):
    profiles = demo.read_profiles(demo.profiles_file(programme.id))
    with_effect = profiles[profiles["effect"] != 0].index
    assert len(with_effect) >= 3 and (profiles["effect"] == 0).sum() >= 3
    ind = "persistent_low_income"
    assert profiles.loc[ind, "effect"] < 0
    rows = generated[generated["indicator_id"] == ind].pivot_table(index="period", columns="area_code", values="value")
    treated = rows[programme.programme_area_codes].mean(axis=1)
    city = rows[programme.municipality_code]
    gap_before = (treated - city).loc[2019:2021].mean()
    gap_after = (treated - city).loc[2024:2025].mean()
    assert gap_after < gap_before


def test_the_real_population_table_is_ssb_table_10826(shared_data):
    """The bundled sums per district, year and age band are SSB's, recomputed from the shared data."""
    bundled = demo.read_population()
    again = demo.population_from_ssb(shared_data)
    pd.testing.assert_frame_equal(bundled.reset_index(drop=True), again.reset_index(drop=True), check_dtype=False)


def test_district_and_city_populations_are_ssbs(generated, shared_data):
    """Before: Midtbyen 66,098 and Østbyen 48,988 (the wrong order), the city 213,189. Now the districts
    are SSB table 10826 exactly, and the city is their sum."""
    ssb = pd.read_csv(shared_data / demo.SSB_POPULATION_FILE, dtype={"code": str})
    ssb = ssb[(ssb["level"] == "bydel") & (ssb["sex"] == "total")].groupby(["code", "year"])["persons"].sum()
    population = generated[generated["indicator_id"] == "population"].set_index(["area_code", "period"])["value"]
    for (code, year), value in population.items():
        if code != "5001":
            assert value == ssb.loc[(code, year)], (code, year)
    city = population.xs("5001", level="area_code")
    assert city.loc[2025] == ssb.xs(2025, level="year").sum() == 216_177
    assert population.loc[("500101", 2025)] == 52_694 and population.loc[("500102", 2025)] == 62_618
    # SSB's municipal total (table 07459) also counts the few residents with no known district
    raw = pd.read_csv(
        shared_data / "ssb-raw-exports" / "ssb07459_kommune_age_2023_raw.csv",
        sep=";",
        skiprows=2,
        encoding="latin-1",
    )
    municipal = raw.loc[raw["region"] == "K-5001 Trondheim"].iloc[:, -1].sum()
    assert 212_000 < municipal < 213_000
    assert abs(city.loc[2023] - municipal) / municipal < 0.002


def test_residents_agree_across_indicators(generated, registry, programme):
    """Before: the city's residents were 286,682 in one indicator, 277,789 in another and 213,189 in
    population; children 52–54 thousand (SSB: about 40 thousand). Now every indicator built on resident
    counts uses the same real ones."""
    profiles = demo.read_profiles(demo.profiles_file(programme.id))
    population = generated[generated["indicator_id"] == "population"].set_index(["area_code", "period"])["value"]
    bands = demo.read_population().set_index(["bydel_code", "year", "band"])["persons"]
    districts = ["500101", "500102", "500103", "500104"]
    checked = 0
    for indicator_id, profile in profiles.iterrows():
        band = profile["resident_band"]
        if pd.isna(band) or indicator_id == "population" or profile["denominator_share"] != 1:
            continue
        mine = generated[generated["indicator_id"] == indicator_id]
        rows = mine[mine["area_code"].isin([*districts, "5001"])]
        for row in rows.itertuples():
            year = min(row.period + int(profile["band_offset"]), 2026)
            codes = districts if row.area_code == "5001" else [row.area_code]
            expected = sum(bands.loc[(code, year, band)] for code in codes)
            assert row.denominator == expected, (indicator_id, row.area_code, row.period)
            if band == "all" and profile["band_offset"] == 0:
                assert row.denominator == population.loc[(row.area_code, row.period)]
            checked += 1
    assert checked > 300
    children = generated[(generated["indicator_id"] == "children_0_17_share") & (generated["area_code"] == "5001")]
    in_2025 = children.set_index("period").loc[2025, "numerator"]
    assert in_2025 == bands.loc[[(d, 2025, "0_17") for d in districts]].sum() and 39_000 < in_2025 < 41_000
