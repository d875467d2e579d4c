"""Non-annual indicators through every view (issue 14 follow-up): progress, the headline table, the area
profile, the effect panel and event study, dated texts and the downloads read a quarter as a quarter and
a three-year period as a three-year period, never their stored reference (20234) as a year.

The expected figures are computed here from calendar dates and SSB codes, not with ``periods.py``."""

from __future__ import annotations

import shutil

import numpy as np
import pandas as pd
import pytest

from omrademonitor import did
from omrademonitor.access import SYSTEM
from omrademonitor.analysis import headline_rows
from omrademonitor.disclosure import Policy
from omrademonitor.downloads import profile_figures, public_figures
from omrademonitor.effects import Design, evaluate, reproduction_script, specification
from omrademonitor.figures import area_profile, headline_table
from omrademonitor.i18n import t
from omrademonitor.indicator_registry import load_registry
from omrademonitor.presentation.formatting import period_text
from omrademonitor.presentation.tables import profile_table
from omrademonitor.presentation.texts import effect_panel_codebook, headline_cell
from omrademonitor.presentation.tracking_tables import dated_text, progress_table
from omrademonitor.progress import ProgressStatus, cagr, progress_status
from omrademonitor.setup_db import load_definitions
from omrademonitor.store import Store
from omrademonitor.writer import BatchInfo, Writer
from tests.indicator_fixtures import indicator_folder

COMMON = """kind: outcome
unit: percent
direction: lower_is_better
aggregation: none
source: {kind: programme, name: {nb: Test, en: Test}}
level: levekarssone
headline: true
baseline_year: 2022
first_period: 2012
"""
QUARTERLY_ZONE = (
    "id: test_zone_quarterly\n"
    "name: {nb: Andel per kvartal (test), en: Share per quarter (test)}\n"
    "themes: [income]\n"
    "definition: {nb: Testindikator for kvartaler per sone., en: Test indicator for quarters per zone.}\n"
    "period_type: quarter\n" + COMMON
)
THREE_YEAR_ZONE = (
    "id: test_zone_three_year\n"
    "name: {nb: Andel i treårsperiode (test), en: Share over three years (test)}\n"
    "themes: [income]\n"
    "definition: {nb: Testindikator for treårsperioder per sone., en: Test indicator for three-year periods.}\n"
    "period_type: multi_year\nperiod_years: 3\n" + COMMON
)
TREATED = ("5001LKS09", "5001LKS26")
EFFECT = -2.0  # built into the programme zones' quarters from 2023K1 on


def quarter_middle(code: str) -> float:
    """The middle of an SSB quarter in months since the start of year 0 ('2022K1': a month and a half
    into 2022)."""
    year, quarter = int(code[:4]), int(code[-1])
    return year * 12 + 3 * quarter - 1.5


def year_middle(year: int) -> float:
    """The middle of a calendar year (1 July), in months since the start of year 0."""
    return year * 12 + 6.0


def years_apart(first: float, last: float) -> float:
    return (last - first) / 12


def quarter_codes(first_year: int, last_year: int) -> list[str]:
    return [f"{y}K{q}" for y in range(first_year, last_year + 1) for q in range(1, 5)]


def stored_quarter(code: str) -> int:
    return int(code[:4]) * 10 + int(code[-1])


