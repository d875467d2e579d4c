"""View data from the demo database and the figures built from it."""

import numpy as np
import pytest

from omrademonitor import figures
from omrademonitor.presentation import tables
from omrademonitor.presentation.charts import (
    MISSING_COLOUR,
    SUPPRESSED_COLOUR,
    choropleth,
    colour_scale,
    drawn_areas,
    time_series,
)
from omrademonitor.presentation.formatting import format_value
from omrademonitor.progress import ProgressStatus


@pytest.fixture(scope="module")
def low_income(registry):
    return registry["persistent_low_income"]


def find_suppressed(store, registry, level="levekarssone"):
    """An indicator and year whose map at ``level`` has at least one hidden figure."""
    for ind in registry:
        if ind.level != level:
            continue
        obs = figures.observations(store, ind, level)
        hidden = obs[obs["status"] == "suppressed"]
        if not hidden.empty:
            return ind, int(hidden["period"].iloc[0])
    raise AssertionError("demo data has no suppressed figure at zone level")


def test_map_frame_has_every_zone_and_hides_small_counts(store, registry):
    indicator, year = find_suppressed(store, registry)
    frame = figures.map_frame(store, indicator, "levekarssone", year)
    assert len(frame) == 60 and frame.crs.to_epsg() == 4326
    hidden = frame[frame["status"] == "suppressed"]
    assert not hidden.empty
    assert hidden[["value", "numerator", "denominator"]].isna().all().all()
    shown = frame[frame["value"].notna()]
    if indicator.has_counts:
        assert not ((shown["numerator"] > 0) & (shown["numerator"] < indicator.disclosure.min_count)).any()


def map_figure(store, programme, indicator, year, lang="nb"):
    frame = figures.map_frame(store, indicator, "levekarssone", year)
    outlines = figures.shapes(store, "levekarssone")
    outlines = outlines[outlines["code"].isin(programme.programme_area_codes)]
    city = figures.reference_value(store, indicator, "5001", "kommune", year)
    return frame, city, choropleth(frame, indicator, year, city, outlines, lang, approximate=True, demo=True)


def test_choropleth_never_draws_a_hidden_value(store, registry, programme):
    indicator, year = find_suppressed(store, registry)
    frame, _, fig = map_figure(store, programme, indicator, year)
    drawn = {area["code"]: area for area in drawn_areas(fig)}
    assert set(drawn) == set(frame["code"])
    for row in frame.itertuples():
        if row.status == "suppressed":
            assert drawn[row.code]["status"] == "suppressed" and drawn[row.code]["value"] is None
        elif not np.isnan(row.value):
            # colours are drawn from the value rounded two places below what the hover shows
            assert drawn[row.code]["value"] == pytest.approx(row.value, abs=0.51 * 10 ** -(indicator.decimals + 2))
    hidden = [tr for tr in fig.data if isinstance(tr.meta, dict) and tr.meta.get("status") == "suppressed"]
    assert len(hidden) == 1 and hidden[0].type == "choroplethmap"
    assert hidden[0].colorscale[0][1] == hidden[0].colorscale[-1][1] == SUPPRESSED_COLOUR
    assert "Skjermet" in hidden[0].hovertemplate and "%{text}" not in hidden[0].hovertemplate  # hover shows no number
    assert hidden[0].showlegend and hidden[0].legendgroup == "suppressed"
    dots = [tr for tr in fig.data if tr.type == "scattermap" and tr.legendgroup == "suppressed"]
    assert len(dots) == 1 and len(dots[0].lon) == len(hidden[0].locations)  # a dot on each: not colour alone
    shown = [tr for tr in fig.data if isinstance(tr.meta, dict) and tr.meta.get("status") == "shown"]
    assert len(shown) == 1 and len(shown[0].locations) == frame["value"].notna().sum()  # one trace for all values
    features = {f["id"] for tr in fig.data if tr.type == "choroplethmap" for f in tr.geojson["features"]}
    assert features == set(frame["code"])


