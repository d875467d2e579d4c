"""Public downloads as numbers: the figures a viewer sees, one row per figure, for CSV and Excel.

Every public download (map, indicator explorer, area profile, focus area) is built here. Values are
numbers rounded as shown, with a ``unit`` column and a ``status`` column (``final``, ``provisional``,
``suppressed``, ``missing``); a hidden or absent figure is an empty cell, never display text. The
``symbol`` column uses Statistics Norway's standard symbols: ``:`` confidential (suppressed), ``..``
not available, ``*`` provisional, empty for a final figure. Never ``–``, which in SSB's tables means nil.

Every row names its period twice: ``period``, the sortable number the store keeps (the year for an
annual indicator; 20234 for the fourth quarter of 2023, see ``periods.py``), and ``period_code``,
SSB's own code for it (``2023``, ``2023K4``, ``2019-2021``, ``2023M12``), which is what a reader of a
non-annual indicator should read.
"""

from __future__ import annotations

import pandas as pd

from omrademonitor.indicator_registry import Indicator, Registry
from omrademonitor.periods import code as period_code
from omrademonitor.vocabulary import is_missing

SSB_SYMBOLS = {"final": "", "provisional": "*", "suppressed": ":", "missing": ".."}
HIDDEN = ("suppressed", "missing")
PUBLIC_COLUMNS = [
    "indicator_id",
    "indicator_name",
    "area_code",
    "area_name",
    "period",
    "period_code",
    "value",
    "ci_lower",
    "ci_upper",
    "unit",
    "status",
    "symbol",
]


def symbol(status: str) -> str:
    """SSB's symbol for a figure's status (``..`` for a status SSB has no symbol for)."""
    return SSB_SYMBOLS.get(status, "..")


def codes(periods, indicator: Indicator) -> list[str | None]:
    """SSB's code of each stored period of ``indicator`` (None for a missing one)."""
    return [
        None if is_missing(p) else period_code(int(p), indicator.period_type, indicator.period_span) for p in periods
    ]


def public_figures(frame: pd.DataFrame, indicator: Indicator, lang: str, counts: bool = False) -> pd.DataFrame:
    """One indicator's published figures as numbers, for download.

    ``frame`` has ``area_code``, ``area_name``, ``period``, ``value``, ``ci_lower``, ``ci_upper``,
    ``status`` (and ``numerator``, ``denominator`` when ``counts``). Hidden figures are left empty
    even if a number reached the frame.
    """
    numbers = ["value", "ci_lower", "ci_upper", *(["numerator", "denominator"] if counts else [])]
    status = frame["status"].fillna("missing").astype(str).to_numpy()
    hidden = pd.Series(status).isin(HIDDEN).to_numpy()
    out = pd.DataFrame(
        {
            "indicator_id": indicator.id,
            "indicator_name": indicator.name.get(lang),
            "area_code": frame["area_code"].to_numpy(),
            "area_name": frame["area_name"].to_numpy(),
            "period": pd.array(frame["period"].to_numpy(), dtype="Int64"),
            "period_code": codes(frame["period"], indicator),
        }
    )
    for column in numbers:
        values = pd.to_numeric(pd.Series(frame[column].to_numpy()), errors="coerce").astype(float)
        digits = 0 if column in ("numerator", "denominator") else indicator.decimals
        out[column] = values.where(~hidden).round(digits)
    out["unit"] = indicator.unit.value
    out["status"] = status
    out["symbol"] = [symbol(s) for s in status]
    return out


def series_figures(frames: list[tuple[Indicator, pd.DataFrame]], lang: str) -> pd.DataFrame:
    """Several indicators' series (each as ``figures.series`` gives it) in one long table."""
    parts = [public_figures(frame, ind, lang) for ind, frame in frames if len(frame)]
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=PUBLIC_COLUMNS)


def profile_figures(profile: pd.DataFrame, registry: Registry, area_code: str, area_name: str, lang: str):
    """The area profile (``figures.area_profile``) as numbers: the area's latest figure, the city's
    figure that year, and the judgements as codes (``better``, ``similar``, ``worse``, ...)."""
    inds = [registry[i] for i in profile["indicator_id"]]
    status = profile["status"].astype(str).to_numpy()
    hidden = pd.Series(status).isin(HIDDEN).to_numpy()

    def rounded(column):
        values = pd.to_numeric(pd.Series(profile[column].to_numpy()), errors="coerce").astype(float)
        return pd.Series([round(v, ind.decimals) for v, ind in zip(values, inds, strict=True)]).where(~hidden)

    return pd.DataFrame(
        {
            "indicator_id": profile["indicator_id"].to_numpy(),
            "indicator_name": [ind.name.get(lang) for ind in inds],
            "focus_area": profile["focus_area"].to_numpy(),
            "area_code": area_code,
            "area_name": area_name,
            "period": pd.array(profile["latest_period"].to_numpy(), dtype="Int64"),
            "period_code": [codes([p], ind)[0] for p, ind in zip(profile["latest_period"], inds, strict=True)],
            "value": rounded("value"),
            "city_value": rounded("city_value"),
            "unit": [ind.unit.value for ind in inds],
            "vs_city": profile["vs_city"].astype(str).to_numpy(),
            "trend": profile["trend"].astype(str).to_numpy(),
            "status": status,
            "symbol": [symbol(s) for s in status],
        }
    )
