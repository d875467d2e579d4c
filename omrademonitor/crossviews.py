"""Read-only views across programmes: the network view (municipalities side by side on shared
indicators, with their county and Norway where a figure exists) and the ministry overview (every
programme in the store: period, status per focus area, measures by status, latest report).

Pure functions over frames read from the store (``inputs``); no Streamlit and no words: they return
codes, numbers and frames of them, and ``presentation.crossview_tables`` (the tables) and
``presentation.charts.network_chart`` (the chart) turn them into what a reader sees. Programme definitions are
the stored copies (``programmes.definition_json``), read only for the fields every programme has
(id, name, municipality_code, start_year, duration_years, extension_years, focus_areas and the
optional indicators_without_data), so they work for any programme folder.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import pandas as pd

from omrademonitor.measures import MeasureStatus
from omrademonitor.scope import area_names

MUNICIPALITY = "kommune"
COUNTY = "fylke"
COUNTRY = "land"
STATUS_ORDER = [s.value for s in MeasureStatus]


@dataclass(frozen=True)
class CrossInputs:
    """What the cross-programme views read, all from the store."""

    programmes: pd.DataFrame  # id, name_nb, name_en, start_year, end_year, definition_json
    areas: pd.DataFrame  # code, name, level, parent_code
    observations: pd.DataFrame  # published: indicator_id, area_code, period, value, status
    indicators: pd.DataFrame  # id, name_nb, name_en, unit, aggregation, focus_area, definition_json
    measures: pd.DataFrame  # programme_id, measure_id, focus_area, status, is_demo
    reports: pd.DataFrame  # programme_id, report_id, reference_date, generated_at
    demo_batches: frozenset = frozenset()  # import batches of demonstration figures


def inputs(store) -> CrossInputs:
    """Read everything the cross-programme views need (published figures only)."""
    programmes = store.table("programmes")
    batches = store.table("import_batches")
    reports = [store.query("reports", programme_id=pid).assign(programme_id=pid) for pid in programmes["id"]]
    return CrossInputs(
        programmes=programmes,
        areas=store.table("areas"),
        observations=store.table("published_observations"),
        indicators=store.table("indicators"),
        measures=store.table("measures"),
        reports=pd.concat(reports, ignore_index=True) if reports else pd.DataFrame(columns=["programme_id"]),
        demo_batches=frozenset(batches.loc[batches["is_demo"], "batch_id"]),
    )


def definition(row) -> dict:
    """A stored programme definition as a plain dict."""
    return json.loads(row["definition_json"])


def _text(value, lang: str) -> str:
    if isinstance(value, dict):
        return value.get(lang) or value.get("nb") or ""
    return "" if value is None else str(value)


def _names(value) -> dict[str, str]:
    """A name from a programme definition (one text, or one per language) in both languages."""
    return {"nb": _text(value, "nb"), "en": _text(value, "en")}


# --- network view ----------------------------------------------------------------------------------


def municipalities(data: CrossInputs) -> pd.DataFrame:
    """Every municipality in the store: code, name, county code and county name."""
    areas = data.areas
    munis = areas[areas["level"] == MUNICIPALITY][["code", "name", "parent_code"]]
    counties = areas[areas["level"] == COUNTY][["code", "name"]].rename(
        columns={"code": "parent_code", "name": "county"}
    )
    return munis.merge(counties, on="parent_code", how="left").sort_values("code").reset_index(drop=True)


def programme_municipalities(data: CrossInputs) -> list[str]:
    """The municipalities of the programmes in the store (the network view's default choice)."""
    codes = [definition(row).get("municipality_code") for _, row in data.programmes.iterrows()]
    known = set(data.areas.loc[data.areas["level"] == MUNICIPALITY, "code"])
    return sorted({c for c in codes if c in known})


def shared_indicators(data: CrossInputs, codes: list[str]) -> list[str]:
    """Indicators the chosen municipalities share: a published figure for at least two of them (for
    the one, when only one is chosen), most widely shared first, then by id."""
    obs = data.observations
    have = obs[obs["area_code"].isin(codes) & obs["value"].notna()]
    counts = have.groupby("indicator_id")["area_code"].nunique()
    counts = counts[counts >= min(2, len(codes))]
    return sorted(counts.index, key=lambda i: (-counts[i], i))


def comparison_year(data: CrossInputs, codes: list[str], indicator_id: str) -> int | None:
    """The year the municipalities are compared in: the one with figures for the most of them, the
    latest of those (so every figure in a column is from the same year)."""
    obs = data.observations
    have = obs[(obs["indicator_id"] == indicator_id) & obs["area_code"].isin(codes) & obs["value"].notna()]
    if have.empty:
        return None
    counts = have.groupby("period")["area_code"].nunique()
    return int(max(counts.index, key=lambda p: (counts[p], p)))


def figures(data: CrossInputs, indicator_id: str, period: int, codes: list[str]) -> pd.DataFrame:
    """Published figures of one indicator and year for these areas: area_code, value, is_demo."""
    obs = data.observations
    hit = obs[
        (obs["indicator_id"] == indicator_id)
        & (obs["period"] == period)
        & obs["area_code"].isin(codes)
        & obs["value"].notna()
    ]
    return hit.assign(is_demo=hit["batch_id"].isin(data.demo_batches))[["area_code", "value", "is_demo"]]


@dataclass(frozen=True)
class NetworkColumn:
    """One indicator's column of the network table: the year its figures are from, and whether any of
    them is demonstration data."""

    indicator_id: str
    year: int
    demo: bool


def network_figures(
    data: CrossInputs, codes: list[str], indicator_ids: list[str]
) -> tuple[pd.DataFrame, list[NetworkColumn]]:
    """One row per chosen municipality, then each county they lie in and the country (``code``, ``name``,
    ``level``: county and country rows are comparison rows), and one column per indicator (named by its
    id) with its figure in its comparison year, NaN where no figure exists; with the ``NetworkColumn``
    of each indicator that has a comparison year, in the order asked for (the others have no column)."""
    munis = municipalities(data).set_index("code")
    names = area_names(data.areas)
    levels = dict(zip(data.areas["code"], data.areas["level"], strict=True))
    counties = list(dict.fromkeys(munis.loc[c, "parent_code"] for c in codes if c in munis.index))
    counties = [c for c in counties if isinstance(c, str)]
    country = data.areas.loc[data.areas["level"] == COUNTRY, "code"].tolist()
    rows_codes = [*codes, *counties, *country]
    frame = pd.DataFrame(
        {
            "code": rows_codes,
            "name": [names.get(c, c) for c in rows_codes],
            "level": [levels.get(c) for c in rows_codes],
        }
    )
    columns = []
    for indicator_id in indicator_ids:
        year = comparison_year(data, codes, indicator_id)
        if year is None:
            continue
        shown = figures(data, indicator_id, year, rows_codes).set_index("area_code")
        columns.append(NetworkColumn(indicator_id, year, bool(shown["is_demo"].any())))
        frame[indicator_id] = [shown["value"].get(c) for c in rows_codes]
    return frame, columns


def comparison_value(data: CrossInputs, indicator_id: str, period: int) -> float | None:
    """Norway's figure for an indicator and year, if the store has one (the comparison line)."""
    country = data.areas.loc[data.areas["level"] == COUNTRY, "code"].tolist()
    hit = figures(data, indicator_id, period, country)
    return None if hit.empty else float(hit["value"].iloc[0])


def share_of_country(data: CrossInputs, codes: list[str], indicator_id: str) -> pd.DataFrame:
    """For a count (aggregation ``sum``): each municipality's figure in the comparison year as a share
    (%) of Norway's figure for that year; empty when the country has no figure for it."""
    year = comparison_year(data, codes, indicator_id)
    national = None if year is None else comparison_value(data, indicator_id, year)
    if not national:
        return pd.DataFrame(columns=["area_code", "period", "share"])
    shown = figures(data, indicator_id, year, codes)
    return pd.DataFrame(
        {"area_code": shown["area_code"], "period": year, "share": 100 * shown["value"] / national}
    ).reset_index(drop=True)


# --- ministry overview -----------------------------------------------------------------------------


def _earlier_format(spec: dict) -> bool:
    """A stored definition of the earlier format: its focus areas name no indicators or themes (the
    indicators named the focus area instead)."""
    focus_areas = spec.get("focus_areas") or []
    return "indicators_without_data" not in spec and not any("indicators" in f or "themes" in f for f in focus_areas)


def _focus_indicators(focus: dict, data: CrossInputs, earlier_format: bool) -> list[str]:
    """A focus area's indicators: the ones it lists and the ones whose themes it names; for a stored
    definition of the earlier format, the indicators that name it as their focus area."""
    listed = list(focus.get("indicators") or [])
    themes = set(focus.get("themes") or [])
    for _, row in data.indicators.iterrows():
        spec = json.loads(row["definition_json"])
        by_theme = bool(themes & set(spec.get("themes") or []))
        by_old_field = earlier_format and spec.get("focus_area") == focus["id"]
        if by_theme or by_old_field:
            listed.append(row["id"])
    return list(dict.fromkeys(listed))


def _period(spec: dict) -> tuple[int, int]:
    start = int(spec["start_year"])
    return start, start + int(spec.get("duration_years") or 1) - 1 + int(spec.get("extension_years") or 0)


def measure_counts(measures: pd.DataFrame) -> dict[str, int]:
    """How many of ``measures`` have each status, in the statuses' order (statuses without any left out)."""
    counts = measures["status"].value_counts()
    return {s: int(counts[s]) for s in STATUS_ORDER if s in counts}


@dataclass(frozen=True)
class ProgrammeSummary:
    """One programme in the store as the ministry overview shows it."""

    id: str
    name: dict[str, str]  # per language
    municipality: str  # its name, or its code when the store has no such area
    first_year: int
    last_year: int
    focus_areas: int  # how many
    measures: dict[str, int]  # ``measure_counts``
    measures_demo: bool  # any of them demonstration data
    report_date: str | None  # the latest report's reference date (YYYY-MM-DD), None without a report
    report_id: int | None


@dataclass(frozen=True)
class FocusAreaSummary:
    """One focus area of a programme as the ministry's status per focus area shows it."""

    number: int | str  # as the definition numbers it ("" when it does not)
    name: dict[str, str]  # per language
    measures: dict[str, int]  # ``measure_counts``
    measures_demo: bool
    with_data: list[str]  # its indicators with published figures for the programme's areas (ids)
    named_without_data: list[dict[str, str]]  # names (per language) its source gives indicators without data
    without_data: list[str]  # its indicators without published figures (ids)


def programme_rows(data: CrossInputs) -> list[ProgrammeSummary]:
    """Every programme in the store, by id."""
    names = area_names(data.areas)
    rows = []
    for _, row in data.programmes.sort_values("id").iterrows():
        spec = definition(row)
        first, last = _period(spec)
        mine = data.measures[data.measures["programme_id"] == row["id"]]
        reports = data.reports[data.reports["programme_id"] == row["id"]]
        rows.append(
            ProgrammeSummary(
                id=row["id"],
                name=_names(spec.get("name")),
                municipality=names.get(spec.get("municipality_code"), spec.get("municipality_code")),
                first_year=first,
                last_year=last,
                focus_areas=len(spec.get("focus_areas") or []),
                measures=measure_counts(mine),
                measures_demo=bool(mine["is_demo"].any()),
                report_date=None if reports.empty else str(reports["reference_date"].iloc[0])[:10],
                report_id=None if reports.empty else int(reports["report_id"].iloc[0]),
            )
        )
    return rows


def focus_area_rows(data: CrossInputs, programme_id: str) -> list[FocusAreaSummary]:
    """Every focus area of one programme, by number."""
    row = data.programmes[data.programmes["id"] == programme_id].iloc[0]
    spec = definition(row)
    area_codes = [a["area_code"] for a in spec.get("programme_areas") or []]
    obs = data.observations
    with_data = set(obs.loc[obs["area_code"].isin(area_codes) & obs["value"].notna(), "indicator_id"])
    without = spec.get("indicators_without_data") or []
    mine = data.measures[data.measures["programme_id"] == programme_id]
    rows = []
    for focus in sorted(spec.get("focus_areas") or [], key=lambda f: f.get("number", 0)):
        indicators = _focus_indicators(focus, data, _earlier_format(spec))
        measures = mine[mine["focus_area"] == focus["id"]]
        rows.append(
            FocusAreaSummary(
                number=focus.get("number", ""),
                name=_names(focus.get("name")),
                measures=measure_counts(measures),
                measures_demo=bool(measures["is_demo"].any()),
                with_data=[i for i in indicators if i in with_data],
                named_without_data=[_names(w.get("name")) for w in without if w.get("focus_area") == focus["id"]],
                without_data=[i for i in indicators if i not in with_data],
            )
        )
    return rows
