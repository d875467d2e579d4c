"""Table styles: colours that repeat what a table's words already say (never the only carrier)."""

from __future__ import annotations

import pandas as pd

MARK_COLOURS = {"better": "#d1e5f0", "similar": "#f7f7f7", "worse": "#fddbc7"}  # blue / neutral / orange, light


def profile_style(table: pd.DataFrame, profile: pd.DataFrame):
    """The profile table (``tables.profile_table``) with the against-the-city column shaded (the words
    carry the same meaning)."""
    column = table.columns[4]  # against the city
    colours = [MARK_COLOURS.get(str(a), "") for a in profile["vs_city"]]
    return table.style.apply(lambda _: [f"background-color: {c}" if c else "" for c in colours], subset=[column])