def test_choropleth_outlines_labels_and_says_shapes_are_approximate(store, registry, programme, low_income):
    _, city, fig = map_figure(store, programme, low_income, 2024, lang="en")
    outlines = [tr for tr in fig.data if tr.type == "scattermap" and tr.showlegend]
    assert [tr.name for tr in outlines] == ["Programme area: Lademoen", "Programme area: Tempe-Sorgenfri"]
    assert all(tr.line.width == 3 and tr.mode == "lines" for tr in outlines)
    assert len({tr.line.color for tr in outlines}) == 2
    note = fig.layout.annotations[-1].text
    assert "Approximate area boundaries" in note and "Demonstration data" in note
    bar = next(tr for tr in fig.data if isinstance(tr.meta, dict) and tr.meta.get("status") == "shown")
    assert bar.zmin < city < bar.zmax
    assert bar.zmin + bar.zmax == pytest.approx(2 * city)  # diverging around the city
    assert bar.colorscale[0][1] == "#2166ac"  # lower is better: low values blue
    assert fig.layout.map.style == "white-bg"  # no tiles: nothing fetched from the internet


def test_colours_follow_direction(registry):
    values = np.array([5.0, 10.0, 15.0])
    lower = colour_scale(registry["persistent_low_income"], values, 10.0)
    higher = colour_scale(registry["upper_secondary_completion"], values, 10.0)
    assert lower["colorscale"][0][1] == higher["colorscale"][-1][1] == "#2166ac"  # better end is blue
    undirected = colour_scale(registry["immigrant_share"], values, 10.0)
    assert (undirected["cmin"], undirected["cmax"]) == (5.0, 15.0)


def test_missing_areas_are_drawn_as_missing(store, registry, low_income):
    frame = figures.map_frame(store, low_income, "levekarssone", 2024)
    frame.loc[frame.index[:3], ["value", "status"]] = [np.nan, "missing"]
    expected = set(frame.loc[frame["value"].isna() & (frame["status"] != "suppressed"), "code"])
    assert len(expected) >= 3
    fig = choropleth(frame, low_income, 2024, 10.0, frame.iloc[0:0], "nb", approximate=False, demo=False)
    missing = [tr for tr in fig.data if isinstance(tr.meta, dict) and tr.meta["status"] == "missing"]
    assert len(missing) == 1 and set(missing[0].locations) == expected
    assert missing[0].colorscale[0][1] == MISSING_COLOUR
    assert [tr.name for tr in missing if tr.showlegend] == ["Mangler data"]
    assert {a["code"] for a in drawn_areas(fig) if a["status"] == "missing"} == expected
    assert not fig.layout.annotations


def test_map_table_shows_exactly_the_drawn_figures(store, registry):
    indicator, year = find_suppressed(store, registry)
    frame = figures.map_frame(store, indicator, "levekarssone", year)
    table = tables.map_table(frame, indicator, "nb")
    assert len(table) == 60
    hidden = table[table["Status"].str.startswith("Skjermet")]
    assert len(hidden) == (frame["status"] == "suppressed").sum() > 0
    assert (hidden["Verdi"] == "–").all() and (hidden["Teller"] == "–").all()
    assert set(hidden["Status"]) == {"Skjermet"}  # never why: that would tell which hidden figures are 1–4


def test_headline_table_covers_programme_areas_and_city(store, registry, programme):
    table = figures.headline_table(store, registry, programme)
    headline = [ind.id for ind in registry if ind.headline]
    assert set(table["indicator_id"]) == set(headline)
    assert set(table["area_code"]) == {*programme.programme_area_codes, "5001"}
    assert set(table["progress"]) <= set(ProgressStatus) and len(set(table["progress"])) >= 3
    low_income = table[(table["indicator_id"] == "persistent_low_income") & (table["area_code"] == "5001LKS09")]
    assert low_income["progress"].iloc[0] != ProgressStatus.NOT_AVAILABLE


def test_demo_flag_and_shape_source(store):
    assert figures.holds_demo_data(store)
    assert figures.boundary_source(store)["approximate"]
    assert figures.levels_present(store) == ["levekarssone", "bydel", "kommune"]


