"""Figures built from view data: pure functions, data in, plotly figure out.

A figure is output for a reader, like a styled table, so it lives in the presentation package: axis
titles, hover texts, legends and notes come from the indicator definition, ``i18n`` and
``formatting``, never from pages; the numbers come from the core (``figures``, ``crossviews``, ``did``)
and the shapes from ``map_geometry``.
Colours are colour-blind safe (orange–blue diverging, after ColorBrewer PuOr/RdBu) and are
never the only carrier of meaning: hover text and the table alternative say the same.

Maps are MapLibre choropleths (``choroplethmap``) on a plain white background with no tiles and
no text layers, so nothing is fetched from the internet: the app must work on closed networks and
export offline. Shapes go as GeoJSON keyed by area code, simplified per level (``map_geometry``).
Names from data are HTML-escaped before plotly renders them.
"""

from __future__ import annotations

import re
import zlib
from functools import lru_cache
from html import escape
from typing import NamedTuple

import geopandas as gpd
import numpy as np
import pandas as pd
import plotly.graph_objects as go
from _plotly_utils.basevalidators import copy_to_readonly_numpy_array
from plotly.colors import sample_colorscale
from pyproj import Transformer

from omrademonitor import crossviews, labels
from omrademonitor import periods as period_types
from omrademonitor.figures import demo_state
from omrademonitor.geography import MAP_CRS, STORAGE_CRS
from omrademonitor.i18n import t
from omrademonitor.indicator_registry import Direction, Indicator, Unit
from omrademonitor.map_geometry import MapGeometry, build_map_geometry, fit_view, outline_paths
from omrademonitor.presentation.formatting import (
    NO_VALUE,
    format_change,
    format_number,
    format_value,
    period_label,
    period_text,
    status_text,
)
from omrademonitor.scope import area_names
from omrademonitor.vocabulary import AreaLevel

WORSE_TO_BETTER = ["#b35806", "#e08214", "#fdb863", "#f7f7f7", "#92c5de", "#4393c3", "#2166ac"]
SEQUENTIAL = ["#f7fbff", "#c6dbef", "#6baed6", "#2171b5", "#08306b"]
SUPPRESSED_COLOUR = "#8c8c8c"
MISSING_COLOUR = "#e6e6e6"
OUTLINE_COLOUR = "#111111"
SEPARATORS = {"nb": ",\u00a0", "en": ".,"}
VALIDATE_FIGURES = False  # True builds every figure through plotly's validation (the tests compare the two)


def _figure(data: list[dict], layout: dict) -> go.Figure:
    """A figure from trace dicts (each with its ``type``) and a layout dict, built at once.

    The dicts are written here, so plotly's property validation (most of the CPU a figure took when it
    was built trace by trace and checked key by key) is skipped while they go in; it is on again for
    whoever changes the figure afterwards (``update_layout`` on a page). Values go in as the validated
    path would store them (lists of Python numbers, numpy arrays for columns: ``_column``), so the JSON
    is the same key for key; tests/test_chart_json.py builds each kind both ways and compares."""
    figure = go.Figure({"data": data, "layout": layout}, _validate=VALIDATE_FIGURES)
    figure._validate = True
    figure._layout_obj._validate = True
    for trace in figure.data:
        trace._validate = True
    return figure


def _column(values) -> np.ndarray:
    """A data column (a pandas Series) as plotly's validation stores it: a read-only numpy array."""
    return copy_to_readonly_numpy_array(values)


def unit_label(indicator: Indicator, lang: str) -> str:
    """The unit as words: "prosent", "per 1 000", "antall"."""
    return t(labels.UNIT_LABEL_KEYS[indicator.unit], lang)


def change_unit_label(indicator: Indicator, lang: str) -> str:
    """The unit of a change or a difference: "prosentpoeng" between percentages, else the unit itself."""
    if indicator.unit == Unit.PERCENT:
        return t("unit_percentage_points", lang)
    return unit_label(indicator, lang)


def _colorscale(colours: list[str]) -> list[list]:
    return [[i / (len(colours) - 1), c] for i, c in enumerate(colours)]


def _counts_text(numerator: float, denominator: float, lang: str) -> str:
    if np.isnan(numerator) or np.isnan(denominator):
        return ""
    counts = t(
        "counts_of", lang, numerator=format_number(numerator, 0, lang), denominator=format_number(denominator, 0, lang)
    )
    return f"<br>{counts}"


def colour_scale(indicator: Indicator, values: np.ndarray, city_value: float | None) -> dict:
    """Colour scale and range: diverging around the city value when the indicator has a direction
    (better is blue), sequential otherwise."""
    if indicator.direction != Direction.NONE and city_value is not None:
        spread = float(np.nanmax(np.abs(values - city_value))) if len(values) else 1.0
        spread = spread or 1.0
        colours = WORSE_TO_BETTER if indicator.direction == Direction.HIGHER else WORSE_TO_BETTER[::-1]
        return {"colorscale": _colorscale(colours), "cmin": city_value - spread, "cmax": city_value + spread}
    low, high = (float(np.nanmin(values)), float(np.nanmax(values))) if len(values) else (0.0, 1.0)
    return {"colorscale": _colorscale(SEQUENTIAL), "cmin": low, "cmax": high if high > low else low + 1}


