"""Figures built at once without plotly's validation (``charts._figure``) send the browser the same JSON
as plotly's validated path, key for key and value for value, for every chart kind built that way (time
series, MapLibre map, vector map), on the demo data; and a page that changes such a figure afterwards is
validated as before."""

from __future__ import annotations

import datetime as dt
import json

import numpy as np
import pandas as pd
import pytest

from omrademonitor import figures
from omrademonitor.indicator_registry import Target, TargetSource
from omrademonitor.periods import PeriodType
from omrademonitor.presentation import charts
from omrademonitor.presentation.charts import choropleth, time_series, vector_map


def both_ways(monkeypatch, build) -> tuple[dict, dict]:
    """The JSON the browser gets from ``build()``, built fast and built through plotly's validation."""
    fast = build()
    monkeypatch.setattr(charts, "VALIDATE_FIGURES", True)
    validated = build()
    monkeypatch.setattr(charts, "VALIDATE_FIGURES", False)
    return json.loads(fast.to_json()), json.loads(validated.to_json())


def with_periods(frame: pd.DataFrame, indicator, kind: PeriodType):
    """An annual series as a quarterly (each year's fourth quarter) or three-year (ending that year) one."""
    update = {"period_type": kind, "period_years": 3 if kind == PeriodType.MULTI_YEAR else None}
    frame = frame.copy()
    if kind == PeriodType.QUARTER:
        frame["period"] = frame["period"].astype(int) * 10 + 4
    return frame, indicator.model_copy(update=update)


@pytest.fixture(scope="module")
def series_inputs(store, registry, programme):
    codes = [*programme.programme_area_codes, programme.municipality_code, "500101", "5001LKS05"]
    events = store.query("events", programme_id=programme.id)
    measures = pd.DataFrame(  # as tracking_tables.measure_annotations gives them
        {"date": [dt.date(2023, 3, 1), dt.date(2024, 12, 31)], "kind": ["start", "end"], "label": ["A & B", "C"]}
    )
    return codes, events, measures


def test_every_indicator_time_series_is_the_validated_one(monkeypatch, store, registry, programme, series_inputs):
    codes, events, measures = series_inputs
    no_events = events.iloc[:0]
    for i, indicator in enumerate(registry):
        frame = figures.series(store, indicator, codes)
        lang = ("nb", "en")[i % 2]
        for chosen_events, marks, demo in ((events, measures, True), (no_events, None, False)):

            def build(frame=frame, indicator=indicator, lang=lang, chosen_events=chosen_events, marks=marks, demo=demo):
                return time_series(frame, indicator, 2022, 2026, chosen_events, lang, demo=demo, measures=marks)

            fast, validated = both_ways(monkeypatch, build)
            assert fast == validated, indicator.id


@pytest.mark.parametrize("kind", [PeriodType.QUARTER, PeriodType.MULTI_YEAR], ids=lambda k: k.value)
def test_mixed_and_periodic_time_series_are_the_validated_ones(monkeypatch, store, registry, series_inputs, kind):
    """Real and demonstration points on one line (a link trace between them), intervals, a target, a
    period axis; also without ``is_demo`` and with no figures at all."""
    codes, events, measures = series_inputs
    source = TargetSource(document={"nb": "Vedtak", "en": "Decision"}, date=dt.date(2023, 1, 10))
    adopted = kind == PeriodType.QUARTER  # an adopted target with one kind, a proposed one with the other
    status = "adopted" if adopted else "proposed"
    target = Target(value=12.5, year=2026, status=status, source=source, entered_by="test")
    indicator = registry["persistent_low_income"].model_copy(update={"target": target})
    frame = figures.series(store, indicator, codes)
    frame["is_demo"] = frame["period"].astype(int) % 2 == 0
    frame["ci_lower"], frame["ci_upper"] = frame["value"] - 1.5, frame["value"] + 2.25
    periodic, periodic_indicator = with_periods(frame, indicator, kind)
    built = []
    for shown, shown_indicator in (
        (frame, indicator),
        (periodic, periodic_indicator),
        (periodic.drop(columns="is_demo"), periodic_indicator),
        (frame.iloc[:0], indicator),
    ):
        fast, validated = both_ways(
            monkeypatch, lambda s=shown, i=shown_indicator: time_series(s, i, 2022, 2026, events, "en", True, measures)
        )
        assert fast == validated
        built.append(fast)
    links = [[trace for trace in fig["data"] if "demo_link" in trace.get("meta", {})] for fig in built]
    assert links[0] and links[1] and not links[2]  # the real and demonstration points are joined by a link
    assert built[1]["layout"]["xaxis"]["tickmode"] == "array"  # a period axis
    assert any(trace.get("meta", {}).get("target") for trace in built[0]["data"])


