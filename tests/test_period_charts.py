"""Non-annual indicators in the figures and the report (follow-up of tests/test_period_views.py): the
event-study chart, the map's hover, the alt text of a time series and the report's chart axis place a
quarter, a half-year, a month or a three-year period where it lies in time and name it as readers write
it, never by its stored reference (20234); annual figures stay as they were.

Expected positions are computed here from calendar months and SSB codes, not with ``periods.py``: a time
axis in years whose year Y runs from Y - 0.5 to Y + 0.5 (so month m of year Y starts at
Y - 0.5 + (m - 1) / 12)."""

from __future__ import annotations

import datetime as dt
import json
import re
import types

import numpy as np
import pandas as pd
import pytest

from omrademonitor import figures, report
from omrademonitor.did import event_study
from omrademonitor.effects import Design, evaluate
from omrademonitor.periods import PeriodType
from omrademonitor.presentation import report_document
from omrademonitor.presentation.charts import choropleth, event_study_chart, series_alt_text
from tests.test_did import simulated_panel
from tests.test_period_views import TREATED, quarter_codes, setup, stored_quarter  # noqa: F401  (setup: a fixture)


def on_axis(months: float) -> float:
    """A point in time given in months since the start of year 0, on the chart's axis in years."""
    return months / 12 - 0.5


# Each period type: SSB codes of consecutive periods, the stored reference and the middle of a code (in
# months since the start of year 0), the first code "after" when the first year after is 2023, the months
# from one period's middle to the next, and its labels in nb and en.
KINDS = {
    PeriodType.QUARTER: (
        quarter_codes(2020, 2024),
        stored_quarter,
        lambda c: int(c[:4]) * 12 + 3 * int(c[-1]) - 1.5,
        "2023K1",
        3.0,
        {"2022K4": ("4. kv. 2022", "Q4 2022"), "2020K1": ("1. kv. 2020", "Q1 2020")},
    ),
    PeriodType.HALF_YEAR: (
        [f"{y}H{h}" for y in range(2019, 2026) for h in (1, 2)],
        lambda c: int(c[:4]) * 10 + int(c[-1]),
        lambda c: int(c[:4]) * 12 + 6 * int(c[-1]) - 3,
        "2023H1",
        6.0,
        {"2022H2": ("2. halvår 2022", "H2 2022"), "2019H1": ("1. halvår 2019", "H1 2019")},
    ),
    PeriodType.MONTH: (
        [f"{y}M{m:02d}" for y in (2022, 2023) for m in range(1, 13)],
        lambda c: int(c[:4]) * 100 + int(c[5:]),
        lambda c: int(c[:4]) * 12 + int(c[5:]) - 0.5,
        "2023M01",
        1.0,
        {"2022M12": ("des. 2022", "Dec 2022"), "2022M01": ("jan. 2022", "Jan 2022")},
    ),
    PeriodType.MULTI_YEAR: (  # three-year periods, named by their end year, one year apart
        [f"{e - 2}-{e}" for e in range(2016, 2026)],
        lambda c: int(c[-4:]),
        lambda c: int(c[:4]) * 12 + 18.0,  # the middle of the three years
        "2021-2023",  # ends in 2023: after; 2020-2022 is the last before
        12.0,
        {"2020-2022": ("2020–2022", "2020–2022"), "2014-2016": ("2014–2016", "2014–2016")},
    ),
}


def of_kind(indicator, kind: PeriodType):
    update = {"period_type": kind, "period_years": 3 if kind == PeriodType.MULTI_YEAR else None}
    return indicator.model_copy(update=update)


def event_table(codes: list[str], stored, first_after: str) -> pd.DataFrame:
    """An event-study table (``did.event_study``'s columns) over consecutive periods, the reference the
    last period before ``first_after``."""
    start = codes.index(first_after)
    relative = [i - start for i in range(len(codes))]
    effect = [0.0 if k == -1 else 0.1 * k for k in relative]
    return pd.DataFrame(
        {
            "relative": relative,
            "period": [stored(c) for c in codes],
            "effect": effect,
            "placebo_low": [e - 0.5 for e in effect],
            "placebo_high": [e + 0.5 for e in effect],
            "reference": [k == -1 for k in relative],
        }
    )


