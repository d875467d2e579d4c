"""Figures built from view data: pure functions, data in, plotly figure out.

Label, unit and number format come from the indicator definition and ``i18n``, never from pages.
Colours are colour-blind safe (orange–blue diverging, after ColorBrewer PuOr/RdBu) and are
never the only carrier of meaning: hover text and the table alternative say the same.

Maps are drawn on plain x/y axes in EPSG:25833 rather than plotly's geo or tile maps, which
fetch base maps from the internet: the app must work on closed networks and export offline.
Names from data are HTML-escaped before plotly renders them. Every area trace carries
``meta = {"code", "status", "value"}`` naming what it draws.
"""

from __future__ import annotations

import re
import zlib
from functools import lru_cache
from html import escape
from typing import NamedTuple

import geopandas as gpd
import numpy as np
import plotly.graph_objects as go
from plotly.colors import sample_colorscale

from omrademonitor.geography import STORAGE_CRS
from omrademonitor.i18n import format_change, format_number, format_value, t
from omrademonitor.registry import Direction, Indicator

WORSE_TO_BETTER = ["#b35806", "#e08214", "#fdb863", "#f7f7f7", "#92c5de", "#4393c3", "#2166ac"]
SEQUENTIAL = ["#f7fbff", "#c6dbef", "#6baed6", "#2171b5", "#08306b"]
SUPPRESSED_COLOUR = "#8c8c8c"
MISSING_COLOUR = "#e6e6e6"
OUTLINE_COLOUR = "#111111"
SEPARATORS = {"nb": ",\u00a0", "en": ".,"}


def unit_label(indicator: Indicator, lang: str) -> str:
    """The unit as words: "prosent", "per 1 000", "antall"."""
    return t(f"unit_{indicator.unit.value}", lang)


def _colorscale(colours: list[str]) -> list[list]:
    return [[i / (len(colours) - 1), c] for i, c in enumerate(colours)]


def _rings(geom) -> tuple[list, list]:
    """Exterior rings of a (multi)polygon as x/y lists separated by None."""
    xs, ys = [], []
    for polygon in getattr(geom, "geoms", [geom]):
        x, y = polygon.exterior.coords.xy
        xs += [*x, None]
        ys += [*y, None]
    return xs, ys


def _counts_text(numerator: float, denominator: float, lang: str) -> str:
    if np.isnan(numerator) or np.isnan(denominator):
        return ""
    of = "av" if lang == "nb" else "of"
    return f"<br>{format_number(numerator, 0, lang)} {of} {format_number(denominator, 0, lang)}"


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


