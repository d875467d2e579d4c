"""Keeping the published layer in step with the data: the writer's part of disclosure control.

Every write that changes what could be shown (observations, rollbacks, areas, definitions, the
deployment's disclosure policy) republishes inside its own transaction, so the published layer
and the data it comes from change together or not at all.

**Incremental publishing.** Disclosure control works on *systems*: one count (by its shared name)
in one period over the whole area hierarchy. A row's published state depends on its own figures
and on the systems of the counts it carries (its numerator's and its denominator's, in its period),
and a system depends only on the rows that carry its count in that period. So a write that changes
some (indicator, period) groups is republished by:

1. finding the changed groups: rows of the current observations whose (indicator, area, period,
   batch) is not in the published layer, and published rows no longer current (a stored figure is
   never changed in place: a revision or a rollback changes which batch is current);
2. the touched systems A: the counts those groups carry, in their periods;
3. the groups R to rewrite: the changed groups and every group carrying a count of A;
4. the other systems B those groups carry (unchanged, but their hidden cells are needed), and all
   rows carrying a count of A or B: disclosure control runs on exactly those rows, which give A and
   B the same cells, bounds and partner order as a full run does;
5. replacing the rows of R in the published layer.

Anything else that can change the outcome (indicator definitions, the area hierarchy, the policy)
is fingerprinted in ``meta`` (``publication_basis``); when it differs, everything is republished.
The administrators' summary is kept per group and per system (``publication_parts``), so its
totals after an incremental publish equal a full one's.
"""

from __future__ import annotations

import hashlib
import json
import secrets

import duckdb
import numpy as np
import pandas as pd

from omrademonitor.access import Permission, Principal
from omrademonitor.breakdown_publishing import publish_breakdowns
from omrademonitor.disclosure import PUBLISHED_COLUMNS, Policy, Publication, publish
from omrademonitor.indicator_registry import Indicator, Registry
from omrademonitor.queries import QUERIES

# Ordered, so that where indicators carry a shared count, the figure the count takes is always the same one.
RAW_OBSERVATIONS = (
    f"SELECT {', '.join(PUBLISHED_COLUMNS)} FROM current_observations WHERE breakdown = 'total' "
    "ORDER BY indicator_id, period, area_code"
)
# A full publish reads the current observations a few periods at a time (``PUBLISH_CHUNK_ROWS`` rows
# at most, unless one period holds more): disclosure control never links two periods, so each
# part gives the rows a publish of everything at once gives, in a fraction of the memory.
PUBLISH_CHUNK_ROWS = 200_000
ROWS_BY_PERIOD = """SELECT period, count(*) FROM current_observations WHERE breakdown = 'total'
    GROUP BY period ORDER BY period"""
RAW_PERIODS = f"""SELECT {", ".join(PUBLISHED_COLUMNS)} FROM current_observations
    WHERE breakdown = 'total' AND period BETWEEN ? AND ?
    ORDER BY indicator_id, period, area_code"""
# The rows of the (indicator, period) groups in ``publish_groups``: how many per period, and those of some
# periods (an incremental publish reads them as a full one does, a few periods at a time).
RAW_GROUPS_BY_PERIOD = """SELECT c.period, count(*) FROM current_observations c
    SEMI JOIN publish_groups g ON c.indicator_id = g.indicator_id AND c.period = g.period
    WHERE c.breakdown = 'total' GROUP BY c.period ORDER BY c.period"""
RAW_GROUP_PERIODS = f"""SELECT {", ".join(f"c.{c}" for c in PUBLISHED_COLUMNS)} FROM current_observations c
    SEMI JOIN publish_groups g ON c.indicator_id = g.indicator_id AND c.period = g.period
    WHERE c.breakdown = 'total' AND c.period BETWEEN ? AND ?
    ORDER BY c.indicator_id, c.period, c.area_code"""
# Groups whose current rows differ from the published ones (a stored row never changes in place).
CHANGED_GROUPS = """
    WITH current_keys AS (
        SELECT indicator_id, area_code, period, batch_id FROM current_observations WHERE breakdown = 'total'),
    published_keys AS (SELECT indicator_id, area_code, period, batch_id FROM published_observations)
    SELECT DISTINCT indicator_id, period FROM (
        (SELECT * FROM current_keys EXCEPT SELECT * FROM published_keys)
        UNION ALL (SELECT * FROM published_keys EXCEPT SELECT * FROM current_keys))"""