MAP_WIDTH_PX, MAP_HEIGHT_PX = 900, 620  # the frame the default view is fitted to (the chart is 660 px high)
MAP_STYLE = "white-bg"  # MapLibre's plain background: no tiles, no fonts, nothing fetched from the internet


def choropleth(
    frame,
    indicator: Indicator,
    period: int,
    city_value: float | None,
    outlines: gpd.GeoDataFrame,
    lang: str,
    approximate: bool,
    demo: bool | str | None,
    since: int | None = None,
    geometry: MapGeometry | None = None,
    geojson_url: str | None = None,
) -> go.Figure:
    """Choropleth of one indicator and period, programme areas outlined and named in the legend; the
    hover names the period as readers write it (a year, '4. kv. 2023', '2021–2023').

    One ``choroplethmap`` trace draws every area with a figure; hidden figures are one more trace,
    grey with a dark dot on each area (status not by colour alone), and areas without an
    observation one more, light grey; each has its own legend entry. Every area trace carries
    ``meta = {"status": …}`` and its areas' codes as ``locations``: ``drawn_areas`` reads them.

    ``geometry`` is the level's simplified shapes (``map_geometry.build_map_geometry``, cached per
    level and data version by the UI); without it they are built from ``frame``'s geometry column.
    With ``geojson_url`` (a file of the same shapes the browser fetches once and keeps, written by
    ``map_geometry.write_geometry_file``), the traces name that URL instead of carrying the shapes, so
    the figure holds only codes, values and texts; without it the shapes go inline.
    With ``since`` (an earlier period), values are changes from ``since`` to ``period`` and ``city_value``
    is 0: the colours still follow the indicator's direction (an improvement is blue), and the hover
    names both periods. ``demo`` is what the figures drawn are
    (``figures.demo_state``: "demo", "real", "mixed"; True means "demo"): the note over the map says so.
    """
    if geometry is None:
        geometry = build_map_geometry(gpd.GeoDataFrame(frame[["code"]], geometry=frame.geometry, crs=frame.crs))
    codes = frame["code"].astype(str).to_numpy()
    names = [escape(str(n)) for n in frame["name"]]
    values = frame["value"].to_numpy(dtype=float)
    status = np.where(
        ~np.isnan(values), "shown", np.where(frame["status"].to_numpy() == "suppressed", "suppressed", "missing")
    )
    scale = colour_scale(indicator, values[~np.isnan(values)], city_value)
    change = since is not None
    shown_format = format_change if change else format_value
    written = period_text(indicator, lang)
    when = f"{written(since)}–{written(period)}" if change else written(period)
    year_line = f"<br>{t('year' if indicator.annual else 'period_column', lang)} {when}"
    traces = []
    shown = status == "shown"
    if shown.any():
        numerators = frame["numerator"].to_numpy(dtype=float)[shown]
        denominators = frame["denominator"].to_numpy(dtype=float)[shown]
        texts = [
            shown_format(v, indicator.unit.value, indicator.decimals, lang) + _counts_text(n, d, lang)
            for v, n, d in zip(values[shown], numerators, denominators, strict=True)
        ]
        traces.append(
            {
                "type": "choroplethmap",
                "geojson": geojson_url or geometry.collection(codes[shown]),
                "locations": codes[shown].tolist(),
                "z": np.round(values[shown], indicator.decimals + 2).tolist(),  # colour only: hover shows text
                "customdata": [n for n, s in zip(names, shown, strict=True) if s],
                "text": texts,
                "hovertemplate": "<b>%{customdata}</b><br>%{text}" + year_line + "<extra></extra>",
                "colorscale": scale["colorscale"],
                "zmin": scale["cmin"],
                "zmax": scale["cmax"],
                "marker": {"line": {"color": "#ffffff", "width": 0.8}},
                "colorbar": {
                    "title": {
                        "text": f"{change_unit_label(indicator, lang)}, {t('unit_change', lang)}"
                        if change
                        else unit_label(indicator, lang)
                    },
                    "len": 0.7,
                    "thickness": 14,
                },
                "name": unit_label(indicator, lang),
                "showlegend": False,
                "meta": {"status": "shown"},
            }
        )
    for hidden, colour in (("suppressed", SUPPRESSED_COLOUR), ("missing", MISSING_COLOUR)):
        chosen = status == hidden
        if not chosen.any():
            continue
        label = status_text(hidden, lang)  # the legend says what a table's status column says
        traces.append(
            {
                "type": "choroplethmap",
                "geojson": geojson_url or geometry.collection(codes[chosen]),
                "locations": codes[chosen].tolist(),
                "z": [0] * int(chosen.sum()),
                "customdata": [n for n, s in zip(names, chosen, strict=True) if s],
                "hovertemplate": "<b>%{customdata}</b><br>" + label + "<extra></extra>",
                "colorscale": [[0, colour], [1, colour]],
                "showscale": False,
                "marker": {"line": {"color": OUTLINE_COLOUR if hidden == "suppressed" else "#ffffff", "width": 0.8}},
                "name": label,
                "legendgroup": hidden,
                "showlegend": True,
                "meta": {"status": hidden},
            }
        )
        if hidden == "suppressed":  # a dot on every hidden area: not told by colour alone
            points = [geometry.points.get(c) for c in codes[chosen]]
            traces.append(
                {
                    "type": "scattermap",
                    "lon": [p[0] for p in points if p],
                    "lat": [p[1] for p in points if p],
                    "mode": "markers",
                    "marker": {"size": 7, "color": OUTLINE_COLOUR},
                    "hoverinfo": "skip",
                    "name": label,
                    "legendgroup": hidden,
                    "showlegend": False,
                }
            )
    if len(outlines):
        traces += _outline_traces(outlines, lang, geometry.tolerance_m)
    state = ("demo" if demo else None) if isinstance(demo, bool) else demo
    demo_note = {"demo": [t("demo_short", lang)], "mixed": [t("demo_short_mixed", lang)]}.get(state, [])
    notes = [t("approx_shapes_short", lang)] * approximate + demo_note
    layout = dict(
        map={"style": MAP_STYLE, **fit_view(geometry.bounds, MAP_WIDTH_PX, MAP_HEIGHT_PX)},
        paper_bgcolor="#ffffff",
        hovermode="closest",
        margin={"l": 0, "r": 0, "t": 40, "b": 10},
        height=660,
        separators=SEPARATORS[lang],
        showlegend=True,
        legend={"orientation": "h", "yanchor": "bottom", "y": 0.0, "x": 0, "bgcolor": "rgba(255,255,255,0.85)"},
        annotations=[
            {
                "text": " · ".join(notes),
                "showarrow": False,
                "xref": "paper",
                "yref": "paper",
                "x": 0,
                "y": 1.0,
                "xanchor": "left",
                "yanchor": "bottom",
                "font": {"size": 13, "color": "#333333"},
            }
        ]
        if notes
        else [],
    )
    return _figure(traces, layout)


