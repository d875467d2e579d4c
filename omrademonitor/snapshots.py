"""Frozen inputs of a report, and a read view of the store as they define it.

A ``Snapshot`` lists what a report used: the import batches active on the reference date, the last
measure version and goal version saved by then, the events, the programme and indicator
definitions, and the disclosure policy. ``published_as_of`` publishes the figures those inputs
hold, and ``published_breakdowns_as_of`` their figures by breakdown (disclosure control, once, when
the report is made; the published rows, never the raw ones, are stored with the report).
``AsOfStore`` answers the views' named queries from those inputs only, so a report regenerated
later from its snapshot shows exactly the same figures, whatever has been imported, revised or
rolled back since.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import asdict, dataclass

import duckdb
import pandas as pd

from omrademonitor.breakdown_publishing import publish_breakdowns
from omrademonitor.disclosure import Policy, publish
from omrademonitor.indicator_registry import Indicator, Registry
from omrademonitor.programme import Programme
from omrademonitor.queries import QUERIES
from omrademonitor.schema import BREAKDOWN_COLUMNS, NUMBER_COLUMNS, PUBLISHED_COLUMNS, PUBLISHED_COLUMNS_SQL

PASS_THROUGH = {"areas", "area_parents", "area_levels", "schema_version"}
# The views' own queries, answered by the same SQL over the snapshot's published figures.
FIGURE_QUERIES = {
    "level_figures",
    "period_figures",
    "area_figures",
    "area_latest",
    "shown_value",
    "part_area_figures",
    "part_period_figures",
    "part_shown_value",
}
BREAKDOWN_FRAME_COLUMNS = [*PUBLISHED_COLUMNS, *BREAKDOWN_COLUMNS]
# as the live "observations_panel" query returns them
PANEL_COLUMNS = ("indicator_id", "area_code", "area_name", "level", "period", *NUMBER_COLUMNS, "status", "batch_id")


@dataclass(frozen=True)
class Snapshot:
    """Everything a report reads besides the store's immutable history."""

    programme_id: str
    reference_date: dt.date
    generated_at: dt.datetime
    generated_by: str
    batches: tuple[int, ...]
    max_measure_version: int
    max_goal_version: int
    events: tuple[dict, ...]
    programme_json: str
    indicators_json: tuple[str, ...]
    policy: tuple[int, int]

    def to_json(self) -> str:
        """The snapshot as JSON (stored with the report)."""
        data = asdict(self)
        data["reference_date"] = self.reference_date.isoformat()
        data["generated_at"] = self.generated_at.isoformat()
        return json.dumps(data, ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> Snapshot:
        """The inverse of ``to_json``."""
        data = json.loads(text)
        data["reference_date"] = dt.date.fromisoformat(data["reference_date"])
        data["generated_at"] = dt.datetime.fromisoformat(data["generated_at"])
        data["batches"] = tuple(data["batches"])
        data["events"] = tuple(data["events"])
        data["indicators_json"] = tuple(data["indicators_json"])
        data["policy"] = tuple(data["policy"])
        return cls(**data)

    def definitions(self) -> tuple[Programme, Registry]:
        """The programme and the registry as they were when the report was made."""
        return (
            Programme.model_validate_json(self.programme_json),
            Registry([Indicator.model_validate(_with_owned_target(json.loads(text))) for text in self.indicators_json]),
        )

    def disclosure(self) -> Policy:
        return Policy(*self.policy)

    def digest(self, part: str) -> str:
        """A short hash of the programme or registry definitions, for the report's appendix."""
        text = self.programme_json if part == "programme" else "\n".join(self.indicators_json)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def capture(
    store,
    programme: Programme,
    registry: Registry,
    policy: Policy,
    reference_date: dt.date,
    now: dt.datetime,
    generated_by: str,
) -> Snapshot:
    """The inputs a report for ``reference_date`` uses: what was active at the end of that day."""
    until = dt.datetime.combine(reference_date + dt.timedelta(days=1), dt.time())
    batches = store.query("snapshot_batches", until=until)["batch_id"].astype(int).tolist()
    events = store.query("events", programme_id=programme.id)
    measures = store.scalar("snapshot_measure_version", programme_id=programme.id, until=until)
    goals = store.scalar("snapshot_goal_version", programme_id=programme.id, until=until)
    return Snapshot(
        programme_id=programme.id,
        reference_date=reference_date,
        generated_at=now.replace(microsecond=0),
        generated_by=generated_by,
        batches=tuple(batches),
        max_measure_version=int(measures),
        max_goal_version=int(goals),
        events=tuple(
            {k: (None if pd.isna(v) else (int(v) if k in ("event_id", "year") else v)) for k, v in row.items()}
            for row in events.to_dict("records")
        ),
        programme_json=programme.model_dump_json(),
        indicators_json=tuple(ind.model_dump_json() for ind in registry),
        policy=(policy.min_count, policy.min_denominator),
    )


def published_as_of(store, snapshot: Snapshot) -> pd.DataFrame:
    """The published layer of a snapshot: its batches' observations under its definitions and policy."""
    raw = store.query("snapshot_raw_observations", batches=list(snapshot.batches))
    parents, ranks = _hierarchy(store)
    _, registry = snapshot.definitions()
    return publish(raw, parents, ranks, registry, snapshot.disclosure(), store.scalar("disclosure_key")).observations


def published_breakdowns_as_of(store, snapshot: Snapshot, totals: pd.DataFrame) -> pd.DataFrame:
    """The published figures by breakdown of a snapshot (``BREAKDOWN_FRAME_COLUMNS``): its batches'
    figures by category, disclosure-controlled as the live store does it (``breakdown_publishing``)
    against the snapshot's published ``totals`` (``published_as_of``). Only these, never the raw
    figures, are stored with a report."""
    raw = store.query("snapshot_raw_breakdowns", batches=list(snapshot.batches))
    if raw.empty:
        return pd.DataFrame(columns=BREAKDOWN_FRAME_COLUMNS)
    parents, ranks = _hierarchy(store)
    _, registry = snapshot.definitions()
    policy, key = snapshot.disclosure(), store.scalar("disclosure_key")
    raw_totals = store.query("snapshot_raw_observations", batches=list(snapshot.batches))
    raw_totals = raw_totals[raw_totals["indicator_id"].isin(set(raw["indicator_id"]))]
    shown = totals[["indicator_id", "area_code", "period", "status"]].rename(columns={"status": "shown_status"})
    with_status = raw_totals.merge(shown, on=["indicator_id", "area_code", "period"], how="inner")
    with_status = with_status.sort_values(["indicator_id", "period", "area_code"], kind="stable")

    def publish_with(frame, parts, extra):
        return publish(frame, parents, ranks, parts, policy, key, extra)

    published, _ = publish_breakdowns(raw, with_status.reset_index(drop=True), registry, policy, publish_with)
    return published[BREAKDOWN_FRAME_COLUMNS].reset_index(drop=True)


def _hierarchy(store) -> tuple[dict, dict]:
    areas = store.query("area_ranks")
    parents = {c: (p if isinstance(p, str) else None) for c, p in zip(areas["code"], areas["parent_code"], strict=True)}
    return parents, dict(zip(areas["code"], areas["rank"].astype(int), strict=True))


class AsOfStore:
    """The store as a snapshot defines it: the same ``query(name, **params)`` the views use, with
    figures from the snapshot's published layer (``published_as_of``, or the copy stored with a report),
    and its figures by breakdown (``published_breakdowns_as_of``; none when not given)."""

    def __init__(
        self, store, snapshot: Snapshot, observations: pd.DataFrame, breakdowns: pd.DataFrame | None = None
    ) -> None:
        self.store = store
        self.snapshot = snapshot
        self._published = observations
        self._breakdowns = breakdowns
        self._figures_db: duckdb.DuckDBPyConnection | None = None
        areas = store.query("areas")[["code", "name", "level"]]
        self.observations = observations.merge(
            areas.rename(columns={"code": "area_code", "name": "area_name"}), on="area_code"
        ).sort_values(["period", "area_code"], kind="stable")

    def _figures(self, indicator_id: str) -> pd.DataFrame:
        return self.observations[self.observations["indicator_id"] == indicator_id].reset_index(drop=True)

    def query(self, name: str, **params) -> pd.DataFrame:
        snap = self.snapshot
        if name == "observations_panel":
            return self._figures(params["indicator_id"])[list(PANEL_COLUMNS)]
        if name in FIGURE_QUERIES:
            cursor = self._figures_connection().cursor()
            try:
                return cursor.execute(QUERIES[name], params or None).df()
            finally:
                cursor.close()
        if name == "periods":
            figures = self._figures(params["indicator_id"])
            periods = sorted(figures.loc[figures["level"] == params["level"], "period"].unique())
            return pd.DataFrame({"period": periods})
        if name == "events":
            return pd.DataFrame(list(snap.events), columns=["event_id", "year", "title_nb", "title_en", "note"])
        if name == "write_count":
            return pd.DataFrame({"writes": [f"snapshot-{snap.generated_at.isoformat()}"]})
        if name in ("measures", "measure_outputs"):
            return self._measures(name, params["programme_id"])
        if f"asof_{name}" in QUERIES:
            sql = QUERIES[f"asof_{name}"]
            bound = {
                key: value
                for key, value in (
                    ("batches", list(snap.batches)),
                    ("max_measure_version", snap.max_measure_version),
                    ("max_goal_version", snap.max_goal_version),
                )
                if f"${key}" in sql
            }
            return self.store.query(f"asof_{name}", **params, **bound)
        if name in PASS_THROUGH:
            return self.store.query(name, **params)
        raise KeyError(f"the query '{name}' is not available in a report snapshot")

    def scalar(self, name: str, **params):
        frame = self.query(name, **params)
        return None if frame.empty else frame.iloc[0, 0]

    def _figures_connection(self) -> duckdb.DuckDBPyConnection:
        if self._figures_db is None:
            self._figures_db = figures_database(self._published, self.store.query("areas"), self._breakdowns)
        return self._figures_db

    def _measures(self, name: str, programme_id: str) -> pd.DataFrame:
        """The measures table (or their outputs) as it stood at the snapshot's last measure version."""
        versions = self.query("measure_versions", programme_id=programme_id)
        latest = versions.groupby("measure_id").tail(1) if len(versions) else versions
        records = [json.loads(text) for text in latest["record_json"]] if len(latest) else []
        records.sort(key=lambda r: (r["focus_area"], r["measure_id"]))  # as the live "measures" query orders
        if name == "measure_outputs":
            rows = [{"measure_id": r["measure_id"], **o} for r in records for o in r["outputs"]]
            return pd.DataFrame(rows, columns=["measure_id", "indicator_id", "target_value", "target_year"])
        return pd.DataFrame([{k: v for k, v in r.items() if k != "outputs"} for r in records])


def figures_database(
    published: pd.DataFrame, areas: pd.DataFrame, breakdowns: pd.DataFrame | None = None
) -> duckdb.DuckDBPyConnection:
    """An in-memory database holding published figures (``PUBLISHED_COLUMNS``), those by breakdown
    (``BREAKDOWN_FRAME_COLUMNS``, none if not given) and the areas (code, name, level), so that the live
    store's SQL answers the views' queries (``FIGURE_QUERIES``) unchanged."""
    con = duckdb.connect(config={"threads": 1})
    con.register("snapshot_figures", published)
    con.register("snapshot_areas", areas)
    con.execute(f"CREATE TABLE published_observations ({PUBLISHED_COLUMNS_SQL})")
    con.execute(f"INSERT INTO published_observations SELECT {', '.join(PUBLISHED_COLUMNS)} FROM snapshot_figures")
    con.execute("CREATE VIEW published_by_area AS SELECT * FROM published_observations")
    con.execute(
        f"""CREATE TABLE published_breakdowns ({PUBLISHED_COLUMNS_SQL},
            breakdown VARCHAR NOT NULL, category VARCHAR NOT NULL)"""
    )
    if breakdowns is not None and len(breakdowns):
        con.register("snapshot_breakdowns", breakdowns)
        con.execute(
            f"INSERT INTO published_breakdowns SELECT {', '.join(BREAKDOWN_FRAME_COLUMNS)} FROM snapshot_breakdowns"
        )
        con.unregister("snapshot_breakdowns")
    con.execute("CREATE VIEW published_breakdowns_by_area AS SELECT * FROM published_breakdowns")
    con.execute("CREATE TABLE areas AS SELECT code, name, level FROM snapshot_areas")
    con.unregister("snapshot_figures")
    con.unregister("snapshot_areas")
    return con


LEGACY_TARGET_OWNER = "unrecorded (saved before targets carried their owner)"


def _with_owned_target(data: dict) -> dict:
    """A definition saved before targets had a status and owner: its target becomes a proposal (shown
    only under that label, never used), so an old report can still be made again."""
    target = data.get("target")
    if isinstance(target, dict) and "status" not in target:
        data = {**data, "target": {**target, "status": "proposed", "entered_by": LEGACY_TARGET_OWNER}}
    return data
