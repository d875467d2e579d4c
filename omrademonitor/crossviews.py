"""Read-only views across programmes: the network view (municipalities side by side on shared
indicators, with their county and Norway where a figure exists) and the ministry overview (every
programme in the store: period, status per focus area, measures by status, latest report).

Pure functions over frames read from the store (``inputs``); no Streamlit. Programme definitions are
the stored copies (``programmes.definition_json``), read only for the fields every programme has
(id, name, municipality_code, start_year, duration_years, extension_years, focus_areas and the
optional indicators_without_data), so they work for any programme folder.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import pandas as pd

from omrademonitor import labels
from omrademonitor.i18n import t
from omrademonitor.measures import MeasureStatus
from omrademonitor.scope import area_names

MUNICIPALITY = "kommune"
COUNTY = "fylke"
COUNTRY = "land"
STATUS_ORDER = [s.value for s in MeasureStatus]
PERCENT = {"nb": "\u00a0%", "en": "%"}


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


def network_table(data: CrossInputs, codes: list[str], indicator_ids: list[str], lang: str) -> pd.DataFrame:
    """One row per chosen municipality, then each county they lie in and the country: each
    indicator's figure in its comparison year (named in the column; demonstration figures marked
    there). County and country rows are comparison rows (``kind``); empty where no figure exists."""
    munis = municipalities(data).set_index("code")
    names = area_names(data.areas)
    levels = dict(zip(data.areas["code"], data.areas["level"], strict=True))
    counties = list(dict.fromkeys(munis.loc[c, "parent_code"] for c in codes if c in munis.index))
    counties = [c for c in counties if isinstance(c, str)]
    country = data.areas.loc[data.areas["level"] == COUNTRY, "code"].tolist()
    rows_codes = [*codes, *counties, *country]
    table = pd.DataFrame(
        {
            t("area", lang): [names.get(c, c) for c in rows_codes],
            t("network_col_code", lang): rows_codes,
            t("level", lang): [
                t(labels.NETWORK_KIND_LABEL_KEYS.get(levels.get(c), "network_kind_municipality"), lang)
                for c in rows_codes
            ],
        }
    )
    indicator_names = dict(zip(data.indicators["id"], data.indicators[f"name_{lang}"], strict=True))
    for indicator_id in indicator_ids:
        year = comparison_year(data, codes, indicator_id)
        if year is None:
            continue
        shown = figures(data, indicator_id, year, rows_codes).set_index("area_code")
        label = f"{indicator_names.get(indicator_id, indicator_id)} {year}"
        if shown["is_demo"].any():
            label += t("ministry_demo_suffix", lang)
        table[label] = [shown["value"].get(c) for c in rows_codes]
    return table


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


def _status_counts(measures: pd.DataFrame, lang: str) -> str:
    if measures.empty:
        return t("ministry_no_measures", lang)
    counts = measures["status"].value_counts()
    parts = [f"{t(labels.MEASURE_STATUS_LABEL_KEYS[s], lang)} {counts[s]}" for s in STATUS_ORDER if s in counts]
    demo = t("ministry_demo_suffix", lang) if measures["is_demo"].any() else ""
    return ", ".join(parts) + demo


def ministry_overview(data: CrossInputs, lang: str) -> pd.DataFrame:
    """One row per programme in the store: name, municipality, period, focus areas, measures by status,
    latest report."""
    names = area_names(data.areas)
    rows = []
    for _, row in data.programmes.sort_values("id").iterrows():
        spec = definition(row)
        first, last = _period(spec)
        mine = data.measures[data.measures["programme_id"] == row["id"]]
        reports = data.reports[data.reports["programme_id"] == row["id"]]
        latest = (
            t(
                "ministry_report_line",
                lang,
                date=str(reports["reference_date"].iloc[0])[:10],
                id=int(reports["report_id"].iloc[0]),
            )
            if not reports.empty
            else t("ministry_no_report", lang)
        )
        rows.append(
            {
                t("choose_programme", lang): _text(spec.get("name"), lang),
                t("ministry_col_municipality", lang): names.get(
                    spec.get("municipality_code"), spec.get("municipality_code")
                ),
                t("period", lang): f"{first}–{last}",
                t("focus_areas", lang): len(spec.get("focus_areas") or []),
                t("ministry_col_measures", lang): _status_counts(mine, lang),
                t("ministry_col_report", lang): latest,
                "id": row["id"],
            }
        )
    return pd.DataFrame(rows)


def focus_area_status(data: CrossInputs, programme_id: str, lang: str) -> pd.DataFrame:
    """Per focus area of one programme: measures by status, indicators with published figures for
    the programme's areas, and the indicators its source names without data in the store."""
    row = data.programmes[data.programmes["id"] == programme_id].iloc[0]
    spec = definition(row)
    area_codes = [a["area_code"] for a in spec.get("programme_areas") or []]
    obs = data.observations
    with_data = set(obs.loc[obs["area_code"].isin(area_codes) & obs["value"].notna(), "indicator_id"])
    without = spec.get("indicators_without_data") or []
    mine = data.measures[data.measures["programme_id"] == programme_id]
    indicator_names = dict(zip(data.indicators["id"], data.indicators[f"name_{lang}"], strict=True))
    rows = []
    for focus in sorted(spec.get("focus_areas") or [], key=lambda f: f.get("number", 0)):
        indicators = _focus_indicators(focus, data, _earlier_format(spec))
        covered = [indicator_names.get(i, i) for i in indicators if i in with_data]
        missing = [_text(w.get("name"), lang) for w in without if w.get("focus_area") == focus["id"]]
        missing += [indicator_names.get(i, i) for i in indicators if i not in with_data]
        rows.append(
            {
                t("focus_area", lang): f"{focus.get('number', '')}. {_text(focus.get('name'), lang)}".strip(". "),
                t("ministry_col_measures", lang): _status_counts(mine[mine["focus_area"] == focus["id"]], lang),
                t("ministry_col_with_data", lang): ", ".join(covered) if covered else t("ministry_no_indicators", lang),
                t("ministry_col_no_data_yet", lang): "; ".join(missing),
            }
        )
    return pd.DataFrame(rows)