def _outline_traces(outlines: gpd.GeoDataFrame, lang: str, tolerance_m: float | None = None) -> list[dict]:
    """Thick outlines of the programme areas (trace dicts for ``_figure``), each named in the legend and
    in its own programme colour (the same as in the time series), also named on hover.

    The paths come from ``map_geometry.outline_paths``: with ``tolerance_m`` (the map's), simplified as
    the areas are and rounded to match.
    MapLibre would fetch fonts from the internet to write names on the map, so names go in the legend.
    """
    traces = []
    zones = programme_zone_positions()
    paths = outline_paths(outlines, tolerance_m)
    for code, name, (lon, lat) in zip(outlines["code"], outlines["name"], paths, strict=True):
        style = area_style(str(code), zones)
        traces.append(  # a white casing keeps the outline visible on any fill colour
            {
                "type": "scattermap",
                "lon": lon,
                "lat": lat,
                "mode": "lines",
                "line": {"color": "#ffffff", "width": 7},
                "hoverinfo": "skip",
                "showlegend": False,
            }
        )
        traces.append(
            {
                "type": "scattermap",
                "lon": lon,
                "lat": lat,
                "mode": "lines",
                "line": {"color": style.colour, "width": 3},
                "name": f"{t('programme_area_label', lang)}: {escape(str(name))}",
                "text": escape(str(name)),
                "hoverinfo": "text",
                "showlegend": True,
                "meta": {"outline": str(code)},
            }
        )
    return traces


def drawn_areas(fig: go.Figure) -> list[dict]:
    """What the map draws for each area: code, status and value (None when not shown)."""
    drawn = []
    for trace in fig.data:
        if trace.type != "choroplethmap" or not isinstance(trace.meta, dict):
            continue
        shown = trace.meta.get("status") == "shown"
        for code, value in zip(trace.locations, trace.z, strict=True):
            drawn.append({"code": code, "status": trace.meta["status"], "value": float(value) if shown else None})
    return drawn


# --- time series ------------------------------------------------------------------------------------

# One style per area across the app, whatever else a chart shows and in whatever order: colour from
# Okabe–Ito (distinguishable with the common colour-vision deficiencies) plus a line dash and a marker,
# so no area is told apart by colour alone. The city is black; a programme's zones get blue and
# vermillion (then bluish green, reddish purple) in the order the programme names them; districts and
# other zones get fixed styles from their codes.
OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}
OTHER_ZONE_GREY = "#707070"  # 4.95:1 on white


class AreaStyle(NamedTuple):
    """How one area is drawn in every chart."""

    colour: str
    dash: str
    marker: str
    width: float