BREAKDOWN_KEYS = "indicator_id, area_code, period, breakdown, category, batch_id"
CHANGED_BREAKDOWN_GROUPS = f"""
    WITH current_keys AS (SELECT {BREAKDOWN_KEYS} FROM current_observations WHERE breakdown <> 'total'),
    published_keys AS (SELECT {BREAKDOWN_KEYS} FROM published_breakdowns)
    SELECT DISTINCT indicator_id, period FROM (
        (SELECT * FROM current_keys EXCEPT SELECT * FROM published_keys)
        UNION ALL (SELECT * FROM published_keys EXCEPT SELECT * FROM current_keys))"""
BROKEN_DOWN = "SELECT DISTINCT indicator_id FROM current_observations WHERE breakdown <> 'total'"
RAW_BREAKDOWN_GROUPS = f"""SELECT {", ".join(f"c.{c}" for c in PUBLISHED_COLUMNS)}, c.breakdown, c.category
    FROM current_observations c
    SEMI JOIN publish_groups g ON c.indicator_id = g.indicator_id AND c.period = g.period
    WHERE c.breakdown <> 'total' ORDER BY c.indicator_id, c.breakdown, c.category, c.period, c.area_code"""
# The totals of the groups' indicators in those periods (``publish_groups`` holds only indicators given
# by breakdown), with their published status.
TOTALS_OF_BREAKDOWN_GROUPS = f"""SELECT {", ".join(f"c.{c}" for c in PUBLISHED_COLUMNS)}, p.status AS shown_status
    FROM current_observations c JOIN published_observations p USING (indicator_id, area_code, period)
    SEMI JOIN publish_groups g ON c.indicator_id = g.indicator_id AND c.period = g.period
    WHERE c.breakdown = 'total' AND c.indicator_id IN (
        SELECT DISTINCT indicator_id FROM current_observations WHERE breakdown <> 'total')
    ORDER BY c.indicator_id, c.period, c.area_code"""
RAW_BREAKDOWNS = f"""SELECT {", ".join(PUBLISHED_COLUMNS)}, breakdown, category FROM current_observations
    WHERE breakdown <> 'total' ORDER BY indicator_id, breakdown, category, period, area_code"""
# The totals of the indicators given by breakdown, with the status each has once published.
TOTALS_OF_BREAKDOWNS = f"""SELECT {", ".join(f"c.{c}" for c in PUBLISHED_COLUMNS)}, p.status AS shown_status
    FROM current_observations c JOIN published_observations p USING (indicator_id, area_code, period)
    WHERE c.breakdown = 'total' AND c.indicator_id IN (
        SELECT DISTINCT indicator_id FROM current_observations WHERE breakdown <> 'total')
    ORDER BY c.indicator_id, c.period, c.area_code"""
SUMMARY_FIELDS = ("rows", "hidden_by_source", "hidden_by_rule", "hidden_to_protect")


def read_meta(con: duckdb.DuckDBPyConnection, key: str) -> str | None:
    rows = con.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchall()  # fetched to the end
    return rows[0][0] if rows else None


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


def publication_basis(con: duckdb.DuckDBPyConnection) -> str:
    """A fingerprint of everything besides the observations that the published layer depends on:
    the stored indicator definitions, the area hierarchy and the policy."""
    digest = hashlib.sha256()
    for row in con.execute("SELECT id, definition_json FROM indicators ORDER BY id").fetchall():
        digest.update(json.dumps(row, ensure_ascii=False).encode("utf-8") + b"\n")
    for row in sorted(con.execute(QUERIES["area_ranks"]).fetchall(), key=lambda r: r[0]):
        digest.update(json.dumps(row, ensure_ascii=False).encode("utf-8") + b"\n")
    digest.update(json.dumps(vars(stored_policy(con)), sort_keys=True).encode("utf-8"))
    return digest.hexdigest()


def group_summary(result: Publication) -> dict[tuple[str, int], list[int]]:
    """The administrators' summary per (indicator, period) group: rows, hidden by source, by rule,
    as partners."""
    flags = result.flags
    frame = pd.DataFrame(
        {
            "indicator_id": result.observations["indicator_id"].to_numpy(),
            "period": result.observations["period"].to_numpy(),
            "rows": 1,
            "hidden_by_source": flags["by_source"].to_numpy(dtype=int),
            "hidden_by_rule": flags["by_rule"].to_numpy(dtype=int),
            "hidden_to_protect": (
                flags["hidden"].to_numpy() & ~flags["by_source"].to_numpy() & ~flags["by_rule"].to_numpy()
            ).astype(int),
        }
    )
    sums = frame.groupby(["indicator_id", "period"], sort=True)[list(SUMMARY_FIELDS)].sum()
    rows = zip(sums.index, sums.to_numpy(), strict=True)
    return {(str(i), int(p)): [int(v) for v in values] for (i, p), values in rows}