def test_map_levels_start_at_the_indicators_level(registry):
    present = ["levekarssone", "bydel", "kommune"]
    assert figures.map_levels(present, registry["persistent_low_income"]) == ["levekarssone", "bydel"]
    assert figures.map_levels(present, registry["life_expectancy"]) == ["bydel"]
    assert figures.map_levels(["grunnkrets", *present], registry["persistent_low_income"]) == ["levekarssone", "bydel"]


def test_time_series_traces_and_furniture(store, registry, programme, low_income):
    areas = [*programme.programme_area_codes, "5001"]
    frame = figures.series(store, low_income, areas)
    events = store.query("events", programme_id="trondheim")
    fig = time_series(frame, low_income, 2022, 2026, events, "nb", demo=True)
    lines = [tr for tr in fig.data if isinstance(tr.meta, dict) and "code" in tr.meta]
    assert [tr.name for tr in lines] == ["Lademoen", "Tempe-Sorgenfri", "Trondheim"]
    assert len({tr.line.dash for tr in lines}) == 3 and len({tr.marker.symbol for tr in lines}) == 3  # not colour alone
    for trace in lines:
        expected = frame[frame["area_code"] == trace.meta["code"]]
        np.testing.assert_allclose(np.asarray(trace.y, dtype=float), expected["value"].to_numpy(dtype=float))
    assert not [tr for tr in fig.data if isinstance(tr.meta, dict) and tr.meta.get("target")]  # none adopted
    band = fig.layout.shapes[0]
    assert (band.x0, band.x1) == (2021.5, 2026.5)
    baseline = fig.layout.shapes[1]
    assert baseline.x0 == baseline.x1 == 2021
    texts = [a.text for a in fig.layout.annotations]
    assert "Programperiode" in texts and "Utgangsår 2021" in texts
    marks = next(tr for tr in fig.data if isinstance(tr.meta, dict) and tr.meta.get("events"))
    assert "Koronapandemien" in marks.text and 2020 in list(marks.x)


def test_time_series_table_has_exactly_the_charted_numbers(store, programme, low_income):
    frame = figures.series(store, low_income, [*programme.programme_area_codes, "5001"])
    table = tables.series_table(frame, low_income, "nb").set_index("År")
    for row in frame.itertuples():
        cell = table.loc[row.period, row.area_name]
        if row.status == "suppressed":
            assert cell == "Skjermet"
        else:
            assert cell == format_value(row.value, "percent", 1, "nb")


def test_survey_intervals_are_drawn(store, registry, programme):
    indicator = registry["residents_feel_safe"]
    frame = figures.series(store, indicator, list(programme.programme_area_codes))
    assert frame["ci_lower"].notna().any()
    fig = time_series(frame, indicator, 2022, 2026, store.query("events", programme_id="x"), "en")
    assert all(tr.error_y.array is not None for tr in fig.data if isinstance(tr.meta, dict) and "code" in tr.meta)


def test_change_map_is_the_difference_of_two_years(store, low_income):
    change = figures.change_frame(store, low_income, "levekarssone", 2019, 2024).set_index("code")
    start = figures.map_frame(store, low_income, "levekarssone", 2019).set_index("code")
    end = figures.map_frame(store, low_income, "levekarssone", 2024).set_index("code")
    shown = change[change["value"].notna()]
    assert len(shown) > 40
    np.testing.assert_allclose(shown["value"], end.loc[shown.index, "value"] - start.loc[shown.index, "value"])
    hidden = end["status"].eq("suppressed") | start["status"].eq("suppressed")
    assert change.loc[hidden[hidden].index, "value"].isna().all()


def test_area_profile_against_the_city(store, registry, programme):
    profile = figures.area_profile(store, registry, programme, "5001LKS09").set_index("indicator_id")
    assert len(profile) == len(registry)
    assert profile.loc["persistent_low_income", "vs_city"] == "worse"  # the demo puts Lademoen above the city
    assert profile.loc["start_loan_rent_to_own_households", "vs_city"] == "not_comparable"
    table = tables.profile_table(profile.reset_index(), registry, "nb", "Trondheim")
    assert "▼ Dårligere enn kommunen" in set(table["Mot kommunen"])