CITY_STYLE = AreaStyle(OKABE_ITO["black"], "dot", "diamond", 3)
COUNTRY_STYLE = AreaStyle(OTHER_ZONE_GREY, "longdash", "hexagon", 2)  # the national figure, where loaded
PROGRAMME_ZONE_STYLES = (
    AreaStyle(OKABE_ITO["blue"], "solid", "circle", 3),
    AreaStyle(OKABE_ITO["vermillion"], "dash", "square", 3),
    AreaStyle(OKABE_ITO["bluish_green"], "solid", "triangle-up", 3),
    AreaStyle(OKABE_ITO["reddish_purple"], "dash", "pentagon", 3),
)
DISTRICT_STYLES = (  # by the district's number within the municipality (…01, …02, …)
    AreaStyle(OKABE_ITO["bluish_green"], "dashdot", "triangle-up", 2),
    AreaStyle(OKABE_ITO["reddish_purple"], "longdash", "cross", 2),
    AreaStyle(OKABE_ITO["orange"], "longdashdot", "x", 2),
    AreaStyle(OKABE_ITO["sky_blue"], "dash", "star", 2),
)
OTHER_COLOURS = (OKABE_ITO["orange"], OKABE_ITO["sky_blue"], OKABE_ITO["reddish_purple"], OKABE_ITO["bluish_green"])
OTHER_COLOURS += (OTHER_ZONE_GREY,)
OTHER_DASHES = ("dot", "dashdot", "longdash", "longdashdot", "dash", "solid")
OTHER_MARKERS = (
    "triangle-down", "triangle-left", "triangle-right", "hexagon", "star", "hourglass",
    "bowtie", "cross", "x", "diamond-tall", "star-triangle-up", "octagon",
)  # fmt: skip


@lru_cache(maxsize=1)
def programme_zone_positions() -> dict[str, int]:
    """Each programme zone's position in its own programme's list (from ``programmes/<id>/programme.yaml``)."""
    from omrademonitor.programme import load_programmes  # pydantic models: loaded on first use only
    from omrademonitor.setup_db import programmes_dir

    programmes = load_programmes(programmes_dir())
    return {code: i for p in programmes.values() for i, code in enumerate(p.programme_area_codes)}