def start_line(figure) -> float:
    (line,) = [s for s in figure.layout.shapes if s.x0 == s.x1]  # the zero line runs across, x0 ≠ x1
    return line.x0


@pytest.mark.parametrize("kind", list(KINDS), ids=lambda k: k.value)
@pytest.mark.parametrize("lang", ["nb", "en"])
def test_the_event_study_places_and_names_every_period_type(setup, kind, lang):  # noqa: F811
    indicator = of_kind(setup[1]["test_zone_quarterly"], kind)
    codes, stored, middle, first_after, step, named = KINDS[kind]
    table = event_table(codes, stored, first_after)
    figure = event_study_chart(table, indicator, 2023, lang)
    estimated, reference = figure.data
    last_before = codes[codes.index(first_after) - 1]

    everything = sorted([*estimated.x, *reference.x])
    assert everything == pytest.approx([on_axis(middle(c)) for c in codes])
    assert np.diff(everything) == pytest.approx(np.full(len(codes) - 1, step / 12))  # evenly spaced, rising
    assert list(reference.x) == pytest.approx([on_axis(middle(last_before))])
    assert reference.name.endswith(named[last_before][lang == "en"])
    assert reference.name.startswith("referanseperiode" if lang == "nb" else "reference period")

    # the start line parts the periods before from those after, where the first after one begins
    line = start_line(figure)
    after = [on_axis(middle(c)) for c in codes[codes.index(first_after) :]]
    before = [on_axis(middle(c)) for c in codes[: codes.index(first_after)]]
    assert max(before) < line < min(after)
    if kind == PeriodType.MULTI_YEAR:  # overlapping spans: half a step before 2021-2023's middle
        assert line == pytest.approx(on_axis(middle(first_after)) - 0.5)
    else:  # 2023K1, 2023H1, 2023M01 all begin with the year 2023
        assert line == pytest.approx(on_axis(2023 * 12))

    # hover and ticks name periods as readers write them
    first = codes[0]
    at_first = int(np.argmin(np.abs(np.asarray(estimated.x) - on_axis(middle(first)))))
    assert estimated.customdata[at_first] == named[first][lang == "en"]
    assert "%{customdata}" in estimated.hovertemplate and "%{x}" not in estimated.hovertemplate
    axis = figure.layout.xaxis
    assert axis.title.text == ("Periode" if lang == "nb" else "Period") and axis.dtick is None
    assert named[first][lang == "en"] in axis.ticktext
    assert dict(zip(axis.ticktext, axis.tickvals, strict=True))[named[first][lang == "en"]] == pytest.approx(
        on_axis(middle(first))
    )
    written = json.dumps([list(axis.ticktext), list(estimated.customdata), reference.name], ensure_ascii=False)
    assert not re.search(r"(?<!\d)\d{5,6}(?!\d)", written)  # no stored reference ('20234', '202312')


def test_the_effect_pages_chart_of_a_quarterly_indicator(setup):  # noqa: F811
    store, registry, programme = setup
    quarterly = registry["test_zone_quarterly"]
    result = evaluate(store, registry, programme, Design("test_zone_quarterly", TREATED, 2023, max_draws=50))
    figure = event_study_chart(result.event_study.table, quarterly, 2023, "nb")
    estimated, reference = figure.data
    everything = sorted([*estimated.x, *reference.x])
    middles = [on_axis(int(c[:4]) * 12 + 3 * int(c[-1]) - 1.5) for c in quarter_codes(2018, 2025)]
    assert everything == pytest.approx(middles)  # 32 quarters, a quarter of a year apart
    assert np.all(np.diff(everything) > 0) and np.diff(everything) == pytest.approx(np.full(31, 0.25))
    assert reference.name == "referanseperiode 4. kv. 2022"
    assert start_line(figure) == pytest.approx(2022.5)  # 1 January 2023: where 2023K1 begins
    # 32 quarters: each year's first named, so the axis stays readable
    assert list(figure.layout.xaxis.ticktext) == [f"1. kv. {y}" for y in range(2018, 2026)]


