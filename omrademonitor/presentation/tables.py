"""Display tables of what the figures module reads, with headings and words in the reader's language:
a map's table alternative, a time series' numbers, an area's profile, the audit log, the users and the
import batches. Each takes a frame of numbers and codes and returns a frame of text."""

from __future__ import annotations

import pandas as pd

from omrademonitor import labels
from omrademonitor.figures import demo_state
from omrademonitor.i18n import t
from omrademonitor.indicator_registry import Indicator, Registry
from omrademonitor.presentation.formatting import (
    NO_VALUE,
    format_number,
    format_value,
    no_figure_text,
    period_label,
    period_text,
    status_text,
    timestamp_text,
)
from omrademonitor.presentation.texts import action_text, actor_text
from omrademonitor.vocabulary import is_missing


def map_table(frame: pd.DataFrame, indicator: Indicator, lang: str) -> pd.DataFrame:
    """The table alternative to a map: exactly the figures drawn, formatted, hidden ones marked; with an
    ``is_demo`` column in ``frame``, a column saying per figure whether it is real or demonstration data."""
    ordered = frame.sort_values("name")
    kinds = (
        {
            t("data_kind", lang): [
                NO_VALUE if is_missing(v) else t(labels.DATA_KIND_LABEL_KEYS["demo" if d else "real"], lang)
                for v, d in zip(ordered["value"], ordered["is_demo"], strict=True)
            ]
        }
        if "is_demo" in ordered.columns
        else {}
    )
    return pd.DataFrame(
        {
            t("area", lang): ordered["name"].to_numpy(),
            t("value", lang): [
                format_value(v, indicator.unit.value, indicator.decimals, lang) for v in ordered["value"]
            ],
            t("numerator", lang): [format_number(v, 0, lang) for v in ordered["numerator"]],
            t("denominator", lang): [format_number(v, 0, lang) for v in ordered["denominator"]],
            t("status", lang): [status_text(s, lang) for s in ordered["status"]],
            **kinds,
        }
    )


USER_COLUMNS = {
    "username": "username",
    "display_name": "display_name",
    "role": "role",
    "auth": "login_method",
    "active": "active",
    "created_at": "created",
}
AUDIT_COLUMNS = {
    "audit_id": "audit_id",
    "occurred_at": "when",
    "actor": "filter_actor",
    "actor_role": "role",
    "action": "filter_action",
    "target": "audit_target",
    "before_json": "before",
    "after_json": "after",
}