@pytest.fixture(scope="module")
def setup(tmp_path_factory, demo_db):
    """The demo store with a quarterly and a three-year zone indicator, every zone and the city, and the
    programme following both (as headline indicators of its first focus area)."""
    folder = tmp_path_factory.mktemp("period-views")
    registry = load_registry(indicator_folder(folder, QUARTERLY_ZONE, THREE_YEAR_ZONE))
    programmes = load_definitions()[0]
    path = folder / "store.duckdb"
    shutil.copy(demo_db, path)
    zones = Store(demo_db).query("areas")
    zones = sorted(zones.loc[zones["level"] == "levekarssone", "code"])
    rng = np.random.default_rng(14)
    rows = []
    for i, zone in enumerate([*zones, "5001"]):
        level = 20.0 + (i % 7)
        for n, code in enumerate(quarter_codes(2018, 2025)):
            # falling 0.2 points a quarter: three quarters apart is within 5 %, three years apart is not
            value = level - 0.2 * n + rng.normal(0, 0.05)
            if zone in TREATED and code >= "2023K1":
                value += EFFECT
            rows.append(("test_zone_quarterly", zone, stored_quarter(code), round(value, 2)))
        for end in range(2014, 2026):
            rows.append(("test_zone_three_year", zone, end, round(level + 0.1 * (end - 2014), 2)))
    frame = pd.DataFrame(rows, columns=["indicator_id", "area_code", "period", "value"])
    frame["denominator"] = 10_000.0
    frame["numerator"] = (frame["value"] * 100).round()
    frame["status"] = "final"
    with Writer(path) as writer:
        writer.sync_definitions(programmes, registry, SYSTEM)
        writer.add_observations(frame, BatchInfo(source="period views test", content_hash="period-views"), SYSTEM)
    programme = programmes["trondheim"]
    first = programme.focus_areas[0]
    followed = first.model_copy(
        update={"indicators": [*first.indicators, "test_zone_quarterly", "test_zone_three_year"]}
    )
    programme = programme.model_copy(update={"focus_areas": [followed, *programme.focus_areas[1:]]})
    store = Store(path)
    yield store, registry, programme
    store.close()


def points(pairs, status=None) -> pd.DataFrame:
    frame = pd.DataFrame(pairs, columns=["period", "value"])
    frame["status"] = status or ["final"] * len(frame)
    return frame


# --- progress: Open SDG's method in years -----------------------------------------------------------------


def test_quarterly_progress_counts_time_in_years_between_the_quarters(setup):
    _, registry, _ = setup
    quarterly = registry["test_zone_quarterly"]
    codes = quarter_codes(2021, 2024)
    values = [30.0 - 0.5 * n for n in range(len(codes))]
    result = progress_status(points([(stored_quarter(c), v) for c, v in zip(codes, values, strict=True)]), quarterly)
    # base: the first quarter of the baseline year 2022; current: 2024K4; 2.75 years between their middles
    elapsed = years_apart(quarter_middle("2022K1"), quarter_middle("2024K4"))
    assert elapsed == 2.75
    y0, yi = values[codes.index("2022K1")], values[-1]
    expected = (yi / y0) ** (1 / elapsed) - 1
    assert (result.base_period, result.latest_period) == (20221, 20244)
    assert result.growth == pytest.approx(expected, rel=1e-12)
    assert result.progress_value == pytest.approx(-expected, rel=1e-12)  # lower is better: d = −1
    assert result.status == ProgressStatus.SUBSTANTIAL_PROGRESS
    # Read as years, 20221 → 20244 would be 23 "years", and the growth a twelfth of the true one.
    assert abs(result.growth) > 5 * abs((yi / y0) ** (1 / 23) - 1)


def test_a_quarterly_series_equals_the_same_figures_as_annual_ones_whole_years_apart(setup, registry):
    quarterly = setup[1]["test_zone_quarterly"]
    annual = registry["persistent_low_income"]  # an annual share where lower is better
    assert annual.unit == quarterly.unit and annual.direction == quarterly.direction
    pairs = [(2022, 20.0), (2023, 19.0), (2024, 17.5)]
    as_years = progress_status(points(pairs), annual, baseline_year=2022)
    as_quarters = progress_status(points([(y * 10 + 3, v) for y, v in pairs]), quarterly)  # every 2022K3 … 2024K3
    assert as_quarters.growth == pytest.approx(as_years.growth, rel=1e-12)
    assert as_quarters.progress_value == pytest.approx(as_years.progress_value, rel=1e-12)
    assert as_quarters.status == as_years.status != ProgressStatus.NOT_AVAILABLE
    assert as_quarters.growth == pytest.approx((17.5 / 20.0) ** (1 / 2) - 1, rel=1e-12)


