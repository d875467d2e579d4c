"""Charts as image files (PNG, SVG) that carry their title, source and date inside the image.

A chart copied into a slide or a newspaper loses the page around it, so the exported image repeats
what the page says: the indicator as title, a source line and the day it was made. Drawn by kaleido
with the system's Chromium, from the same figure the page shows (a copy: the page's figure is not
changed). The legend moves to the right, so the source line under the plot never collides with it.
"""

from __future__ import annotations

import datetime as dt
import warnings
from html import escape

import plotly.graph_objects as go

from omrademonitor.i18n import t
from omrademonitor.indicator_registry import Indicator
from omrademonitor.presentation.formatting import format_date

FORMATS = {"png": "image/png", "svg": "image/svg+xml"}
WIDTH, HEIGHT = 1100, 620
SOURCE_GAP_PX = 70  # below the plot area: the year axis, its title, then the source line


class ChartImageError(RuntimeError):
    """The image could not be drawn (no Chromium, or kaleido failed)."""


def source_text(indicator: Indicator, lang: str) -> str:
    """The indicator's source as a reader cites it: its name, and SSB's table number where there is one."""
    name = indicator.source.name.get(lang)
    table = indicator.source.ssb_table
    if table and table not in name:
        return t("chart_source_with_table", lang, source=name, table=table)
    return name


def captioned(figure: go.Figure, title: str, source: str, made: dt.date, lang: str) -> go.Figure:
    """A copy of ``figure`` with ``title`` above the plot and a line with the source and date below it."""
    fig = go.Figure(figure)
    margin = fig.layout.margin
    fig.update_layout(
        title={"text": escape(title), "x": 0.01, "xanchor": "left", "font": {"size": 18}},
        margin={
            "l": max(margin.l or 0, 60),
            "r": max(margin.r or 0, 20),
            "t": max(margin.t or 0, 70),
            "b": max(margin.b or 0, SOURCE_GAP_PX + 30),
        },
        legend={"orientation": "v", "x": 1.01, "xanchor": "left", "y": 1, "yanchor": "top"},
        paper_bgcolor="white",
    )
    line = f"{t('chart_source', lang, source=source)} · {t('chart_made', lang, date=format_date(made, lang))}"
    fig.add_annotation(
        text=escape(line),
        xref="paper",
        yref="paper",
        x=0,
        y=0,
        xanchor="left",
        yanchor="top",
        yshift=-SOURCE_GAP_PX,
        showarrow=False,
        align="left",
        font={"size": 12, "color": "#333333"},
    )
    return fig


def chart_image(
    figure: go.Figure,
    fmt: str,
    title: str,
    source: str,
    made: dt.date,
    lang: str,
    width: int = WIDTH,
    height: int = HEIGHT,
) -> bytes:
    """The figure as PNG or SVG bytes, with title, source and date drawn in."""
    if fmt not in FORMATS:
        raise ValueError(f"image format must be one of {', '.join(FORMATS)}, not '{fmt}'")
    fig = captioned(figure, title, source, made, lang)
    for i, trace in enumerate(fig.data):
        trace.uid = f"trace{i}"  # plotly.js would draw a random one into an SVG
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message="The kopts argument is ignored")
            return fig.to_image(format=fmt, width=width, height=height, scale=2 if fmt == "png" else 1)
    except Exception as exc:  # kaleido's errors: no browser, a browser that died, a timeout
        raise ChartImageError(f"the chart could not be drawn as {fmt.upper()}: {exc}") from exc