def test_the_annual_event_study_is_as_before(registry):
    indicator = registry["persistent_low_income"]
    table = event_table([str(y) for y in range(2016, 2026)], int, "2023")
    figure = event_study_chart(table, indicator, 2023, "nb")
    estimated, reference = figure.data
    assert list(estimated.x) == [y for y in range(2016, 2026) if y != 2022] and list(reference.x) == [2022]
    assert estimated.hovertemplate == "%{x}: %{text}<extra></extra>" and estimated.customdata is None
    assert reference.name == "referanseår 2022" and start_line(figure) == 2022.5
    assert figure.layout.xaxis.dtick == 1 and figure.layout.xaxis.title.text == "År"


@pytest.mark.parametrize(
    ("indicator_id", "period", "nb", "en"),
    [
        ("test_zone_quarterly", 20234, "Periode 4. kv. 2023", "Period Q4 2023"),
        ("test_zone_three_year", 2023, "Periode 2021–2023", "Period 2021–2023"),
    ],
)
def test_the_map_hover_names_the_period(setup, indicator_id, period, nb, en):  # noqa: F811
    """The hover's last line names the period drawn (before: 'År 20234', 'År 2023' for 2021-2023)."""
    store, registry, _ = setup
    indicator = registry[indicator_id]
    frame = figures.map_frame(store, indicator, "levekarssone", period)
    assert frame["value"].notna().sum() == 60
    for lang, line in (("nb", nb), ("en", en)):
        figure = choropleth(frame, indicator, period, 20.0, frame.iloc[0:0], lang, approximate=False, demo=False)
        shown = [tr for tr in figure.data if (tr.meta or {}).get("status") == "shown"]
        assert len(shown) == 1 and shown[0].hovertemplate.endswith(f"<br>{line}<extra></extra>")
        hover = shown[0].hovertemplate
        assert "20234" not in hover and ("År" if lang == "nb" else "Year") not in hover


def test_the_annual_map_hover_still_names_the_year(store, registry):
    indicator = registry["persistent_low_income"]
    frame = figures.map_frame(store, indicator, "levekarssone", 2024)
    figure = choropleth(frame, indicator, 2024, 10.0, frame.iloc[0:0], "en", approximate=False, demo=False)
    assert "<br>Year 2024<extra>" in figure.data[0].hovertemplate


def test_the_change_map_hover_names_both_years(store, registry):
    """A change map's hover names the period of the change (before: only the later year)."""
    indicator = registry["persistent_low_income"]
    frame = figures.change_frame(store, indicator, "levekarssone", 2019, 2024)
    assert frame["value"].notna().any()
    for lang, line in (("nb", "År 2019–2024"), ("en", "Year 2019–2024")):
        figure = choropleth(frame, indicator, 2024, 0.0, frame.iloc[0:0], lang, False, False, since=2019)
        shown = [tr for tr in figure.data if (tr.meta or {}).get("status") == "shown"]
        assert len(shown) == 1 and shown[0].hovertemplate.endswith(f"<br>{line}<extra></extra>")
    # a change between two percentages is in percentage points (before: "prosent, endring")
    assert shown[0].colorbar.title.text == "percentage points, change"


def test_differences_between_percentages_are_in_percentage_points_on_the_event_study_axis(registry):
    study = event_study(simulated_panel(4, gaps=0.0), first_post_period=2023, max_draws=20)
    for indicator_id, nb_unit in (("persistent_low_income", "prosentpoeng"), ("reported_crime_per_1000", "per 1 000")):
        figure = event_study_chart(study.table, registry[indicator_id], 2023, "nb")
        assert figure.layout.yaxis.title.text == f"Forskjell mot sammenligningsområdene<br>({nb_unit})"