def _names(registry: Registry, indicator_id: str) -> tuple[str, ...]:
    """The names of the counts rows of this indicator carry (none for an unknown indicator)."""
    if indicator_id not in registry:
        return ()
    return tuple(name for name in registry[indicator_id].count_ids() if name)


def empty_publication() -> Publication:
    """A publication of no rows (the summary then comes from the stored parts alone)."""
    empty = pd.DataFrame(columns=PUBLISHED_COLUMNS)
    return Publication(empty, 0, 0, 0, 0, pd.DataFrame(columns=["by_source", "by_rule", "hidden"]))


def period_chunks(counts: list[tuple[int, int]], most: int) -> list[tuple[int, int]]:
    """Consecutive periods (``counts``: period and rows, in order) grouped into ranges (first, last)
    of at most ``most`` rows each; a period with more rows is a range of its own."""
    chunks: list[tuple[int, int]] = []
    first, last, rows = None, None, 0
    for period, count in counts:
        if first is not None and rows + count > most:
            chunks.append((first, last))
            first, rows = None, 0
        if first is None:
            first = period
        last, rows = period, rows + count
    if first is not None:
        chunks.append((first, last))
    return chunks


class Publishing:
    """Writer methods that keep ``published_observations`` in step (mixed into ``Writer``)."""

    con: duckdb.DuckDBPyConnection

    def _publish(self, con: duckdb.DuckDBPyConnection, full: bool = False) -> Publication:
        """Bring the published layer in step with the current observations, in the caller's
        transaction: only the systems the data changes touch, unless ``full`` or the definitions,
        areas or policy changed since the last publish (then everything).

        Returns the publication of the rows it rewrote (none after a full publish, which writes its
        rows part by part), with the summary totals of the whole layer."""
        basis = publication_basis(con)
        parts = read_meta(con, "publication_parts")
        if full or parts is None or read_meta(con, "publication_basis") != basis:
            return self._publish_all(con, basis)
        return self._publish_changes(con, json.loads(parts))

    def _publish_all(self, con: duckdb.DuckDBPyConnection, basis: str) -> Publication:
        """Publish every current observation, a few periods at a time (``PUBLISH_CHUNK_ROWS``).

        Returns the summary totals of the whole layer; its rows are in the table, not in the result."""
        registry, policy = stored_registry(con), stored_policy(con)
        parts: dict = {"groups": {}, "unprotectable": {}}
        con.execute("DELETE FROM published_observations")
        for first, last in period_chunks(con.execute(ROWS_BY_PERIOD).fetchall(), PUBLISH_CHUNK_ROWS):
            raw = con.execute(RAW_PERIODS, [first, last]).df()
            result = publication_of(con, raw, registry, policy)
            del raw
            self._insert_published(con, result.observations)
            parts["groups"] |= group_summary(result)
            parts["unprotectable"] |= dict(result.unprotectable_by_system)
            del result
        write_meta(con, "publication_basis", basis)
        self._copy_by_area(con)
        self._publish_breakdowns(con)  # every category again
        return self._write_summary(con, empty_publication(), parts)

    def _publish_changes(self, con: duckdb.DuckDBPyConnection, stored_parts: dict) -> Publication:
        registry = stored_registry(con)
        parts = {
            "groups": {(i, p): values for i, p, *values in stored_parts["groups"]},
            "unprotectable": {(n, p): count for n, p, count in stored_parts["unprotectable"]},
        }
        changed = {(i, int(p)) for i, p in con.execute(CHANGED_GROUPS).fetchall()}
        if not changed:  # e.g. areas replaced by the same hierarchy: nothing to republish (but the
            self._publish_breakdowns(con, set())  # figures by breakdown may have changed alone)
            return self._write_summary(con, empty_publication(), parts)
        carriers: dict[str, set[str]] = {}
        for indicator in registry:
            for name in _names(registry, indicator.id):
                carriers.setdefault(name, set()).add(indicator.id)
        touched = {(name, p) for i, p in changed for name in _names(registry, i)}  # systems A
        rewrite = changed | {(i, p) for name, p in touched for i in carriers[name]}  # groups R
        linked = {(name, p) for i, p in rewrite for name in _names(registry, i)} - touched  # systems B
        needed = rewrite | {(i, p) for name, p in linked for i in carriers[name]}
        for group in rewrite:
            parts["groups"].pop(group, None)
        for system in touched | linked:
            parts["unprotectable"].pop(system, None)
        groups = pd.DataFrame(sorted(needed), columns=["indicator_id", "period"])
        rewritten = pd.DataFrame(sorted(rewrite), columns=["indicator_id", "period"])
        con.register("publish_groups", groups)
        con.register("rewritten_groups", rewritten)
        try:
            con.execute(
                """DELETE FROM published_observations p USING rewritten_groups g
                   WHERE p.indicator_id = g.indicator_id AND p.period = g.period"""
            )
            # a few periods at a time, as a full publish does (disclosure control never links two periods):
            # an import of a large file, every period new, then needs a fraction of one pass's memory
            chunks = period_chunks(con.execute(RAW_GROUPS_BY_PERIOD).fetchall(), PUBLISH_CHUNK_ROWS)
            results = [
                self._publish_part(con, first, last, registry, rewrite, touched | linked, parts)
                for first, last in chunks
            ]
        finally:
            con.unregister("publish_groups")
            con.unregister("rewritten_groups")
        self._copy_by_area(con)
        self._publish_breakdowns(con, rewrite)
        # the rows rewritten when they were one part (else they are in the table only, as after a full publish)
        return self._write_summary(con, results[0] if len(results) == 1 else empty_publication(), parts)

    def _publish_part(
        self, con, first: int, last: int, registry: Registry, rewrite: set, systems: set, parts: dict
    ) -> Publication:
        """Disclosure control over the rows of ``publish_groups`` in periods ``first``–``last``; the rows
        of the groups to ``rewrite`` are written to the published layer and their summary, and that of the
        ``systems`` recomputed, added to ``parts``. Returns the publication of the rows written."""
        raw = con.execute(RAW_GROUP_PERIODS, [first, last]).df()
        result = publication_of(con, raw, registry, stored_policy(con))
        del raw
        keys = pd.MultiIndex.from_frame(result.observations[["indicator_id", "period"]])
        keep = keys.isin(list(rewrite)) if rewrite else np.zeros(len(keys), dtype=bool)
        result = Publication(
            observations=result.observations[keep].reset_index(drop=True),
            hidden_by_source=0,
            hidden_by_rule=0,
            hidden_to_protect=0,
            unprotectable=0,
            flags=result.flags[keep].reset_index(drop=True),
            unprotectable_by_system=result.unprotectable_by_system,
        )
        self._insert_published(con, result.observations)
        parts["groups"] |= group_summary(result)
        parts["unprotectable"] |= {
            system: count for system, count in result.unprotectable_by_system.items() if system in systems
        }
        return result

    @staticmethod
    def _insert_published(con: duckdb.DuckDBPyConnection, observations: pd.DataFrame) -> None:
        if observations.empty:
            return
        con.register("published_frame", observations)
        try:
            con.execute(
                f"""INSERT INTO published_observations SELECT {", ".join(PUBLISHED_COLUMNS)} FROM published_frame
                    ORDER BY indicator_id, period, area_code"""
            )
        finally:
            con.unregister("published_frame")

    def _publish_breakdowns(self, con: duckdb.DuckDBPyConnection, totals_rewritten: set | None = None) -> None:
        """Publish the figures by breakdown category after the totals (``breakdown_publishing``).

        ``totals_rewritten`` are the (indicator, period) groups of totals just rewritten (None: publish
        every category again). Incrementally, the groups republished are those whose figures by
        breakdown changed (as ``CHANGED_GROUPS`` finds them for the totals) or whose totals were
        rewritten, widened to every indicator given by breakdown that shares a count with them, in
        those periods: disclosure control of the categories and the total = Σ categories equations stay
        within one period and one count's indicators, so those rows come out as a full publish gives them.
        """
        stored = read_meta(con, "breakdowns_unprotectable_parts")
        if totals_rewritten is None or stored is None:
            raw = con.execute(RAW_BREAKDOWNS).df()
            totals = con.execute(TOTALS_OF_BREAKDOWNS).df() if not raw.empty else None
            con.execute("DELETE FROM published_breakdowns")
            open_parts: dict[tuple[str, int], int] = {}
        else:
            groups = self._breakdown_groups(con, totals_rewritten)
            if not groups:
                return
            frame = pd.DataFrame(sorted(groups), columns=["indicator_id", "period"])
            con.register("publish_groups", frame)
            try:
                raw = con.execute(RAW_BREAKDOWN_GROUPS).df()
                totals = con.execute(TOTALS_OF_BREAKDOWN_GROUPS).df() if not raw.empty else None
                con.execute(
                    """DELETE FROM published_breakdowns p USING publish_groups g
                       WHERE p.indicator_id = g.indicator_id AND p.period = g.period"""
                )
            finally:
                con.unregister("publish_groups")
            registry = stored_registry(con)
            open_parts = {(n, p): c for n, p, c in json.loads(stored)}
            for indicator_id, period in groups:
                for name in _names(registry, indicator_id):
                    open_parts.pop((name, period), None)
        if not raw.empty:
            registry, policy = stored_registry(con), stored_policy(con)
            parents, ranks = hierarchy(con)
            key = secret_key(con)

            def publish_with(frame, parts, extra):
                return publish(frame, parents, ranks, parts, policy, key, extra)

            published, still_open = publish_breakdowns(raw, totals, registry, policy, publish_with)
            open_parts |= still_open
            con.register("published_breakdown_frame", published)
            try:
                con.execute(
                    f"""INSERT INTO published_breakdowns
                        SELECT {", ".join(PUBLISHED_COLUMNS)}, breakdown, category FROM published_breakdown_frame
                        ORDER BY indicator_id, breakdown, category, period, area_code"""
                )
            finally:
                con.unregister("published_breakdown_frame")
        kept = sorted([n, p, c] for (n, p), c in open_parts.items() if c)
        write_meta(con, "breakdowns_unprotectable_parts", json.dumps(kept))
        write_meta(con, "breakdowns_unprotectable", str(sum(c for _, _, c in kept)))
        con.execute("DELETE FROM published_breakdowns_by_area")
        con.execute(
            """INSERT INTO published_breakdowns_by_area SELECT * FROM published_breakdowns
               ORDER BY area_code, indicator_id, breakdown, category, period"""
        )

    @staticmethod
    def _breakdown_groups(con: duckdb.DuckDBPyConnection, totals_rewritten: set) -> set[tuple[str, int]]:
        """The (indicator, period) groups of figures by breakdown to publish again (see ``_publish_breakdowns``)."""
        broken_down = {r[0] for r in con.execute(BROKEN_DOWN).fetchall()}
        changed = {(i, int(p)) for i, p in con.execute(CHANGED_BREAKDOWN_GROUPS).fetchall()}
        changed |= {(i, int(p)) for i, p in totals_rewritten if i in broken_down}
        if not changed:
            return set()
        registry = stored_registry(con)
        component: dict[str, set[str]] = {}  # indicators linked through shared counts, each to its whole set
        by_name: dict[str, set[str]] = {}
        for indicator_id in broken_down | {i for i, _ in changed}:
            linked = {indicator_id}
            for name in _names(registry, indicator_id):
                linked |= by_name.get(name, set())
            for other in list(linked):
                linked |= component.get(other, set())
            for member in linked:
                component[member] = linked
                for name in _names(registry, member):
                    by_name[name] = linked
        return {(member, period) for i, period in changed for member in component[i]}

    @staticmethod
    def _copy_by_area(con: duckdb.DuckDBPyConnection) -> None:
        """The same figures ordered by area, for the views that read a few areas across indicators (a
        profile, the headline table): DuckDB's zone maps then skip all but those areas' rows."""
        con.execute("DELETE FROM published_by_area")
        con.execute(
            """INSERT INTO published_by_area SELECT * FROM published_observations
               ORDER BY area_code, indicator_id, period"""
        )

    @staticmethod
    def _write_summary(con: duckdb.DuckDBPyConnection, result: Publication, parts: dict) -> Publication:
        """Store the summary per group and per system, and its totals; return ``result`` with the totals."""
        groups = sorted([i, p, *values] for (i, p), values in parts["groups"].items())
        unprotectable = sorted([n, p, count] for (n, p), count in parts["unprotectable"].items() if count)
        write_meta(con, "publication_parts", json.dumps({"groups": groups, "unprotectable": unprotectable}))
        totals = np.sum([values for _, _, *values in groups], axis=0, dtype=np.int64) if groups else [0] * 4
        summary = dict(zip(SUMMARY_FIELDS, map(int, totals), strict=True))
        summary["unprotectable"] = sum(count for _, _, count in unprotectable)
        write_meta(con, "publication", json.dumps(summary))
        return Publication(
            observations=result.observations,
            hidden_by_source=summary["hidden_by_source"],
            hidden_by_rule=summary["hidden_by_rule"],
            hidden_to_protect=summary["hidden_to_protect"],
            unprotectable=summary["unprotectable"],
            flags=result.flags,
            unprotectable_by_system=result.unprotectable_by_system,
        )

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
            self._publish(con)  # the policy is part of the basis: everything is republished
            record["after"] = vars(policy)
