"""What the map and the indicator explorer show besides their chart, made in one go from the view data,
so the UI can keep it per choice and data version and a rerun draws it without redoing the work.

Pure functions: data in, tables and texts out (the same calls the pages made one by one before).
"""

from __future__ import annotations

from typing import NamedTuple

import pandas as pd

from omrademonitor.downloads import public_figures
from omrademonitor.figures import demo_flags, map_download, provenance, series_download
from omrademonitor.indicator_registry import Indicator
from omrademonitor.presentation.tables import batches_table, map_table, series_table
from omrademonitor.presentation.texts import shown_data_note
from omrademonitor.scope import area_names


class MapView(NamedTuple):
    """The map page's text and tables for one indicator, level and year (or change since ``first``)."""

    note: str  # what the figures shown are (demonstration or real)
    names: dict[str, str]  # area code → name, in the map's order (the profile link's choices)
    provenance: pd.DataFrame  # the import batches behind the figures, formatted
    table: pd.DataFrame  # the table alternative to the map
    shown: pd.DataFrame  # the public download: what the map shows, as numbers
    figures: pd.DataFrame  # the full figures behind the map (researchers' download)


def map_view(frame: pd.DataFrame, batches: pd.DataFrame, indicator: Indicator, year: int, lang: str, first=None):
    """``MapView`` of a map frame (``figures.map_frame`` or ``figures.change_frame``); ``first`` when it
    holds changes since that year (the download then has no interval and says the first year)."""
    frame = pd.DataFrame(frame.drop(columns="geometry", errors="ignore"))
    frame = frame.assign(is_demo=demo_flags(batches, frame["batch_id"]).to_numpy())
    figures = map_download(frame, indicator, year)
    shown = public_figures(figures, indicator, lang, counts=True)
    if first is not None:  # the values are changes since ``first``: no interval belongs to them
        shown[["ci_lower", "ci_upper"]] = float("nan")
        shown.insert(shown.columns.get_loc("period"), "change_from_period", first)
    return MapView(
        note=shown_data_note(frame[frame["value"].notna()], lang, per_area=True),
        names=area_names(frame),
        provenance=batches_table(provenance(batches, frame["batch_id"]), lang),
        table=map_table(frame, indicator, lang),
        shown=shown,
        figures=figures,
    )


class SeriesView(NamedTuple):
    """The explorer's tables for one indicator and set of areas."""

    table: pd.DataFrame  # exactly the numbers the chart shows
    shown: pd.DataFrame  # the public download
    figures: pd.DataFrame  # the full figures (researchers' download)


def series_view(frame: pd.DataFrame, indicator: Indicator, lang: str) -> SeriesView:
    """``SeriesView`` of a series frame (``figures.series``)."""
    return SeriesView(
        table=series_table(frame, indicator, lang),
        shown=public_figures(frame, indicator, lang),
        figures=series_download(frame, indicator) if len(frame) else frame.iloc[0:0],
    )
