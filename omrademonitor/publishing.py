"""Keeping the published layer in step with the data: the writer's part of disclosure control.

Every write that changes what could be shown (observations, rollbacks, areas, definitions, the
deployment's disclosure policy) republishes inside its own transaction, so the published layer
and the data it comes from change together or not at all.
"""

from __future__ import annotations

import json
import secrets

import duckdb
import pandas as pd

from omrademonitor.access import Permission, Principal
from omrademonitor.disclosure import PUBLISHED_COLUMNS, Policy, Publication, publish
from omrademonitor.queries import QUERIES
from omrademonitor.registry import Indicator, Registry

RAW_OBSERVATIONS = f"SELECT {', '.join(PUBLISHED_COLUMNS)} FROM current_observations"


def read_meta(con: duckdb.DuckDBPyConnection, key: str) -> str | None:
    row = con.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchone()
    return None if row is None else row[0]


def write_meta(con: duckdb.DuckDBPyConnection, key: str, value: str) -> None:
    con.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", [key, value])


def stored_policy(con: duckdb.DuckDBPyConnection) -> Policy:
    """The policy the published layer was made with (the default until one is set)."""
    text = read_meta(con, "disclosure_policy")
    return Policy(**json.loads(text)) if text else Policy()


def stored_registry(con: duckdb.DuckDBPyConnection) -> Registry:
    """The indicator definitions as stored with the data."""
    rows = con.execute("SELECT definition_json FROM indicators").fetchall()
    return Registry([Indicator.model_validate(json.loads(r[0])) for r in rows])


def hierarchy(con: duckdb.DuckDBPyConnection) -> tuple[dict[str, str | None], dict[str, int]]:
    """Each area's parent and level rank."""
    rows = con.execute(QUERIES["area_ranks"]).fetchall()
    return {r[0]: r[1] for r in rows}, {r[0]: r[2] for r in rows}


def secret_key(con: duckdb.DuckDBPyConnection) -> str:
    """The deployment's secret that orders the choice of partners; made once, never published."""
    key = read_meta(con, "disclosure_key")
    if key is None:
        key = secrets.token_hex(16)
        write_meta(con, "disclosure_key", key)
    return key


def publication_of(
    con: duckdb.DuckDBPyConnection, raw: pd.DataFrame, registry: Registry, policy: Policy
) -> Publication:
    """Disclosure control over ``raw`` with this database's areas and key."""
    parents, ranks = hierarchy(con)
    return publish(raw, parents, ranks, registry, policy, secret_key(con))


class Publishing:
    """Writer methods that keep ``published_observations`` in step (mixed into ``Writer``)."""

    con: duckdb.DuckDBPyConnection

    def _publish(self, con: duckdb.DuckDBPyConnection) -> Publication:
        """Recompute the published layer from the current observations, in the caller's transaction."""
        raw = con.execute(RAW_OBSERVATIONS).df()
        result = publication_of(con, raw, stored_registry(con), stored_policy(con))
        con.execute("DELETE FROM published_observations")
        con.register("published_frame", result.observations)
        try:
            con.execute(
                f"""INSERT INTO published_observations SELECT {", ".join(PUBLISHED_COLUMNS)} FROM published_frame
                    ORDER BY indicator_id, period, area_code"""
            )
        finally:
            con.unregister("published_frame")
        # the same figures ordered by area, for the views that read a few areas across indicators
        # (a profile, the headline table): DuckDB's zone maps then skip all but those areas' rows
        con.execute("DELETE FROM published_by_area")
        con.execute(
            """INSERT INTO published_by_area SELECT * FROM published_observations
               ORDER BY area_code, indicator_id, period"""
        )
        summary = {
            "rows": len(result.observations),
            "hidden_by_source": result.hidden_by_source,
            "hidden_by_rule": result.hidden_by_rule,
            "hidden_to_protect": result.hidden_to_protect,
            "unprotectable": result.unprotectable,
        }
        write_meta(con, "publication", json.dumps(summary))
        return result

    def ensure_published(self) -> None:
        """Publish once if this database has never been published (e.g. just migrated)."""
        if read_meta(self.con, "publication") is None:
            with self.transaction() as con:
                self._publish(con)

    def disclosure_policy(self) -> Policy:
        """The policy the published layer follows."""
        return stored_policy(self.con)

    def set_disclosure_policy(self, policy: Policy, actor: Principal) -> None:
        """Adopt the deployment's disclosure floor and republish everything under it."""
        with self._audited(actor, Permission.CONFIGURE, "set_disclosure_policy", None) as (con, record):
            record["before"] = vars(stored_policy(con))
            write_meta(con, "disclosure_policy", json.dumps(vars(policy)))
            self._publish(con)
            record["after"] = vars(policy)
