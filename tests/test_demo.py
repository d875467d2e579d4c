"""The demo generator: deterministic, complete, and shaped as the brief says."""

import numpy as np
import pandas as pd
import pytest

from omrademonitor import demo
from omrademonitor.registry import Aggregation, Direction


@pytest.fixture(scope="module")
def generated(areas, registry, programme):
    return demo.generate(areas, registry, programme)


def test_same_seed_same_data_other_seed_other_data(generated, areas, registry, programme):
    again = demo.generate(areas, registry, programme)
    pd.testing.assert_frame_equal(generated, again)
    other = demo.generate(areas, registry, programme, seed=1)
    assert not generated["value"].fillna(-1).equals(other["value"].fillna(-1))


def test_every_profile_row_matches_an_indicator(registry):
    assert set(demo.read_profiles().index) == set(registry.ids())


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
    profiles = demo.read_profiles()
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