def users_table(users: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The users list with headings and roles in the user's language."""
    shown = users.assign(
        role=users["role"].map(lambda r: t(labels.ROLE_LABEL_KEYS[r], lang)),
        auth=users["auth"].map(lambda a: t(labels.LOGIN_METHOD_LABEL_KEYS[a], lang)),
    )
    return shown[list(USER_COLUMNS)].rename(columns={k: t(v, lang) for k, v in USER_COLUMNS.items()})


def audit_table(log: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The audit rows with headings, actors, roles and actions in the user's language (targets and the
    before/after values stay as recorded; '–', the catalogue's ``nothing_recorded``, where nothing was)."""
    shown = log.assign(
        occurred_at=log["occurred_at"].map(timestamp_text),
        actor=log["actor"].map(lambda a: actor_text(a, lang)),
        actor_role=log["actor_role"].map(lambda r: t(labels.ROLE_LABEL_KEYS[r], lang)),
        action=log["action"].map(lambda a: action_text(a, lang)),
        target=log["target"].fillna(t("nothing_recorded", lang)),
        before_json=log["before_json"].fillna(t("nothing_recorded", lang)),
        after_json=log["after_json"].fillna(t("nothing_recorded", lang)),
    )
    return shown[list(AUDIT_COLUMNS)].rename(columns={k: t(v, lang) for k, v in AUDIT_COLUMNS.items()})


BATCH_COLUMNS = {
    "batch_id": "batch",
    "kind": "kind",
    "source": "source",
    "file_name": "file",
    "imported_at": "when",
    "imported_by": "filter_actor",
    "rows_accepted": "rows_accepted",
    "rows_rejected": "rows_rejected",
    "is_demo": "demo",
    "rolled_back_at": "rolled_back",
}


def batches_table(batches: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Import batches, newest first, with headings in the user's language: where each figure came from."""
    ordered = batches.sort_values("batch_id", ascending=False)
    shown = ordered.assign(
        kind=ordered["kind"].map(lambda k: t(labels.BATCH_KIND_LABEL_KEYS[k], lang)),
        file_name=ordered["file_name"].fillna(t("no_file", lang)),
        imported_at=ordered["imported_at"].map(timestamp_text),
        imported_by=ordered["imported_by"].map(lambda a: actor_text(a, lang)),
        is_demo=ordered["is_demo"].map(lambda d: t("yes" if d else "no", lang)),
        rolled_back_at=ordered["rolled_back_at"].map(timestamp_text),
    )
    return shown[list(BATCH_COLUMNS)].rename(columns={k: t(v, lang) for k, v in BATCH_COLUMNS.items()})


def series_table(frame: pd.DataFrame, indicator: Indicator, lang: str) -> pd.DataFrame:
    """Exactly the numbers a time series shows: one row per year, one column per area, hidden ones marked."""
    if frame.empty:
        return pd.DataFrame()
    cells = frame.assign(
        text=[
            no_figure_text(s, lang)
            if is_missing(v)
            else format_value(v, indicator.unit.value, indicator.decimals, lang)
            for v, s in zip(frame["value"], frame["status"], strict=True)
        ]
    )
    order = list(dict.fromkeys(frame["area_name"]))
    table = cells.pivot_table(index="period", columns="area_name", values="text", aggfunc="first")[order].fillna(
        no_figure_text(None, lang)
    )
    if "is_demo" in frame.columns:  # per year: are the figures in this row real or demonstration data
        kinds = frame.groupby("period")["is_demo"].agg(lambda f: t(labels.DATA_KIND_LABEL_KEYS[demo_state(f)], lang))
        table[t("data_kind", lang)] = kinds.reindex(table.index)
    table.index.name = t("year", lang)
    if not indicator.annual:  # SSB's periods as readers write them: '2019–2021', '4. kv. 2023'
        kind, span = indicator.period_type, indicator.period_span
        table.index = [period_label(p, kind, lang, span) for p in table.index]
        table.index.name = t("period_column", lang)
    table.columns.name = None
    return table.reset_index()


def profile_table(profile: pd.DataFrame, registry: Registry, lang: str, city_name: str) -> pd.DataFrame:
    """The area profile as a readable table: words and symbols, so nothing rests on colour alone."""

    def fmt(ind_id, value):
        ind = registry[ind_id]
        return format_value(value, ind.unit.value, ind.decimals, lang)

    def when(ind_id, period) -> str:
        return "" if is_missing(period) else period_text(registry[ind_id], lang)(int(period))

    annual = all(registry[i].annual for i in profile["indicator_id"])
    return pd.DataFrame(
        {
            t("indicator", lang): [registry[i].name.get(lang) for i in profile["indicator_id"]],
            t("year" if annual else "period_column", lang): [
                when(i, p) for i, p in zip(profile["indicator_id"], profile["latest_period"], strict=True)
            ],
            t("value", lang): [fmt(i, v) for i, v in zip(profile["indicator_id"], profile["value"], strict=True)],
            city_name: [fmt(i, v) for i, v in zip(profile["indicator_id"], profile["city_value"], strict=True)],
            t("vs_city", lang): [t(labels.ASSESSMENT_LABEL_KEYS[a], lang) for a in profile["vs_city"]],
            t("trend", lang): [t(labels.TREND_LABEL_KEYS[a], lang) for a in profile["trend"]],
        }
    )