def choropleth(
    frame: gpd.GeoDataFrame,
    indicator: Indicator,
    period: int,
    city_value: float | None,
    outlines: gpd.GeoDataFrame,
    lang: str,
    approximate: bool,
    demo: bool,
    change: bool = False,
) -> go.Figure:
    """Choropleth of one indicator and year, programme areas outlined and labelled.

    With ``change``, values are changes between two years and ``city_value`` is 0: the colours still
    follow the indicator's direction (an improvement is blue).

    ``frame`` comes from ``views.map_frame``: hidden figures are drawn grey as suppressed,
    areas without an observation light grey as missing, each with its own legend entry.
    """
    projected = frame.to_crs(STORAGE_CRS)
    values = projected["value"].to_numpy(dtype=float)
    scale = colour_scale(indicator, values[~np.isnan(values)], city_value)
    span = scale["cmax"] - scale["cmin"]
    fig = go.Figure()
    legend_shown = set()
    for row, value in zip(projected.itertuples(), values, strict=True):
        xs, ys = _rings(row.geometry)
        if np.isnan(value):
            status = "suppressed" if row.status == "suppressed" else "missing"
            label = t("suppressed" if status == "suppressed" else "no_data", lang)
            colour = SUPPRESSED_COLOUR if status == "suppressed" else MISSING_COLOUR
            text = f"<b>{escape(row.name)}</b><br>{label}"
        else:
            status, label = "shown", None
            colour = sample_colorscale(scale["colorscale"], [min(1.0, max(0.0, (value - scale["cmin"]) / span))])[0]
            shown = format_change if change else format_value
            text = (
                f"<b>{escape(row.name)}</b><br>{shown(value, indicator.unit.value, indicator.decimals, lang)}"
                f"{_counts_text(row.numerator, row.denominator, lang)}<br>{t('year', lang)} {period}"
            )
        fig.add_trace(
            go.Scatter(
                x=xs,
                y=ys,
                mode="lines",
                fill="toself",
                fillcolor=colour,
                line={"color": "#ffffff", "width": 0.8},
                hoveron="fills",
                hoverinfo="text",
                text=text,
                name=label or row.name,
                legendgroup=status,
                showlegend=label is not None and status not in legend_shown,
                meta={"code": row.code, "status": status, "value": None if np.isnan(value) else float(value)},
            )
        )
        legend_shown.add(status)
    fig.add_trace(
        go.Scatter(  # carries the colour bar only
            x=[None],
            y=[None],
            mode="markers",
            hoverinfo="skip",
            showlegend=False,
            marker={
                "colorscale": scale["colorscale"],
                "cmin": scale["cmin"],
                "cmax": scale["cmax"],
                "color": [scale["cmin"]],
                "showscale": True,
                "colorbar": {
                    "title": {"text": unit_label(indicator, lang) + (f", {t('unit_change', lang)}" if change else "")},
                    "len": 0.7,
                    "thickness": 14,
                },
            },
        )
    )
    outlines = outlines.to_crs(STORAGE_CRS) if len(outlines) else outlines
    if len(outlines):
        fig.add_trace(_outline_trace(outlines, lang))
    notes = [t("approx_shapes_short", lang)] * approximate + [t("demo_short", lang)] * demo
    fig.update_layout(
        xaxis={"visible": False},
        yaxis={"visible": False, "scaleanchor": "x", "scaleratio": 1},
        plot_bgcolor="#ffffff",
        paper_bgcolor="#ffffff",
        hovermode="closest",
        margin={"l": 0, "r": 0, "t": 40, "b": 10},
        height=660,
        separators=SEPARATORS[lang],
        showlegend=True,
        legend={"orientation": "h", "yanchor": "bottom", "y": 0.0, "x": 0, "bgcolor": "rgba(255,255,255,0.85)"},
        annotations=_labels(outlines)
        + (
            [
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
            else []
        ),
    )
    return fig


def _outline_trace(outlines: gpd.GeoDataFrame, lang: str) -> go.Scatter:
    """Thick outlines of the programme areas."""
    xs, ys = [], []
    for geom in outlines.geometry:
        x, y = _rings(geom)
        xs += x
        ys += y
    return go.Scatter(
        x=xs,
        y=ys,
        mode="lines",
        line={"color": OUTLINE_COLOUR, "width": 3},
        name=t("programme_area_label", lang),
        hoverinfo="skip",
        showlegend=True,
    )


def _labels(outlines: gpd.GeoDataFrame) -> list[dict]:
    """Name labels for the programme areas, on white boxes with a pointer, to the west of each area."""
    if outlines.empty:
        return []
    points = outlines.geometry.representative_point()
    return [
        {
            "x": p.x,
            "y": p.y,
            "text": f"<b>{escape(name)}</b>",
            "showarrow": True,
            "arrowcolor": OUTLINE_COLOUR,
            "ax": -90,
            "ay": -30,
            "bgcolor": "rgba(255,255,255,0.9)",
            "bordercolor": OUTLINE_COLOUR,
            "font": {"size": 14, "color": OUTLINE_COLOUR},
        }
        for p, name in zip(points, outlines["name"], strict=True)
    ]


def drawn_areas(fig: go.Figure) -> list[dict]:
    """What each area trace of a map draws: code, status and value (None when not shown)."""
    return [trace.meta for trace in fig.data if isinstance(trace.meta, dict) and "code" in trace.meta]


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
    ``frame`` comes from ``views.series``; ``measures`` from ``tracking.measure_annotations``."""
    fig = go.Figure()
    for code, rows in frame.groupby("area_code", sort=False):
        name = escape(str(rows["area_name"].iloc[0]))
        style = area_style(str(code))
        values = rows["value"].astype(float)
        has_ci = rows["ci_lower"].notna().any() and rows["ci_upper"].notna().any()
        error = (
            {
                "type": "data",
                "symmetric": False,
                "array": (rows["ci_upper"] - values).to_numpy(),
                "arrayminus": (values - rows["ci_lower"]).to_numpy(),
                "thickness": 1,
                "width": 3,
            }
            if has_ci
            else None
        )
        text = [format_value(v, indicator.unit.value, indicator.decimals, lang) for v in values]
        fig.add_trace(
            go.Scatter(
                x=rows["period"],
                y=values,
                mode="lines+markers",
                name=name,
                connectgaps=False,
                line={"color": style.colour, "dash": style.dash, "width": style.width},
                marker={"symbol": style.marker, "size": 8},
                error_y=error,
                text=text,
                hovertemplate=f"<b>{name}</b><br>%{{x}}: %{{text}}<extra></extra>",
                meta={"code": code},
            )
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
            "text": t("programme_period_band", lang),
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
        fig.add_trace(
            go.Scatter(
                x=[target.year],
                y=[target.value],
                mode="markers+text",
                name=t("target" if target.adopted else "proposed_target", lang),
                marker={
                    "symbol": "star" if target.adopted else "star-open",
                    "size": 16,
                    "color": "#009E73" if target.adopted else "#777777",
                    "line": {"color": "#000000", "width": 1},
                },
                text=[f"{t(label, lang, year=target.year)}: {target_text}"],
                textposition="top left",
                hovertemplate="%{text}<extra></extra>",
                meta={"target": True, "adopted": target.adopted},
            )
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
        fig.add_trace(
            go.Scatter(
                x=events["year"],
                y=[0] * len(events),
                mode="markers",
                name=t("events_title", lang),
                marker={"symbol": "triangle-up", "size": 12, "color": "#666666"},
                text=titles,
                hovertemplate="%{x}: %{text}<extra></extra>",
                meta={"events": True},
            )
        )
    if measures is not None and len(measures):
        fig.add_trace(
            go.Scatter(
                x=[year_position(d) for d in measures["date"]],
                y=[0] * len(measures),
                mode="markers",
                name=t("measures_on_chart", lang),
                marker={
                    "symbol": ["triangle-right" if k == "start" else "square" for k in measures["kind"]],
                    "size": 11,
                    "color": "#D55E00",
                    "line": {"color": "#000000", "width": 1},
                },
                text=[
                    f"{d.isoformat()}: {escape(label)}"
                    for d, label in zip(measures["date"], measures["label"], strict=True)
                ],
                hovertemplate="%{text}<extra></extra>",
                meta={"measures": True},
            )
        )
    if demo:
        annotations.append(
            {
                "text": t("demo_short", lang),
                "showarrow": False,
                "xref": "paper",
                "yref": "paper",
                "x": 0,
                "y": 1.08,
                "xanchor": "left",
                "font": {"size": 12, "color": "#333333"},
            }
        )
    fig.update_layout(
        shapes=shapes,
        annotations=annotations,
        separators=SEPARATORS[lang],
        height=460,
        hovermode="x unified",
        margin={"l": 10, "r": 10, "t": 50, "b": 10},
        showlegend=True,  # every area named, also when a page makes the chart small
        legend={"orientation": "h", "yanchor": "top", "y": -0.2},  # below the year axis and its title
        xaxis={"dtick": 1, "title": t("year", lang)},
        yaxis={"title": unit_label(indicator, lang), "rangemode": "tozero"},
        plot_bgcolor="#ffffff",
    )
    return fig


def event_study_chart(table, indicator: Indicator, first_post_period: int, lang: str) -> go.Figure:
    """Effects by year relative to the start with their placebo intervals; the reference year hollow,
    zero drawn, the start marked. ``table`` comes from ``did.event_study``."""
    estimated, reference = table[~table["reference"]], table[table["reference"]]
    fig = go.Figure()
    text = [format_change(v, indicator.unit.value, indicator.decimals + 1, lang) for v in estimated["effect"]]
    fig.add_trace(
        go.Scatter(
            x=estimated["period"],
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
            hovertemplate="%{x}: %{text}<extra></extra>",
        )
    )
    fig.add_trace(
        go.Scatter(
            x=reference["period"],
            y=reference["effect"],
            mode="markers",
            name=t("event_reference", lang, year=int(reference["period"].iloc[0])) if len(reference) else "",
            marker={"size": 10, "color": "#ffffff", "line": {"color": OKABE_ITO["blue"], "width": 2}},
            hoverinfo="skip",
        )
    )
    fig.add_hline(y=0, line={"color": "#555555", "width": 1})
    fig.add_vline(x=first_post_period - 0.5, line={"dash": "dash", "color": "#555555"})
    fig.update_layout(
        separators=SEPARATORS[lang],
        height=380,
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
        showlegend=True,
        legend={"orientation": "h", "y": -0.2},
        xaxis={"dtick": 1, "title": t("year", lang)},
        yaxis={"title": f"{t('event_axis', lang)} ({unit_label(indicator, lang)})"},
        plot_bgcolor="#ffffff",
    )
    return fig


def year_position(day) -> float:
    """Where a day falls on a yearly axis whose tick N stands for the whole year N (N-0.5 to N+0.5)."""
    days = 366 if day.year % 4 == 0 and (day.year % 100 != 0 or day.year % 400 == 0) else 365
    return day.year - 0.5 + (day.timetuple().tm_yday - 1) / days


def series_alt_text(indicator: Indicator, frame, lang: str) -> str:
    """A one-sentence description of a time series for screen readers."""
    areas = ", ".join(dict.fromkeys(frame["area_name"])) if len(frame) else "–"
    years = f"{int(frame['period'].min())}–{int(frame['period'].max())}" if len(frame) else ""
    return f"{indicator.name.get(lang)}, {years}: {areas}."