def test_the_alt_text_names_the_first_and_last_period(setup, store, registry):  # noqa: F811
    view, mine, _ = setup
    codes = [*TREATED, "5001"]
    quarterly, three = mine["test_zone_quarterly"], mine["test_zone_three_year"]
    series = figures.series(view, quarterly, codes)
    assert series_alt_text(quarterly, series, "nb").startswith(f"{quarterly.name.nb}, 1. kv. 2018 – 4. kv. 2025: ")
    assert series_alt_text(quarterly, series, "en").startswith(f"{quarterly.name.en}, Q1 2018 – Q4 2025: ")
    spans = series_alt_text(three, figures.series(view, three, codes), "en")
    assert spans.startswith(f"{three.name.en}, 2012–2014 – 2023–2025: ")
    assert "20181" not in series_alt_text(quarterly, series, "nb")
    annual = registry["persistent_low_income"]
    years = figures.series(store, annual, ["5001"])["period"]
    assert f", {years.min()}–{years.max()}: " in series_alt_text(annual, figures.series(store, annual, ["5001"]), "nb")


def report_chart(view, programme, indicator, lang: str):
    data = types.SimpleNamespace(
        programme=programme,
        snapshot=types.SimpleNamespace(reference_date=dt.date(2026, 6, 1)),
        events=pd.DataFrame(columns=["year", "title_nb", "title_en"]),
        demo_data=False,
    )
    series = figures.series(view, indicator, [*TREATED, "5001"])
    return report_document._chart_figure(data, report.Chart(indicator, series, []), lang)


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_the_reports_chart_axis_names_periods_some_years_apart_and_upright(setup, lang):  # noqa: F811
    store, registry, programme = setup
    for indicator_id in ("test_zone_quarterly", "test_zone_three_year"):
        axis = report_chart(store, programme, registry[indicator_id], lang).layout.xaxis
        labels, places = list(axis.ticktext), list(axis.tickvals)
        assert axis.tickangle == 0 and axis.tickmode == "array" and len(labels) >= 3
        # at most as many characters as ten upright years (four each, two of gap) take
        assert len(labels) * (max(map(len, labels)) + 2) <= report_document.TICK_ROOM == 60
        gaps = np.diff(places)
        assert gaps == pytest.approx(np.full(len(gaps), gaps[0])) and gaps[0] == round(gaps[0]) >= 1
        if indicator_id == "test_zone_quarterly":  # each a first quarter, at its place in time
            first = "1. kv. 2018" if lang == "nb" else "Q1 2018"
            assert labels[0] == first and all(label.startswith(first[:-4]) for label in labels)
            years = [int(label[-4:]) for label in labels]
            assert places == pytest.approx([on_axis(y * 12 + 1.5) for y in years])
        else:
            assert labels[0] == "2012–2014" and places[0] == pytest.approx(2013)
        assert not any(re.fullmatch(r"\d{5,6}", label) for label in labels)


def test_the_reports_annual_chart_keeps_its_year_steps(store, registry, programme):
    indicator = registry["persistent_low_income"]
    axis = report_chart(store, programme, indicator, "nb").layout.xaxis
    years = figures.series(store, indicator, [*TREATED, "5001"])["period"]
    assert axis.tickmode is None and axis.dtick == (2 if max(years.max(), programme.end_year) - years.min() > 9 else 1)


def test_the_reports_map_title_names_the_period(setup):  # noqa: F811
    store, registry, programme = setup
    zone_map = report._zone_map(store, programme, registry["test_zone_quarterly"])
    assert zone_map.year == 20254
    nb_title, _ = report_document._map(zone_map, "nb")
    en_title, _ = report_document._map(zone_map, "en")
    assert nb_title.endswith(", 4. kv. 2025") and en_title.endswith(", Q4 2025")