def test_a_target_year_is_set_against_the_base_quarter_place_in_its_year(setup):
    quarterly = setup[1]["test_zone_quarterly"]
    series = points([(20221, 20.0), (20224, 19.0), (20234, 18.0)])
    result = progress_status(series, quarterly, target_value=15.0, target_year=2026)
    # the year 2026 stands for its middle (1 July), the base 2022K1 for its own (mid-February 2022)
    horizon = years_apart(quarter_middle("2022K1"), year_middle(2026))
    assert horizon == 4.375
    required = (15.0 / 20.0) ** (1 / horizon) - 1
    growth = (18.0 / 20.0) ** (1 / years_apart(quarter_middle("2022K1"), quarter_middle("2023K4"))) - 1
    assert result.required_growth == pytest.approx(required, rel=1e-12)
    assert result.growth == pytest.approx(growth, rel=1e-12)
    assert result.ratio == pytest.approx(-growth / abs(required), rel=1e-12)


def test_a_hidden_first_quarter_moves_the_base_to_the_next_and_one_quarter_is_not_enough(setup):
    quarterly = setup[1]["test_zone_quarterly"]
    series = points(
        [(20214, 25.0), (20221, np.nan), (20222, 20.0), (20234, 18.0)], ["final", "suppressed", "final", "final"]
    )
    result = progress_status(series, quarterly)
    assert result.base_period == 20222  # 2021K4 is before the baseline year
    assert result.growth == pytest.approx(cagr(20.0, 18.0, 1.5))
    lonely = progress_status(points([(20213, 25.0), (20222, 20.0)]), quarterly)
    assert (lonely.base_period, lonely.latest_period, lonely.status) == (20222, 20222, ProgressStatus.NOT_AVAILABLE)
    assert "two periods" in lonely.reason


def test_a_three_year_series_starts_from_the_period_ending_in_the_baseline_year(setup):
    three = setup[1]["test_zone_three_year"]
    result = progress_status(points([(2021, 30.0), (2022, 28.0), (2025, 24.0)]), three)
    assert result.base_period == 2022  # 2020–2022
    assert result.growth == pytest.approx((24.0 / 28.0) ** (1 / 3) - 1, rel=1e-12)  # 2020–2022 → 2023–2025


# --- dated texts and the headline ------------------------------------------------------------------------


def test_dated_text_writes_quarters_and_spans_and_keeps_a_target_in_years(setup):
    _, registry, programme = setup
    quarterly, three = registry["test_zone_quarterly"], registry["test_zone_three_year"]
    assert dated_text(12.34, 20234, quarterly, "nb").endswith("(4. kv. 2023)")
    assert dated_text(12.34, 20234, quarterly, "en").endswith("(Q4 2023)")
    assert dated_text(8.0, 2021, three, "nb").endswith("(2019–2021)")
    assert "20234" not in dated_text(12.34, 20234, quarterly, "nb")
    progress = pd.DataFrame(
        [
            {
                "indicator_id": "test_zone_quarterly",
                "role": "effect",
                "focus_area": programme.focus_areas[0].id,
                "area_code": TREATED[0],
                "base_period": 20221,
                "base_value": 20.0,
                "latest_period": 20244,
                "latest_value": 18.0,
                "target_value": 15.0,
                "target_year": 2026,
                "target_kind": "adopted",
                "status": "substantial_progress",
            }
        ]
    )
    row = progress_table(progress, registry, programme, "en").iloc[0]
    assert row[t("baseline", "en")].endswith("(Q1 2022)") and row[t("latest", "en")].endswith("(Q4 2024)")
    assert row[t("target", "en")].split(" · ")[0].endswith("(2026)")  # a target year stays a year


def test_the_headline_measures_change_from_the_first_shown_quarter_of_the_baseline_year(setup):
    quarterly = setup[1]["test_zone_quarterly"]
    obs = pd.DataFrame(
        {
            "indicator_id": "test_zone_quarterly",
            "area_code": ["L"] * 4 + ["C"] * 4,
            "period": [20214, 20221, 20222, 20244] * 2,
            "value": [21.0, np.nan, 20.0, 17.0, 22.0, 21.0, 21.0, 20.0],
            "status": ["final", "suppressed", "final", "final"] + ["final"] * 4,
        }
    )
    row = headline_rows(obs, quarterly, ["L"], "C").set_index("area_code").loc["L"]
    assert (row["latest_period"], row["baseline_period"], row["baseline_value"]) == (20244, 20222, 20.0)
    assert row["change"] == pytest.approx(-3.0) and row["reference_value"] == 20.0  # the city's 2024K4
    for lang, latest, base in (("nb", "4. kv. 2024", "2. kv. 2022"), ("en", "Q4 2024", "Q2 2022")):
        cell = headline_cell(row.to_dict(), "percent", 1, 2022, lang, period_text(quarterly, lang))
        assert cell["value"].endswith(f"({latest})")
        assert cell["change"].endswith(t("since", lang, year=base))