def area_style(code: str, programme_zones: dict[str, int] | None = None) -> AreaStyle:
    """The one style an area has in every chart: the city, a programme zone, a district, another zone.

    ``programme_zones`` maps zone codes to their position in their programme (default: the programme
    definitions); the same code always gets the same style."""
    zones = programme_zone_positions() if programme_zones is None else programme_zones
    if code in zones:
        return PROGRAMME_ZONE_STYLES[zones[code] % len(PROGRAMME_ZONE_STYLES)]
    if re.fullmatch(r"\d{4}", code):  # a municipality
        return CITY_STYLE
    if re.fullmatch(r"\d{6}", code):  # a district (bydel): municipality number and two digits
        return DISTRICT_STYLES[(int(code[4:]) - 1) % len(DISTRICT_STYLES)]
    number = int(code[-2:]) if re.search(r"LKS\d{2}$", code) else zlib.crc32(code.encode())
    return AreaStyle(
        OTHER_COLOURS[number % len(OTHER_COLOURS)],
        OTHER_DASHES[number % len(OTHER_DASHES)],
        OTHER_MARKERS[(number // len(OTHER_COLOURS)) % len(OTHER_MARKERS)],
        2,
    )


def _area_traces(rows, name: str, code: str, style: AreaStyle, demo_points: list[bool], indicator, lang: str):
    """One area's line (trace dicts for ``_figure``): figures joined in the area's style, real ones with
    filled markers, demonstration ones hollow; where the line would pass from a real figure to a
    demonstration figure (or back) it breaks, and only a thin dashed link (its own trace, grouped with
    the area in the legend) joins them, so real and demonstration figures never make one line.
    ``meta`` carries the area code and, point by point, the periods and whether each is demonstration data."""
    periods = rows["period"].astype(int).tolist()
    kind, span = indicator.period_type, indicator.period_span
    places = periods if indicator.annual else [period_types.position(p, kind, span) for p in periods]
    labels = [str(p) if indicator.annual else period_label(p, kind, lang, span) for p in periods]
    values = rows["value"].astype(float).tolist()
    has_ci = rows["ci_lower"].notna().any() and rows["ci_upper"].notna().any()
    upper = (rows["ci_upper"].astype(float) - rows["value"].astype(float)).tolist()
    lower = (rows["value"].astype(float) - rows["ci_lower"].astype(float)).tolist()
    demo_word = f" ({t('data_kind_demo', lang)})"
    x, y, text, symbols, err_up, err_down, shown_periods = [], [], [], [], [], [], []
    links_x, links_y = [], []
    for i, (period, value, is_demo) in enumerate(zip(places, values, demo_points, strict=True)):
        if i and is_demo != demo_points[i - 1]:  # no line from a real figure to a demonstration figure
            x.append(period - 0.5 if indicator.annual else (places[i - 1] + period) / 2)
            for column in (y, err_up, err_down):
                column.append(None)
            text.append("")
            shown_periods.append("")
            symbols.append(style.marker)
            links_x += [places[i - 1], period, None]
            links_y += [values[i - 1], value, None]
        x.append(period)
        shown_periods.append(labels[i])
        y.append(value)
        err_up.append(upper[i])
        err_down.append(lower[i])
        shown = format_value(value, indicator.unit.value, indicator.decimals, lang)
        text.append(shown + demo_word if is_demo else shown)
        symbols.append(f"{style.marker}-open" if is_demo else style.marker)
    error = (
        {"type": "data", "symmetric": False, "array": err_up, "arrayminus": err_down, "thickness": 1, "width": 3}
        if has_ci
        else None
    )
    traces = [
        {
            "type": "scatter",
            "x": x,
            "y": y,
            "mode": "lines+markers",
            "name": name,
            "legendgroup": code,
            "connectgaps": False,
            "line": {"color": style.colour, "dash": style.dash, "width": style.width},
            "marker": {
                "symbol": symbols if len(set(symbols)) > 1 else symbols[0],  # one symbol when all alike
                "size": 8,
                "line": {"color": style.colour, "width": 2},
            },
            "error_y": error,
            "text": text,
            "hovertemplate": f"<b>{name}</b><br>%{{x}}: %{{text}}<extra></extra>"
            if indicator.annual
            else f"<b>{name}</b><br>%{{customdata}}: %{{text}}<extra></extra>",
            "customdata": None if indicator.annual else shown_periods,
            "meta": {"code": code, "periods": periods, "demo": list(demo_points)},
        }
    ]
    if links_x:
        traces.append(
            {
                "type": "scatter",
                "x": links_x,
                "y": links_y,
                "mode": "lines",
                "legendgroup": code,
                "showlegend": False,
                "line": {"color": style.colour, "dash": "dash", "width": 1.2},
                "hoverinfo": "skip",
                "meta": {"demo_link": code},
            }
        )
    return traces


def time_series(
    frame,
    indicator: Indicator,
    start_year: int,
    end_year: int,
    events,
    lang: str,
    demo: bool = False,
    measures=None,
) -> go.Figure:
    """An indicator over time for several areas: programme period shaded, baseline marked, target drawn,
    events and the start and end of linked measures annotated, intervals shown where known.
    ``frame`` comes from ``figures.series``; ``measures`` from ``presentation.tracking_tables.measure_annotations``."""
    traces = []
    kinds_known = "is_demo" in frame.columns
    for code, rows in frame.groupby("area_code", sort=False):
        name = escape(str(rows["area_name"].iloc[0]))
        country = "level" in rows.columns and rows["level"].iloc[0] == AreaLevel.LAND
        style = COUNTRY_STYLE if country else area_style(str(code))
        demo_points = rows["is_demo"].astype(bool).tolist() if kinds_known else [False] * len(rows)
        traces += _area_traces(rows, name, str(code), style, demo_points, indicator, lang)
    if any(frame["is_demo"].astype(bool)) if kinds_known else False:
        traces.append(  # a legend entry saying what a hollow point is
            {
                "type": "scatter",
                "x": [None],
                "y": [None],
                "mode": "markers",
                "name": t("demo_points_legend", lang),
                "marker": {"symbol": "circle-open", "size": 9, "color": "#555555", "line": {"width": 2}},
                "hoverinfo": "skip",
                "meta": {"demo_legend": True},
            }
        )
    shapes = [
        {
            "type": "rect",
            "xref": "x",
            "yref": "paper",
            "x0": start_year - 0.5,
            "x1": end_year + 0.5,
            "y0": 0,
            "y1": 1,
            "fillcolor": "rgba(0, 114, 178, 0.07)",
            "line": {"width": 0},
            "layer": "below",
        }
    ]
    annotations = [
        {
            "x": (start_year + end_year) / 2,
            "y": 1.0,
            "xref": "x",
            "yref": "paper",
            "yanchor": "bottom",
            "text": t("programme_period", lang),
            "showarrow": False,
            "font": {"size": 11},
        }
    ]
    if indicator.baseline_year:
        shapes.append(
            {
                "type": "line",
                "xref": "x",
                "yref": "paper",
                "x0": indicator.baseline_year,
                "x1": indicator.baseline_year,
                "y0": 0,
                "y1": 1,
                "line": {"dash": "dash", "color": "#555555"},
            }
        )
        annotations.append(
            {
                "x": indicator.baseline_year,
                "y": 0.02,
                "xref": "x",
                "yref": "paper",
                "xanchor": "right",
                "text": t("baseline_year_label", lang, year=indicator.baseline_year),
                "showarrow": False,
                "font": {"size": 11},
            }
        )
    if indicator.target:  # an adopted target as the programme's; a proposed one only under that label
        target = indicator.target
        target_text = format_value(target.value, indicator.unit.value, indicator.decimals, lang)
        label = "target_label" if target.adopted else "proposed_target_label"
        traces.append(
            {
                "type": "scatter",
                "x": [target.year],
                "y": [target.value],
                "mode": "markers+text",
                "name": t("target" if target.adopted else "proposed_target", lang),
                "marker": {
                    "symbol": "star" if target.adopted else "star-open",
                    "size": 16,
                    "color": "#009E73" if target.adopted else "#777777",
                    "line": {"color": "#000000", "width": 1},
                },
                "text": [f"{t(label, lang, year=target.year)}: {target_text}"],
                "textposition": "top left",
                "hovertemplate": "%{text}<extra></extra>",
                "meta": {"target": True, "adopted": target.adopted},
            }
        )
    if len(events):
        titles = [escape(e.title_en if lang == "en" else e.title_nb) for e in events.itertuples()]
        for year in sorted(set(events["year"])):
            shapes.append(
                {
                    "type": "line",
                    "xref": "x",
                    "yref": "paper",
                    "x0": year,
                    "x1": year,
                    "y0": 0,
                    "y1": 1,
                    "line": {"dash": "dot", "color": "#999999", "width": 1},
                }
            )
        traces.append(
            {
                "type": "scatter",
                "x": _column(events["year"]),
                "y": [0] * len(events),
                "mode": "markers",
                "name": t("events_title", lang),
                "marker": {"symbol": "triangle-up", "size": 12, "color": "#666666"},
                "text": titles,
                "hovertemplate": "%{x}: %{text}<extra></extra>",
                "meta": {"events": True},
            }
        )
    if measures is not None and len(measures):
        traces.append(
            {
                "type": "scatter",
                "x": [year_position(d) for d in measures["date"]],
                "y": [0] * len(measures),
                "mode": "markers",
                "name": t("measures_heading", lang),
                "marker": {
                    "symbol": ["triangle-right" if k == "start" else "square" for k in measures["kind"]],
                    "size": 11,
                    "color": "#D55E00",
                    "line": {"color": "#000000", "width": 1},
                },
                "text": [
                    f"{d.isoformat()}: {escape(label)}"
                    for d, label in zip(measures["date"], measures["label"], strict=True)
                ],
                "hovertemplate": "%{text}<extra></extra>",
                "meta": {"measures": True},
            }
        )
    state = demo_state(frame["is_demo"]) if kinds_known else ("demo" if demo else None)
    if state in ("demo", "mixed"):
        annotations.append(
            {
                "text": t("demo_short" if state == "demo" else "demo_short_mixed", lang),
                "showarrow": False,
                "xref": "paper",
                "yref": "paper",
                "x": 0,
                "y": 1.08,
                "xanchor": "left",
                "font": {"size": 12, "color": "#333333"},
            }
        )
    xaxis = {"dtick": 1, "title": {"text": t("year", lang)}}  # a title as plotly stores it: {"text": …}
    if not indicator.annual and len(frame):  # the period axis goes over the year axis: dtick stays
        axis = period_axis(sorted(set(frame["period"].astype(int))), indicator, lang)
        xaxis.update(axis, title={"text": axis["title"]})
    layout = {
        "shapes": shapes,
        "annotations": annotations,
        "separators": SEPARATORS[lang],
        "height": 460,
        "hovermode": "x unified",
        "margin": {"l": 10, "r": 10, "t": 50, "b": 10},
        "showlegend": True,  # every area named, also when a page makes the chart small
        "legend": {"orientation": "h", "yanchor": "top", "y": -0.2},  # below the year axis and its title
        "xaxis": xaxis,
        "yaxis": {"title": {"text": unit_label(indicator, lang)}, "rangemode": "tozero"},
        "plot_bgcolor": "#ffffff",
    }
    return _figure(traces, layout)


def period_axis(stored: list[int], indicator: Indicator, lang: str, room: int | None = None) -> dict:
    """A time axis in years whose ticks name the periods ('2019–2021', '4. kv. 2023'); with many
    periods, every year's first one (the axis stays readable). With ``room``, the characters the axis
    has for its tick labels, every year's first one spaced a whole number of years apart so that the
    labels (each with two characters of gap) fit."""
    kind, span = indicator.period_type, indicator.period_span
    if len(stored) > 12 or room is not None:
        firsts = {}
        for period in stored:
            firsts.setdefault(period_types.year_of(period, kind), period)
        stored = list(firsts.values())
    if room is not None and stored:
        width = max(len(period_label(p, kind, lang, span)) for p in stored) + 2
        step = 1
        while len(stored[::step]) * width > room and step < len(stored):
            step += 1
        stored = stored[::step]
    return {
        "tickmode": "array",
        "tickvals": [period_types.position(p, kind, span) for p in stored],
        "ticktext": [period_label(p, kind, lang, span) for p in stored],
        "title": t("period_column", lang),
    }


def start_position(indicator: Indicator, first_post_year: int) -> float:
    """Where the start line goes on a time axis in years (``periods.position``): between the last
    period "before" and the first "after" (``effects``: those that end in or after ``first_post_year``).
    For years, half-years, quarters and months that is where the first "after" period begins (2023K1
    begins at 2022.5); multi-year periods overlap, so the line goes half a step before the first "after"
    one (2021.5 for 2021-2023, whose predecessor 2020-2022 is "before"), with every "before" point left
    of it and every "after" point right."""
    kind, span = indicator.period_type, indicator.period_span
    first_after = period_types.first_in_year(first_post_year, kind)
    last_before = period_types.shift(first_after, -1, kind)
    return (period_types.position(last_before, kind, span) + period_types.position(first_after, kind, span)) / 2


def event_study_chart(table, indicator: Indicator, first_post_period: int, lang: str) -> go.Figure:
    """Effects by period relative to the start with their placebo intervals; the reference period
    hollow, zero drawn, the start marked. ``table`` comes from ``did.event_study`` (stored periods);
    ``first_post_period`` is the first year "after" (``effects.Design``). Periods other than years
    are placed by ``periods.position`` and named by ``formatting.period_label``."""
    estimated, reference = table[~table["reference"]], table[table["reference"]]
    annual = indicator.annual
    kind, span = indicator.period_type, indicator.period_span
    written = period_text(indicator, lang)

    def placed(periods):
        return periods if annual else [period_types.position(int(p), kind, span) for p in periods]

    fig = go.Figure()
    text = [format_change(v, indicator.unit.value, indicator.decimals + 1, lang) for v in estimated["effect"]]
    fig.add_trace(
        go.Scatter(
            x=placed(estimated["period"]),
            y=estimated["effect"],
            mode="markers",
            name=t("estimated_effect", lang),
            marker={"size": 10, "color": OKABE_ITO["blue"]},
            error_y={
                "type": "data",
                "symmetric": False,
                "array": (estimated["placebo_high"] - estimated["effect"]).to_numpy(),
                "arrayminus": (estimated["effect"] - estimated["placebo_low"]).to_numpy(),
                "thickness": 1.5,
                "width": 4,
            },
            text=text,
            customdata=None if annual else [written(int(p)) for p in estimated["period"]],
            hovertemplate=("%{x}" if annual else "%{customdata}") + ": %{text}<extra></extra>",
        )
    )
    reference_key = "event_reference" if annual else "event_reference_period"
    fig.add_trace(
        go.Scatter(
            x=placed(reference["period"]),
            y=reference["effect"],
            mode="markers",
            name=t(reference_key, lang, year=written(int(reference["period"].iloc[0]))) if len(reference) else "",
            marker={"size": 10, "color": "#ffffff", "line": {"color": OKABE_ITO["blue"], "width": 2}},
            hoverinfo="skip",
        )
    )
    fig.add_hline(y=0, line={"color": "#555555", "width": 1})
    start = first_post_period - 0.5 if annual else start_position(indicator, first_post_period)
    fig.add_vline(x=start, line={"dash": "dash", "color": "#555555"})
    fig.update_layout(
        separators=SEPARATORS[lang],
        height=380,
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
        showlegend=True,
        legend={"orientation": "h", "y": -0.2},
        xaxis={"dtick": 1, "title": t("year", lang)}
        if annual
        else period_axis(sorted(set(table["period"].astype(int))), indicator, lang),
        # the unit on a line of its own: in one line the title is cut at the chart's 380 px
        yaxis={"title": f"{t('event_axis', lang)}<br>({change_unit_label(indicator, lang)})"},
        plot_bgcolor="#ffffff",
    )
    return fig


def year_position(day) -> float:
    """Where a day falls on a yearly axis whose tick N stands for the whole year N (N-0.5 to N+0.5)."""
    days = 366 if day.year % 4 == 0 and (day.year % 100 != 0 or day.year % 400 == 0) else 365
    return day.year - 0.5 + (day.timetuple().tm_yday - 1) / days


def series_alt_text(indicator: Indicator, frame, lang: str) -> str:
    """A one-sentence description of a time series for screen readers."""
    areas = ", ".join(dict.fromkeys(frame["area_name"])) if len(frame) else NO_VALUE
    if not len(frame):
        years = ""
    elif indicator.annual:
        years = f"{int(frame['period'].min())}–{int(frame['period'].max())}"
    else:  # '1. kv. 2018 – 4. kv. 2025', '2012–2014 – 2023–2025': a spaced dash between periods of several words
        written = period_text(indicator, lang)
        years = f"{written(int(frame['period'].min()))} – {written(int(frame['period'].max()))}"
    return f"{indicator.name.get(lang)}, {years}: {areas}."


def vector_map(fig: go.Figure, bounds: tuple[float, float, float, float]) -> go.Figure:
    """A copy of a MapLibre map (``choropleth``) as vector shapes for print, in the storage CRS (UTM
    metres, true to shape): every area a filled path in the colour the map gives its value, hidden and
    missing areas and outlines as on the map, the same colour bar and legend. Chromium draws it as SVG
    paths, without WebGL or a base map: sharp in a PDF and drawn in a fraction of the time a MapLibre
    canvas takes in a headless browser. ``bounds`` (lon/lat) is the frame shown."""
    project = _to_storage_crs().transform
    traces: list[dict] = []
    for trace in fig.data:
        if trace.type == "choroplethmap":
            traces += _vector_areas(trace, project)
        elif trace.type == "scattermap":
            xs, ys = _projected(trace.lon, trace.lat, project)
            traces.append(
                {
                    "type": "scatter",
                    "x": xs,
                    "y": ys,
                    "mode": trace.mode,
                    "line": trace.line.to_plotly_json() or None,
                    "marker": trace.marker.to_plotly_json() or None,
                    "name": trace.name,
                    "legendgroup": trace.legendgroup,
                    "showlegend": trace.showlegend,
                    "hoverinfo": "skip",
                }
            )
    (minx, maxx), (miny, maxy) = project([bounds[0], bounds[2]], [bounds[1], bounds[3]])
    layout = fig.layout.to_plotly_json()  # a copy
    hidden = {"visible": False, "showgrid": False, "zeroline": False}
    layout.update(
        map={},  # the map's settings dropped, as update_layout(map=None) leaves them
        plot_bgcolor="#ffffff",
        xaxis={**layout.get("xaxis", {}), "range": [minx, maxx], "constrain": "domain", **hidden},
        yaxis={
            **layout.get("yaxis", {}),
            **{"range": [miny, maxy], "scaleanchor": "x", "scaleratio": 1, "constrain": "domain"},
            **hidden,
        },
    )
    return _figure(traces, layout)


@lru_cache(maxsize=1)
def _to_storage_crs() -> Transformer:
    """Lon/lat to the storage CRS, made once (a few ms each time): pyproj's Transformer is thread-safe
    (since 3.1), so every session and the report share it."""
    return Transformer.from_crs(MAP_CRS, STORAGE_CRS, always_xy=True)


def _projected(lons, lats, project) -> tuple[list, list]:
    """Lon/lat lists (``None`` between parts) in the storage CRS, the breaks kept."""
    xs, ys = [], []
    for lon, lat in zip(lons, lats, strict=True):
        if lon is None or lat is None:
            xs.append(None)
            ys.append(None)
        else:
            x, y = project(lon, lat)
            xs.append(x)
            ys.append(y)
    return xs, ys


def _vector_areas(trace, project) -> list[dict]:
    """One filled path per area of a ``choroplethmap`` trace (trace dicts for ``_figure``), coloured as
    its colour scale colours its value; with a colour bar, an invisible marker carries the scale. The
    first path carries the legend."""
    features = {f["id"]: f["geometry"] for f in trace.geojson["features"]}
    low, high = trace.zmin, trace.zmax
    scale = [[float(stop), colour] for stop, colour in trace.colorscale]
    line = trace.marker.line
    edge = {"color": line.color or "#ffffff", "width": line.width or 0.8}  # read once: each read is costly
    pairs = zip(trace.locations, trace.z, strict=True)
    drawn = [(location, value) for location, value in pairs if features.get(location) is not None]
    shares = [
        0.0 if low is None or high is None or high == low else (float(value) - low) / (high - low) for _, value in drawn
    ]
    colours = sample_colorscale(scale, [min(max(share, 0.0), 1.0) for share in shares]) if drawn else []
    name, group, legend = trace.name, trace.legendgroup or trace.name, bool(trace.showlegend)
    paths = []
    for (location, _), colour in zip(drawn, colours, strict=True):
        geometry = features[location]
        rings = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
        lons, lats = [], []
        for polygon in rings:
            for ring in polygon:
                lons += [p[0] for p in ring] + [None]
                lats += [p[1] for p in ring] + [None]
        xs, ys = _projected(lons, lats, project)
        paths.append(
            {
                "type": "scatter",
                "x": xs,
                "y": ys,
                "fill": "toself",
                "fillcolor": colour,
                "mode": "lines",
                "line": dict(edge),
                "name": name,
                "legendgroup": group,
                "showlegend": legend and not paths,
                "hoverinfo": "skip",
            }
        )
    if trace.showscale is not False and low is not None and high is not None:
        paths.append(
            {
                "type": "scatter",
                "x": [None],
                "y": [None],
                "mode": "markers",
                "marker": {
                    "colorscale": scale,
                    "cmin": low,
                    "cmax": high,
                    "color": [low],
                    "showscale": True,
                    "colorbar": trace.colorbar.to_plotly_json(),
                },
                "showlegend": False,
                "hoverinfo": "skip",
            }
        )
    return paths


# --- across programmes ------------------------------------------------------------------------------


def network_chart(data: crossviews.CrossInputs, codes: list[str], indicator_id: str, lang: str):
    """Horizontal bars of each chosen municipality's figure in the comparison year; Norway's figure
    for that year as a dashed line when it is comparable (not for a count: a country's total is no
    level for a municipality; counts get their share of the country's figure in the caption).
    Returns the figure and the caption lines. The numbers come from ``crossviews``."""
    names = area_names(data.areas)
    indicator = data.indicators[data.indicators["id"] == indicator_id].iloc[0]
    year = crossviews.comparison_year(data, codes, indicator_id)
    shown = pd.DataFrame(columns=["area_code", "value", "is_demo"])
    if year is not None:
        shown = crossviews.figures(data, indicator_id, year, codes).sort_values("value")
    fig = go.Figure(
        go.Bar(
            x=shown["value"],
            y=[names.get(c, c) for c in shown["area_code"]],
            orientation="h",
            marker_color="#1f5fa8",
            text=[format_number(v, 0, lang) for v in shown["value"]],
            textposition="auto",
            hovertemplate="%{y}: %{text}<extra></extra>",
        )
    )
    captions = []
    if indicator["aggregation"] == "sum":
        shares = crossviews.share_of_country(data, codes, indicator_id)
        if not shares.empty:
            text = ", ".join(
                f"{names.get(r.area_code, r.area_code)} {format_value(r.share, 'percent', 2, lang)}"
                for r in shares.itertuples()
            )
            captions.append(t("network_share_caption", lang, shares=text))
    elif year is not None:
        national = crossviews.comparison_value(data, indicator_id, year)
        if national is not None:
            fig.add_vline(x=national, line_dash="dash", line_color="#111111")
            captions.append(t("network_line_caption", lang, value=format_number(national, 1, lang), year=year))
    title = indicator[f"name_{lang}"] + (f" {year}" if year is not None else "")
    fig.update_layout(
        height=120 + 32 * max(len(shown), 1),
        margin={"l": 10, "r": 10, "t": 40, "b": 30},
        title=title,
        xaxis={"title": t("value", lang)},
    )
    return fig, captions
