"""The only writer: every change to the database goes through ``Writer``, one transaction each.

Every write method takes the acting ``Principal``, refuses it unless its role allows the action,
and records an append-only audit row (who, when, what, before and after) in the same
transaction. A failure inside a write leaves the database as it was before the write began.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb
import geopandas as gpd
import pandas as pd
import pyarrow as pa
import shapely

from omrademonitor.access import Permission, Principal, Role, require
from omrademonitor.batch_keys import KEY, in_key_order, refuse_repeats
from omrademonitor.breakdowns import TOTAL
from omrademonitor.errors import NothingChanged, Refusal, WriteError
from omrademonitor.geography import STORAGE_CRS, as_multipolygon, hierarchy_problems
from omrademonitor.indicator_registry import Registry
from omrademonitor.locking import WriteLock, open_when_free
from omrademonitor.measure_writes import MeasureWrites
from omrademonitor.national_writes import NationalWrites
from omrademonitor.periods import code_sql
from omrademonitor.programme import Programme
from omrademonitor.publishing import Publishing
from omrademonitor.schema import BREAKDOWN_COLUMNS, OBSERVATION_COLUMNS, migrate

STORED_COLUMNS = ", ".join([*OBSERVATION_COLUMNS, "period_code", *BREAKDOWN_COLUMNS])
KEY_ORDER = ", ".join(KEY)  # a figure's key (each once per batch: batch_keys), the order rows are stored in
COUNTABLE_TABLES = (
    "areas",
    "area_geometries",
    "observations",
    "import_batches",
    "measures",
    "measure_versions",
    "goal_versions",
    "users",
    "audit_log",
    "events",
)


@dataclass(frozen=True)
class BatchInfo:
    """Provenance of one import: where it came from (who brought it in is the acting principal)."""

    source: str
    content_hash: str
    file_name: str | None = None
    is_demo: bool = False
    note: str | None = None


def frame_digest(frame: pd.DataFrame) -> str:
    """A content hash of a DataFrame, for batches that do not come from a file."""
    return hashlib.sha256(pd.util.hash_pandas_object(frame, index=False).to_numpy().tobytes()).hexdigest()


def _json(value) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False, default=str, sort_keys=True)


class Writer(MeasureWrites, Publishing, NationalWrites):
    """Opens the database read-write, migrates it forward, and performs all writes.

    Holds the write lock (``omrademonitor.locking``) from opening to closing, so writers in other
    processes wait their turn; ``DatabaseBusy`` if the file stays busy for ``wait_s`` seconds.
    """

    def __init__(self, path: Path, wait_s: float | None = None) -> None:
        self.path = Path(path)
        self._lock = WriteLock(self.path, wait_s)
        self._lock.acquire()  # creates the database's folder if needed
        try:
            self.con = open_when_free(self.path, lambda: duckdb.connect(str(path)), self._lock.wait_s)
            migrate(self.con)
            self.ensure_published()
        except BaseException:
            if hasattr(self, "con"):
                self.con.close()
            self._lock.release()
            raise

    def close(self) -> None:
        """Checkpoint, close, and let the next writer in."""
        try:
            self.con.execute("CHECKPOINT")
            self.con.close()
        finally:
            self._lock.release()

    def __enter__(self) -> Writer:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def count(self, table: str) -> int:
        """Rows in one of the store's tables."""
        if table not in COUNTABLE_TABLES:
            raise ValueError(f"unknown table {table}")
        return self.con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]

    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """One transaction: commit on success, roll back on any exception."""
        self.con.execute("BEGIN TRANSACTION")
        try:
            yield self.con
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        self.con.execute("COMMIT")

    @contextmanager
    def _audited(self, actor: Principal, permission: Permission, action: str, target: str | None):
        """Check the actor, open a transaction, and write the audit row with it.

        The body receives a dict; what it puts under ``before`` and ``after`` is recorded.
        """
        require(actor, permission)
        record: dict = {"before": None, "after": None}
        with self.transaction() as con:
            yield con, record
            con.execute(
                """INSERT INTO audit_log (occurred_at, actor, actor_role, action, target, before_json, after_json)
                   VALUES (current_timestamp::TIMESTAMP, ?, ?, ?, ?, ?, ?)""",
                [actor.username, actor.role.value, action, target, _json(record["before"]), _json(record["after"])],
            )

    def _new_batch(self, con, kind: str, info: BatchInfo, actor: Principal, accepted: int, rejected: int = 0) -> int:
        return con.execute(
            """INSERT INTO import_batches (kind, source, file_name, content_hash, imported_at, imported_by,
                   rows_accepted, rows_rejected, is_demo, note)
               VALUES (?, ?, ?, ?, current_timestamp::TIMESTAMP, ?, ?, ?, ?, ?) RETURNING batch_id""",
            [
                kind,
                info.source,
                info.file_name,
                info.content_hash,
                actor.username,
                accepted,
                rejected,
                info.is_demo,
                info.note,
            ],
        ).fetchone()[0]

    def active_batch_with_hash(self, kind: str, content_hash: str) -> int | None:
        """The active batch that imported this exact content already, if any."""
        rows = self.con.execute(
            """SELECT batch_id FROM import_batches
               WHERE kind = ? AND content_hash = ? AND rolled_back_at IS NULL ORDER BY batch_id DESC""",
            [kind, content_hash],
        ).fetchall()  # fetched whole: an unfinished result would block the next register()
        return rows[0][0] if rows else None

    # --- definitions -----------------------------------------------------------------------------

    def sync_definitions(self, programmes: dict[str, Programme], registry: Registry, actor: Principal) -> None:
        """Replace the stored copies of the programme and indicator definitions with the files' ones."""
        with self._audited(actor, Permission.CONFIGURE, "sync_definitions", None) as (con, record):
            record["before"] = {"programmes": self._ids(con, "programmes"), "indicators": self._ids(con, "indicators")}
            con.execute("DELETE FROM programmes")
            con.execute("DELETE FROM programme_indicators")
            for p in programmes.values():
                con.execute(
                    "INSERT INTO programmes VALUES (?, ?, ?, ?, ?, ?)",
                    [p.id, p.name.nb, p.name.en, p.start_year, p.end_year, p.model_dump_json()],
                )
                mapping = [
                    [p.id, focus.id, ind.id]
                    for focus in p.focus_areas
                    for ind in p.focus_indicators(focus.id, registry)
                ]
                if mapping:
                    con.executemany("INSERT INTO programme_indicators VALUES (?, ?, ?)", mapping)
            con.execute("DELETE FROM indicators")
            for ind in registry:
                con.execute(
                    """INSERT INTO indicators (id, name_nb, name_en, themes, kind, unit, direction, aggregation,
                        scale, level, source_kind, ssb_table, first_period, baseline_year, target_value,
                        target_year, min_count, min_denominator, definition_json)
                       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                    [
                        ind.id,
                        ind.name.nb,
                        ind.name.en,
                        list(ind.themes),
                        ind.kind.value,
                        ind.unit.value,
                        ind.direction.value,
                        ind.aggregation.value,
                        ind.scale,
                        ind.level,
                        ind.source.kind.value,
                        ind.source.ssb_table,
                        ind.first_period,
                        ind.baseline_year,
                        ind.target.value if ind.target else None,
                        ind.target.year if ind.target else None,
                        ind.disclosure.min_count,
                        ind.disclosure.min_denominator,
                        json.dumps(ind.model_dump(mode="json"), ensure_ascii=False),
                    ],
                )
            record["after"] = {"programmes": sorted(programmes), "indicators": registry.ids()}
            self._publish(con)

    def event_count(self, programme_id: str) -> int:
        """How many events the programme has."""
        return self.con.execute("SELECT count(*) FROM events WHERE programme_id = ?", [programme_id]).fetchone()[0]

    def measure_count(self, programme_id: str) -> int:
        """How many measures the programme's register holds."""
        return self.con.execute("SELECT count(*) FROM measures WHERE programme_id = ?", [programme_id]).fetchone()[0]

    @staticmethod
    def _ids(con, table: str) -> list[str]:
        return [r[0] for r in con.execute(f"SELECT id FROM {table} ORDER BY id").fetchall()]

    def definitions_changed(self, programmes: dict[str, Programme], registry: Registry) -> bool:
        """Whether the stored definitions differ from the files' (so a sync is due)."""
        stored = {r[0]: r[1] for r in self.con.execute("SELECT id, definition_json FROM indicators").fetchall()}
        files = {ind.id: json.dumps(ind.model_dump(mode="json"), ensure_ascii=False) for ind in registry}
        stored_programmes = {
            r[0]: r[1] for r in self.con.execute("SELECT id, definition_json FROM programmes").fetchall()
        }
        return stored != files or stored_programmes != {p.id: p.model_dump_json() for p in programmes.values()}

    # --- geography -------------------------------------------------------------------------------

    def replace_areas(self, areas: pd.DataFrame, info: BatchInfo, actor: Principal) -> int:
        """Replace the area hierarchy. Refused if the hierarchy is broken or observations would orphan."""
        problems = hierarchy_problems(areas)
        if problems:
            raise WriteError(Refusal.AREA_HIERARCHY_BROKEN, problems=problems)
        with self._audited(actor, Permission.IMPORT, "replace_areas", info.file_name) as (con, record):
            orphans = con.execute(
                "SELECT DISTINCT area_code FROM observations WHERE area_code NOT IN (SELECT unnest(?))",
                [areas["code"].tolist()],
            ).fetchall()
            if orphans:
                raise WriteError(Refusal.AREAS_STILL_OBSERVED, codes=[o[0] for o in orphans][:10])
            record["before"] = {"areas": self.count("areas")}
            batch = self._new_batch(con, "areas", info, actor, len(areas))
            con.execute("DELETE FROM areas")
            rows = areas[["code", "name", "level", "parent_code", "point_lon", "point_lat", "area_km2"]]
            con.executemany(
                "INSERT INTO areas VALUES (?, ?, ?, ?, ?, ?, ?)",
                rows.astype(object).where(rows.notna(), None).values.tolist(),
            )
            record["after"] = {"areas": len(areas), "batch_id": batch}
            self._publish(con)
        return batch

    def replace_geometries(
        self,
        shapes: gpd.GeoDataFrame,
        info: BatchInfo,
        approximate: bool,
        actor: Principal,
        new_areas: pd.DataFrame | None = None,
    ) -> int:
        """Store one shape per area code (EPSG:25833), replacing earlier shapes of those areas.

        ``new_areas`` (e.g. basic statistical units with their parent zone) join the hierarchy in
        the same transaction; areas with those codes are replaced.
        """
        known = {r[0] for r in self.con.execute("SELECT code FROM areas").fetchall()}
        if new_areas is not None:
            parents = {c for c in new_areas["parent_code"] if isinstance(c, str) and c} - known - set(new_areas["code"])
            if parents:
                raise WriteError(Refusal.UNKNOWN_PARENTS, codes=sorted(parents)[:10])
            known |= set(new_areas["code"])
        unknown = sorted(set(shapes["code"]) - known)
        if unknown:
            raise WriteError(Refusal.SHAPES_OF_UNKNOWN_AREAS, codes=unknown[:10])
        if shapes["code"].duplicated().any():
            raise WriteError(Refusal.SHAPE_TWICE, code=shapes.loc[shapes["code"].duplicated(), "code"].iloc[0])
        source_crs = shapes.crs.to_string() if shapes.crs else STORAGE_CRS
        stored = shapes.to_crs(STORAGE_CRS)
        with self._audited(actor, Permission.IMPORT, "replace_geometries", info.file_name) as (con, record):
            record["before"] = {"shapes": self.count("area_geometries"), "areas": self.count("areas")}
            batch = self._new_batch(con, "boundaries", info, actor, len(stored))
            if new_areas is not None:
                columns = ["code", "name", "level", "parent_code", "point_lon", "point_lat", "area_km2"]
                con.execute("DELETE FROM areas WHERE code IN (SELECT unnest(?))", [new_areas["code"].tolist()])
                con.executemany("INSERT INTO areas VALUES (?, ?, ?, ?, ?, ?, ?)", new_areas[columns].values.tolist())
            rows = [
                [code, shapely.to_wkb(as_multipolygon(geom)), STORAGE_CRS, source_crs, approximate, batch]
                for code, geom in zip(stored["code"], stored.geometry, strict=True)
            ]
            con.execute(
                """INSERT INTO area_geometries_replaced
                   SELECT area_code, geometry, crs, source_crs, approximate, batch_id, ? FROM area_geometries
                   WHERE area_code IN (SELECT unnest(?))""",
                [batch, stored["code"].tolist()],
            )
            con.execute("DELETE FROM area_geometries WHERE area_code IN (SELECT unnest(?))", [stored["code"].tolist()])
            con.executemany("INSERT INTO area_geometries VALUES (?, ?, ?, ?, ?, ?)", rows)
            record["after"] = {
                "shapes": len(rows),
                "approximate": approximate,
                "batch_id": batch,
                "areas_added": 0 if new_areas is None else len(new_areas),
            }
            if new_areas is not None:
                self._publish(con)
        return batch

    # --- observations ----------------------------------------------------------------------------

    def add_observations(
        self, frame: pd.DataFrame | pa.Table, info: BatchInfo, actor: Principal, rejections: list[dict] | None = None
    ) -> int:
        """Add observations as one batch; a changed figure supersedes the current one as a revision.

        Rows identical to the current figures are not stored again; when every row is, nothing is
        written and NothingChanged is raised. Content imported before is compared like any other,
        so re-importing an original after a revision restores it as a new revision. ``rejections``
        (rows left out, with file, sheet, row, column, value and reason) are recorded with the batch.
        ``frame`` may be an Arrow table with the observation columns (read by DuckDB without a copy).
        A batch that gives a key twice is refused before anything is written (``RepeatedKeys``;
        the table has no primary key, see ``batch_keys``).
        """
        rejections = rejections or []
        require(actor, Permission.IMPORT)
        earlier = self.active_batch_with_hash("observations", info.content_hash)
        given = frame.column_names if isinstance(frame, pa.Table) else list(frame.columns)
        carried = [c for c in BREAKDOWN_COLUMNS if c in given]  # else: the whole population ('total')
        key = [*KEY[:3], *carried]
        in_order = False
        if isinstance(frame, pa.Table):  # from DuckDB's import path, read without a copy
            incoming = frame.select(OBSERVATION_COLUMNS + carried)
            rows_given = frame.num_rows
            in_order = in_key_order(incoming, key)  # sorted by key (sqlcheck.good_rows): refused if one repeats
        else:
            incoming = frame.reindex(columns=OBSERVATION_COLUMNS + carried)
            for column in ["status", *carried]:
                values = incoming[column]
                if isinstance(values.dtype, pd.CategoricalDtype) or not pd.api.types.is_string_dtype(values.dtype):
                    incoming[column] = values.astype(object)  # text columns stay: DuckDB reads them without Python
            rows_given = len(frame)
        parts = ", ".join(f"f.{c}" if c in carried else f"'{TOTAL}' AS {c}" for c in BREAKDOWN_COLUMNS)
        self.con.register("incoming_frame", incoming)
        try:
            if not in_order:
                refuse_repeats(self.con, "incoming_frame", key)  # each key once: the table has no primary key
            with self._audited(actor, Permission.IMPORT, "add_observations", info.file_name or info.source) as (
                con,
                record,
            ):
                columns = ", ".join(f"f.{c}" for c in OBSERVATION_COLUMNS[:-1])
                period_code = code_sql("f.period", "coalesce(d.kind, 'year')", "coalesce(d.span, 3)")
                selected = f"""SELECT {columns}, coalesce(f.status, 'final') AS status, {parts},
                                      {period_code} AS period_code
                               FROM incoming_frame f LEFT JOIN (
                                   SELECT id, definition_json->>'$.period_type' AS kind,
                                          (definition_json->>'$.period_years')::INTEGER AS span FROM indicators) d
                               ON d.id = f.indicator_id"""
                # rows for keys with no current figure are new: nothing to compare, nothing superseded, so
                # they go straight into the table (the usual case for a new year or indicator)
                overlap = con.execute(
                    f"""SELECT count(*) FROM ({selected}) i SEMI JOIN current_observations c
                        ON c.indicator_id = i.indicator_id AND c.area_code = i.area_code AND c.period = i.period
                           AND c.breakdown = i.breakdown AND c.category = i.category"""
                ).fetchone()[0]
                source, accepted = f"({selected})", rows_given
                if overlap:
                    con.execute(f"CREATE TEMP TABLE incoming AS {selected}")
                    con.execute(
                        """DELETE FROM incoming i USING current_observations c
                           WHERE c.indicator_id = i.indicator_id AND c.area_code = i.area_code
                             AND c.period = i.period AND c.breakdown = i.breakdown AND c.category = i.category
                             AND c.value IS NOT DISTINCT FROM i.value
                             AND c.numerator IS NOT DISTINCT FROM i.numerator
                             AND c.denominator IS NOT DISTINCT FROM i.denominator
                             AND c.ci_lower IS NOT DISTINCT FROM i.ci_lower
                             AND c.ci_upper IS NOT DISTINCT FROM i.ci_upper AND c.status = i.status"""
                    )
                    source, accepted = "incoming", con.execute("SELECT count(*) FROM incoming").fetchone()[0]
                if accepted == 0:
                    raise NothingChanged(rows_given, earlier)
                batch = self._new_batch(con, "observations", info, actor, accepted, len(rejections))
                rejected_rows = [
                    [batch, r.get("file"), r.get("sheet"), r.get("row"), r.get("column"), r.get("value"), r["reason"]]
                    for r in rejections
                ]
                if rejected_rows:
                    con.executemany("INSERT INTO import_rejections VALUES (?, ?, ?, ?, ?, ?, ?)", rejected_rows)
                revised = 0
                if overlap:
                    revised = con.execute(
                        # the rows of the current_observations view (schema.py: what "current" means) that
                        # the incoming figures replace
                        """UPDATE observations o SET superseded_by = ?
                           FROM incoming i, current_observations c
                           WHERE o.indicator_id = i.indicator_id AND o.area_code = i.area_code
                             AND o.period = i.period AND o.breakdown = i.breakdown AND o.category = i.category
                             AND c.indicator_id = o.indicator_id AND c.area_code = o.area_code
                             AND c.period = o.period AND c.breakdown = o.breakdown AND c.category = o.category
                             AND c.batch_id = o.batch_id""",
                        [batch],
                    ).fetchone()[0]
                # in key order (the row groups compress better and a key's revisions sit together): sorted
                # here unless the rows came so; DuckDB's parallel scan then keeps them in a few long sorted
                # runs (1,000,000 rows: 20 runs of an indicator instead of 14, the same file size; the sort
                # cost about 0.3 CPU s of an import's 3)
                order = "" if in_order and not overlap else f"ORDER BY {KEY_ORDER}"
                con.execute(
                    f"""INSERT INTO observations ({STORED_COLUMNS}, batch_id, superseded_by)
                        SELECT {STORED_COLUMNS}, ?, NULL FROM {source} {order}""",
                    [batch],
                )
                if overlap:
                    con.execute("DROP TABLE incoming")
                self.con.unregister("incoming_frame")  # stored: publishing reads the store, not the rows
                del incoming, frame
                self._publish(con)
                record["before"] = {"figures_superseded": revised}
                record["after"] = {"batch_id": batch, "rows": accepted, "content_hash": info.content_hash}
        finally:
            self.con.unregister("incoming_frame")  # (again, harmless, when the write failed before)
        return batch

    def stored_repeats(self) -> dict[str, int]:
        """The store's integrity as to keys (it has no primary key, see ``batch_keys``): how many keys have
        more than one current figure, and how many (key, batch) pairs are stored more than once. Both are
        0 in a sound store."""
        current = self.con.execute(
            f"SELECT count(*) FROM (SELECT 1 FROM current_observations GROUP BY {KEY_ORDER} HAVING count(*) > 1)"
        ).fetchall()[0][0]
        in_batch = self.con.execute(
            f"SELECT count(*) FROM (SELECT 1 FROM observations GROUP BY {KEY_ORDER}, batch_id HAVING count(*) > 1)"
        ).fetchall()[0][0]
        return {"current": current, "in_a_batch": in_batch}

    def rollback_batch(self, batch_id: int, actor: Principal) -> None:
        """Undo an import batch: its figures stop counting and the ones it superseded count again
        (unless a later batch has replaced them since); replaced shapes are put back. History stays."""
        with self._audited(actor, Permission.IMPORT, "rollback_batch", str(batch_id)) as (con, record):
            batch = con.execute(
                "SELECT kind, rolled_back_at FROM import_batches WHERE batch_id = ?", [batch_id]
            ).fetchone()
            if batch is None:
                raise WriteError(Refusal.NO_BATCH, batch_id=batch_id)
            if batch[1] is not None:
                raise WriteError(Refusal.BATCH_ROLLED_BACK, batch_id=batch_id)
            kind = batch[0]
            if kind == "areas":
                raise WriteError(Refusal.AREAS_CANNOT_ROLL_BACK)
            con.execute(
                "UPDATE import_batches SET rolled_back_at = current_timestamp::TIMESTAMP WHERE batch_id = ?", [batch_id]
            )
            restored = 0
            if kind == "observations":
                restored = con.execute(
                    """UPDATE observations o SET superseded_by = (
                           SELECT max(c.batch_id) FROM current_observations c
                           WHERE c.indicator_id = o.indicator_id AND c.area_code = o.area_code
                             AND c.period = o.period AND c.breakdown = o.breakdown AND c.category = o.category)
                       WHERE o.superseded_by = ?""",
                    [batch_id],
                ).fetchone()[0]
                self._publish(con)
            else:
                restored = self._restore_replaced_shapes(con, batch_id)
            record["before"] = {"batch_id": batch_id, "kind": kind, "active": True}
            record["after"] = {"batch_id": batch_id, "active": False, "restored": restored}

    @staticmethod
    def _restore_replaced_shapes(con, batch_id: int) -> int:
        """Put back the shapes a rolled-back boundary batch replaced, where its own shapes are current.

        Where a later batch has replaced this batch's shapes since, that later batch keeps its
        shapes, and rolling it back later brings back what this batch had replaced (so boundary
        batches roll back in any order). Shapes of rolled-back batches are never restored.
        """
        con.execute(
            """UPDATE area_geometries_replaced r SET replaced_by = later.replaced_by
               FROM area_geometries_replaced later
               WHERE r.replaced_by = ? AND later.batch_id = ? AND later.area_code = r.area_code
                 AND later.replaced_by IN (SELECT batch_id FROM import_batches WHERE rolled_back_at IS NULL)""",
            [batch_id, batch_id],
        )
        con.execute("DELETE FROM area_geometries WHERE batch_id = ?", [batch_id])
        return con.execute(
            """INSERT INTO area_geometries
               SELECT area_code, geometry, crs, source_crs, approximate, batch_id FROM area_geometries_replaced
               WHERE replaced_by = ?
                 AND batch_id IN (SELECT batch_id FROM import_batches WHERE rolled_back_at IS NULL)""",
            [batch_id],
        ).fetchone()[0]

    # --- events ------------------------------------------------------------------------------------

    def add_event(
        self, programme_id: str, year: int, title_nb: str, title_en: str, actor: Principal, note: str | None = None
    ) -> int:
        """Record an event that explains changes in the series (shown on every time series)."""
        if not title_nb.strip():
            raise WriteError(Refusal.EVENT_TITLE_REQUIRED)
        with self._audited(actor, Permission.EDIT_PROGRAMME, "add_event", programme_id) as (con, record):
            event_id = con.execute(
                "INSERT INTO events (programme_id, year, title_nb, title_en, note) VALUES (?, ?, ?, ?, ?) "
                "RETURNING event_id",
                [programme_id, int(year), title_nb.strip(), (title_en or title_nb).strip(), note],
            ).fetchone()[0]
            record["after"] = {"event_id": event_id, "year": int(year), "title_nb": title_nb, "title_en": title_en}
        return event_id

    def delete_event(self, event_id: int, actor: Principal) -> None:
        """Remove an event (the audit trail keeps what it was)."""
        with self._audited(actor, Permission.EDIT_PROGRAMME, "delete_event", str(event_id)) as (con, record):
            row = con.execute(
                "SELECT programme_id, year, title_nb, title_en, note FROM events WHERE event_id = ?", [event_id]
            ).fetchone()
            if row is None:
                raise WriteError(Refusal.NO_EVENT, event_id=event_id)
            con.execute("DELETE FROM events WHERE event_id = ?", [event_id])
            record["before"] = dict(zip(("programme_id", "year", "title_nb", "title_en", "note"), row, strict=True))
            record["after"] = {"event_id": event_id, "deleted": True}

    # --- users -----------------------------------------------------------------------------------

    def _user(self, con, username: str) -> dict | None:
        row = con.execute(
            "SELECT username, display_name, role, auth, active FROM users WHERE username = ?", [username]
        ).fetchone()
        return (
            None if row is None else dict(zip(("username", "display_name", "role", "auth", "active"), row, strict=True))
        )

    def create_user(
        self, username: str, role: Role, actor: Principal, password_hash: str | None = None, display_name: str = ""
    ) -> None:
        """Add a user: local (with a password hash) or OIDC (without; identified by e-mail)."""
        username = username.strip().lower()
        if not username:
            raise WriteError(Refusal.USERNAME_REQUIRED)
        with self._audited(actor, Permission.MANAGE_USERS, "create_user", username) as (con, record):
            if self._user(con, username) is not None:
                raise WriteError(Refusal.USER_EXISTS, username=username)
            con.execute(
                "INSERT INTO users VALUES (?, ?, ?, ?, ?, TRUE, current_timestamp::TIMESTAMP)",
                [username, display_name, Role(role).value, "local" if password_hash else "oidc", password_hash],
            )
            record["after"] = self._user(con, username)

    def update_user(
        self,
        username: str,
        actor: Principal,
        role: Role | None = None,
        active: bool | None = None,
        password_hash: str | None = None,
    ) -> None:
        """Change a user's role, active flag or password. An admin cannot remove the last active admin."""
        with self._audited(actor, Permission.MANAGE_USERS, "update_user", username) as (con, record):
            before = self._user(con, username)
            if before is None:
                raise WriteError(Refusal.NO_USER, username=username)
            if role is not None:
                con.execute("UPDATE users SET role = ? WHERE username = ?", [Role(role).value, username])
            if active is not None:
                con.execute("UPDATE users SET active = ? WHERE username = ?", [active, username])
            if password_hash is not None:
                if before["auth"] != "local":
                    raise WriteError(Refusal.PASSWORD_ELSEWHERE, username=username)
                con.execute("UPDATE users SET password_hash = ? WHERE username = ?", [password_hash, username])
            admins = con.execute("SELECT count(*) FROM users WHERE role = 'admin' AND active").fetchone()[0]
            if admins == 0 and before["role"] == "admin":
                raise WriteError(Refusal.NO_ACTIVE_ADMIN_LEFT)
            record["before"] = before
            record["after"] = self._user(con, username) | {"password_changed": password_hash is not None}