def test_the_overview_headline_table_reads_quarters_and_spans(setup):
    store, registry, programme = setup
    table = headline_table(store, registry, programme).set_index(["indicator_id", "area_code"])
    quarter = table.loc[("test_zone_quarterly", TREATED[0])]
    assert (quarter["latest_period"], quarter["baseline_period"]) == (20254, 20221)
    assert quarter["progress"] not in (ProgressStatus.NOT_AVAILABLE, ProgressStatus.NOT_APPLICABLE)
    span = table.loc[("test_zone_three_year", TREATED[0])]
    assert (span["latest_period"], span["baseline_period"]) == (2025, 2022)


# --- the area profile and the downloads -------------------------------------------------------------------


def test_the_profile_compares_a_quarter_with_the_same_quarter_three_years_earlier(setup):
    store, registry, programme = setup
    profile = area_profile(store, registry, programme, "5001LKS01").set_index("indicator_id")
    quarter = profile.loc["test_zone_quarterly"]
    assert quarter["latest_period"] == 20254
    # The series falls 0.2 points a quarter (lower is better): three quarters back is within ±5 % ("similar"),
    # three years back (2022K4) is 2.4 points higher, so the trend is "better".
    assert quarter["trend"] == "better"
    assert profile.loc["test_zone_three_year", "latest_period"] == 2025

    table = profile_table(profile.reset_index(), registry, "nb", "Trondheim").set_index(t("indicator", "nb"))
    assert table.loc[registry["test_zone_quarterly"].name.nb, "Periode"] == "4. kv. 2025"
    assert table.loc[registry["test_zone_three_year"].name.nb, "Periode"] == "2023–2025"

    download = profile_figures(profile.reset_index(), registry, "5001LKS01", "Zone", "en").set_index("indicator_id")
    assert download.loc["test_zone_quarterly", ["period", "period_code"]].tolist() == [20254, "2025K4"]
    assert download.loc["test_zone_three_year", ["period", "period_code"]].tolist() == [2025, "2023-2025"]
    assert download.loc["persistent_low_income", "period_code"] == str(download.loc["persistent_low_income", "period"])


def test_public_downloads_give_ssb_codes_beside_the_sortable_period(setup):
    registry = setup[1]
    frame = pd.DataFrame(
        {
            "area_code": ["500101"] * 2,
            "area_name": ["A"] * 2,
            "period": [20234, 20241],
            "value": [1.0, 2.0],
            "ci_lower": [np.nan] * 2,
            "ci_upper": [np.nan] * 2,
            "status": ["final"] * 2,
        }
    )
    out = public_figures(frame, registry["test_zone_quarterly"], "nb")
    assert out["period_code"].tolist() == ["2023K4", "2024K1"] and out["period"].tolist() == [20234, 20241]
    assert public_figures(frame.assign(period=[2019, 2020]), registry["test_zone_three_year"], "nb")[
        "period_code"
    ].tolist() == ["2017-2019", "2018-2020"]


# --- difference-in-differences -----------------------------------------------------------------------------