@pytest.fixture(scope="module")
def map_inputs(store, registry, programme):
    indicator = registry["persistent_low_income"]
    zones = figures.map_frame(store, indicator, "levekarssone", 2024)
    values = zones["value"].to_numpy(dtype=float).copy()
    status = zones["status"].astype(object).to_numpy().copy()
    values[:3], status[:3] = np.nan, "suppressed"  # hidden figures: grey with a dot
    values[3:5], status[3:5] = np.nan, "missing"  # no observation: light grey
    hidden = zones.assign(value=values, status=status)
    outlines = figures.shapes(store, "levekarssone")
    outlines = outlines[outlines["code"].isin(programme.programme_area_codes)]
    return indicator, zones, hidden, outlines


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_maps_and_their_vector_copies_are_the_validated_ones(monkeypatch, map_inputs, lang):
    indicator, zones, hidden, outlines = map_inputs
    bounds = tuple(float(v) for v in zones.total_bounds)
    builds = {
        "plain": lambda: choropleth(zones, indicator, 2024, 10.0, outlines, lang, approximate=True, demo=True),
        "hidden": lambda: choropleth(hidden, indicator, 2024, 10.0, outlines, lang, False, "mixed"),
        "change": lambda: choropleth(hidden, indicator, 2024, 0.0, outlines.iloc[:0], lang, True, "real", since=2020),
        "url": lambda: choropleth(hidden, indicator, 2024, None, outlines, lang, True, None, geojson_url="/g.json"),
    }
    for name, build in builds.items():
        fast, validated = both_ways(monkeypatch, build)
        assert fast == validated, name
        if name != "url":  # the vector copy of a validated map and of a fast one, built both ways
            source = build()
            fast, validated = both_ways(monkeypatch, lambda source=source: vector_map(source, bounds))
            # the map's settings emptied, as update_layout(map=None) left them before; plotly's
            # constructor drops an empty layout.map instead (nothing draws it either way)
            assert fast["layout"].pop("map") == {} and "map" not in validated["layout"]
            assert fast == validated, name
            assert {trace["type"] for trace in fast["data"]} == {"scatter"} and "map" not in json.dumps(fast["data"])


def test_a_figure_built_fast_is_validated_when_changed_later(store, registry, programme, map_inputs):
    """Pages and the report change figures with update_layout and update_xaxes: still checked."""
    indicator = registry["persistent_low_income"]
    figure = time_series(figures.series(store, indicator, ["5001"]), indicator, 2022, 2026, pd.DataFrame(), "nb")
    with pytest.raises(ValueError):
        figure.update_layout(height="tall")
    with pytest.raises(ValueError):
        figure.update_xaxes(tickangle="upright")
    with pytest.raises(ValueError):
        figure.data[0].update(mode="sideways")
    figure.update_layout(height=340, font={"size": 15})
    assert figure.layout.height == 340 and figure.to_plotly_json()["layout"]["font"] == {"size": 15}
    indicator, zones, _, outlines = map_inputs
    bounds = tuple(float(v) for v in zones.total_bounds)
    copy = vector_map(choropleth(zones, indicator, 2024, 10.0, outlines, "nb", True, True), bounds)
    with pytest.raises(ValueError):
        copy.update_layout(width="wide")
