"""Table styles: colours that repeat what a table's words already say (never the only carrier)."""

from __future__ import annotations

import pandas as pd

from omrademonitor.analysis import Assessment
from omrademonitor.i18n import t

MARK_COLOURS = {  # blue / neutral / orange, light
    Assessment.BETTER: "#d1e5f0",
    Assessment.SIMILAR: "#f7f7f7",
    Assessment.WORSE: "#fddbc7",
}


def profile_style(table: pd.DataFrame, profile: pd.DataFrame, lang: str):
    """The profile table (``tables.profile_table`` in ``lang``) with its against-the-city column shaded
    by the profile's ``vs_city`` (the words carry the same meaning)."""
    colours = [MARK_COLOURS.get(str(a), "") for a in profile["vs_city"]]
    return table.style.apply(
        lambda _: [f"background-color: {c}" if c else "" for c in colours], subset=[t("vs_city", lang)]
    )