def test_a_quarterly_effect_panel_is_after_from_the_first_quarter_of_the_first_year(setup):
    store, registry, programme = setup
    result = evaluate(store, registry, programme, Design("test_zone_quarterly", TREATED, 2023, max_draws=200))
    assert result.ok, (result.insufficient, result.detail)
    panel = result.panel
    assert set(panel.loc[panel["post"], "period"]) == {stored_quarter(c) for c in quarter_codes(2023, 2025)}
    assert panel.loc[panel["period"] == 20224, "post"].eq(False).all()
    assert set(panel.loc[panel["period"] == 20231, "period_code"]) == {"2023K1"}
    assert result.estimate.effect == pytest.approx(EFFECT, abs=0.3)
    events = result.event_study
    assert events.reference_period == 20224  # the last quarter before the start, not "2022"
    table = events.table.set_index("relative")
    assert table.loc[-1, "period"] == 20224 and table.loc[0, "period"] == 20231 and table.loc[-5, "period"] == 20214
    assert sorted(table.index) == list(range(-20, 12))  # 2018K1 … 2025K4: 32 consecutive quarters
    assert table.loc[table.index >= 0, "effect"].mean() == pytest.approx(EFFECT, abs=0.4)

    spec = specification(result, registry, Policy(), "v")
    assert (spec["first_post_period"], spec["first_post_reference"], spec["period_type"]) == (2023, 20231, "quarter")
    script = reproduction_script(spec)
    assert "first_post_period=20231" in script and "reference=-1" in script and "kind='quarter'" in script
    again = did.event_study(panel, 20231, reference=-1, max_draws=200, kind="quarter")
    assert again.table["effect"].to_numpy() == pytest.approx(events.table["effect"].to_numpy())
    text = effect_panel_codebook(registry["test_zone_quarterly"], spec, "en")
    assert "20234 is 2023K4" in text and "| period_code |" in text
    assert "20234 er 2023K4" in effect_panel_codebook(registry["test_zone_quarterly"], spec, "nb")


def test_a_three_year_period_is_after_once_it_ends_in_the_first_year(setup):
    store, registry, programme = setup
    result = evaluate(store, registry, programme, Design("test_zone_three_year", TREATED, 2023, max_draws=50))
    panel = result.panel
    post = panel.groupby("period_code")["post"].first()
    assert not post["2020-2022"] and post["2021-2023"] and post["2023-2025"]
    assert result.event_study is None or result.event_study.reference_period == 2022


def test_event_study_counts_quarters_across_the_new_year():
    rng = np.random.default_rng(3)
    quarters = [20221, 20222, 20223, 20224, 20231, 20232]
    rows = [
        (f"u{u}", q, rng.normal() + (1.0 if u < 2 and q >= 20231 else 0.0), u < 2, q >= 20231)
        for u in range(12)
        for q in quarters
    ]
    panel = pd.DataFrame(rows, columns=list(did.PANEL_COLUMNS))
    events = did.event_study(panel, 20231, max_draws=30, kind="quarter")
    assert events.reference_period == 20224
    assert dict(zip(events.table["relative"], events.table["period"], strict=True)) == {
        -4: 20221,
        -3: 20222,
        -2: 20223,
        -1: 20224,
        0: 20231,
        1: 20232,
    }


def test_the_effect_page_table_names_quarters_as_periods(setup):
    from omrademonitor.presentation.effect_tables import event_table

    store, registry, programme = setup
    quarterly = registry["test_zone_quarterly"]
    result = evaluate(store, registry, programme, Design("test_zone_quarterly", TREATED, 2023, max_draws=50))
    for lang, column, reference, first in (
        ("nb", "Periode", "referanseperiode 4. kv. 2022", "1. kv. 2018"),
        ("en", "Period", "reference period Q4 2022", "Q1 2018"),
    ):
        table = event_table(result.event_study.table, quarterly, lang)
        assert table.columns[0] == column
        assert reference in table[column].tolist() and table[column].iloc[0] == first


def test_the_phone_and_presentation_headlines_write_quarters(setup):
    from ui.phone import headline_list_html
    from ui.presentation_mode import headline_html

    store, registry, programme = setup
    table = headline_table(store, registry, programme)
    quarterly = registry["test_zone_quarterly"]
    names = {**programme.programme_area_names, programme.municipality_code: "Trondheim"}
    mine = {quarterly.id: table[table["indicator_id"] == quarterly.id]}
    phone = headline_list_html([quarterly], mine, names, programme.municipality_code, "nb")
    slide = headline_html([quarterly], table, names, "en")
    assert "(4. kv. 2025)" in phone and "siden 1. kv. 2022" in phone
    assert "(Q4 2025)" in slide and "since Q1 2022" in slide
    assert "20254" not in phone + slide and "20221" not in phone + slide