def network_chart(data: CrossInputs, codes: list[str], indicator_id: str, lang: str):
    """Horizontal bars of each chosen municipality's figure in the comparison year; Norway's figure
    for that year as a dashed line when it is comparable (not for a count: a country's total is no
    level for a municipality; counts get their share of the country's figure in the caption).
    Returns the figure and the caption lines."""
    import plotly.graph_objects as go

    from omrademonitor.presentation.formatting import format_number

    names = area_names(data.areas)
    indicator = data.indicators[data.indicators["id"] == indicator_id].iloc[0]
    year = comparison_year(data, codes, indicator_id)
    shown = pd.DataFrame(columns=["area_code", "value", "is_demo"])
    if year is not None:
        shown = figures(data, indicator_id, year, codes).sort_values("value")
    labels = [names.get(c, c) for c in shown["area_code"]]
    fig = go.Figure(
        go.Bar(
            x=shown["value"],
            y=labels,
            orientation="h",
            marker_color="#1f5fa8",
            text=[format_number(v, 0, lang) for v in shown["value"]],
            textposition="auto",
            hovertemplate="%{y}: %{text}<extra></extra>",
        )
    )
    captions = []
    if indicator["aggregation"] == "sum":
        shares = share_of_country(data, codes, indicator_id)
        if not shares.empty:
            text = ", ".join(
                f"{names.get(r.area_code, r.area_code)} {format_number(r.share, 2, lang)}{PERCENT[lang]}"
                for r in shares.itertuples()
            )
            captions.append(t("network_share_caption", lang, shares=text))
    elif year is not None:
        national = comparison_value(data, indicator_id, year)
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
