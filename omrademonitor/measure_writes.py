"""Writes to the register of measures, the goal hierarchy and the stored reports, mixed into
``writer.Writer``.

Every change is checked first (a measure against the programme, goals and registry; goals against
the programme and registry), stored with a full version row (who, when, through what), and audited
in the same transaction. Saving what is already stored changes nothing and records nothing.
"""

from __future__ import annotations

import hashlib
import json

import pandas as pd

from omrademonitor.access import Permission, Principal, require
from omrademonitor.definitions import DefinitionError
from omrademonitor.disclosure import PUBLISHED_COLUMNS
from omrademonitor.errors import Refusal, WriteError
from omrademonitor.goals import parse_goals
from omrademonitor.indicator_registry import Registry
from omrademonitor.measures import Measure, MeasureContext, problems
from omrademonitor.programme import Programme

MEASURE_COLUMNS = (
    "programme_id",
    "measure_id",
    "focus_area",
    "title_nb",
    "title_en",
    "strategy_id",
    "area_codes",
    "responsible",
    "partners",
    "start_date",
    "end_date",
    "budget_planned_nok",
    "budget_spent_nok",
    "status",
    "status_date",
    "result",
    "recommendation",
    "is_demo",
)


class MeasureWrites:
    """Measures and goals; needs the host's ``con`` and ``_audited``."""

    def save_measure(
        self, measure: Measure, context: MeasureContext, actor: Principal, note: str | None = None
    ) -> bool:
        """Create or update one measure; returns False when nothing changed."""
        require(actor, Permission.EDIT_PROGRAMME)
        self._check_measures([measure], context)
        before = self._stored_measure(self.con, measure.programme_id, measure.measure_id)
        if before == measure.record():
            return False
        with self._audited(actor, Permission.EDIT_PROGRAMME, "save_measure", measure.measure_id) as (con, record):
            self._put_measure(con, measure, actor, "app", note)
            record["before"], record["after"] = before, measure.record()
        return True

    def import_measures(
        self, measures: list[Measure], context: MeasureContext, file_name: str, actor: Principal
    ) -> dict[str, list[str]]:
        """Create or update many measures at once, all or nothing; returns the ids created, updated, unchanged."""
        require(actor, Permission.EDIT_PROGRAMME)
        self._check_measures(measures, context)
        outcome: dict[str, list[str]] = {"created": [], "updated": [], "unchanged": []}
        changed = []
        for measure in measures:
            before = self._stored_measure(self.con, measure.programme_id, measure.measure_id)
            key = "unchanged" if before == measure.record() else "created" if before is None else "updated"
            outcome[key].append(measure.measure_id)
            if key != "unchanged":
                changed.append(measure)
        if not changed:
            return outcome
        with self._audited(actor, Permission.EDIT_PROGRAMME, "import_measures", file_name) as (con, record):
            for measure in changed:
                self._put_measure(con, measure, actor, f"import: {file_name}", None)
            record["after"] = outcome
        return outcome

    def save_goals(
        self, text: str, programme: Programme, registry: Registry, actor: Principal, via: str = "app"
    ) -> int | None:
        """Store a new version of a programme's goal hierarchy (YAML text), checked first.

        Returns the new version id, or None when the text is already the latest version.
        """
        try:
            parse_goals(text, f"{programme.id}/goals.yaml", programme, registry)
        except DefinitionError as exc:
            if exc.field:
                raise WriteError(Refusal.GOALS_INVALID, file=str(exc.path), field=exc.field, reason=exc.reason) from exc
            raise WriteError(Refusal.GOALS_UNREADABLE, file=str(exc.path), reason=exc.reason) from exc
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        latest = self.con.execute(
            "SELECT version_id, content_hash FROM goal_versions WHERE programme_id = ? "
            "ORDER BY version_id DESC LIMIT 1",
            [programme.id],
        ).fetchone()
        if latest is not None and latest[1] == digest:
            return None
        with self._audited(actor, Permission.EDIT_PROGRAMME, "save_goals", programme.id) as (con, record):
            version = con.execute(
                """INSERT INTO goal_versions (programme_id, saved_at, saved_by, via, content_hash, yaml_text)
                   VALUES (?, current_timestamp::TIMESTAMP, ?, ?, ?, ?) RETURNING version_id""",
                [programme.id, actor.username, via, digest, text],
            ).fetchone()[0]
            record["before"] = None if latest is None else {"version_id": latest[0], "content_hash": latest[1]}
            record["after"] = {"version_id": version, "content_hash": digest, "via": via}
        return version

    def goal_text_known(self, programme_id: str, text: str) -> bool:
        """Whether this exact goals text was ever stored (so an unchanged file is not taken in twice)."""
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        return bool(
            self.con.execute(
                "SELECT count(*) FROM goal_versions WHERE programme_id = ? AND content_hash = ?", [programme_id, digest]
            ).fetchone()[0]
        )

    def save_report(
        self,
        snapshot_json: str,
        programme_id: str,
        reference_date,
        lang: str,
        report,
        observations: pd.DataFrame,
        actor: Principal,
        breakdowns: pd.DataFrame | None = None,
    ) -> int:
        """Store a made report with the snapshot of its inputs and its published figures (totals, and
        by breakdown when given); returns its id."""
        digest = hashlib.sha256(report.pdf).hexdigest()
        with self._audited(actor, Permission.EDIT_PROGRAMME, "save_report", programme_id) as (con, record):
            report_id = con.execute(
                """INSERT INTO report_snapshots (programme_id, reference_date, lang, generated_at, generated_by,
                       inputs_json, pdf, pdf_sha256, workbook, pages)
                   VALUES (?, ?, ?, current_timestamp::TIMESTAMP, ?, ?, ?, ?, ?, ?) RETURNING report_id""",
                [
                    programme_id,
                    reference_date,
                    lang,
                    actor.username,
                    snapshot_json,
                    report.pdf,
                    digest,
                    report.workbook,
                    report.pages,
                ],
            ).fetchone()[0]
            con.register("report_frame", observations)
            try:
                con.execute(
                    f"INSERT INTO report_observations SELECT ?, {', '.join(PUBLISHED_COLUMNS)} FROM report_frame",
                    [report_id],
                )
            finally:
                con.unregister("report_frame")
            if breakdowns is not None and len(breakdowns):
                con.register("report_breakdown_frame", breakdowns)
                try:
                    con.execute(
                        f"""INSERT INTO report_breakdowns SELECT ?, {", ".join(PUBLISHED_COLUMNS)}, breakdown, category
                            FROM report_breakdown_frame""",
                        [report_id],
                    )
                finally:
                    con.unregister("report_breakdown_frame")
            record["after"] = {
                "report_id": report_id,
                "reference_date": str(reference_date),
                "lang": lang,
                "pdf_sha256": digest,
                "pages": report.pages,
            }
        return report_id

    # --- helpers -----------------------------------------------------------------------------------

    def _check_measures(self, measures: list[Measure], context: MeasureContext) -> None:
        found = [(m.measure_id, p) for m in measures for p in problems(m, context)]
        if found:
            raise WriteError(Refusal.MEASURE_REFUSED, problems=found[:5])

    @staticmethod
    def _stored_measure(con, programme_id: str, measure_id: str) -> dict | None:
        row = con.execute(
            "SELECT record_json FROM measure_versions WHERE programme_id = ? AND measure_id = ? "
            "ORDER BY version_id DESC LIMIT 1",
            [programme_id, measure_id],
        ).fetchone()
        return None if row is None else json.loads(row[0])

    @staticmethod
    def _put_measure(con, measure: Measure, actor: Principal, via: str, note) -> None:
        """Write the measure's current row, its outputs and a version row."""
        data = measure.record()
        con.execute(
            "DELETE FROM measures WHERE programme_id = ? AND measure_id = ?", [measure.programme_id, measure.measure_id]
        )
        con.execute(
            "DELETE FROM measure_outputs WHERE programme_id = ? AND measure_id = ?",
            [measure.programme_id, measure.measure_id],
        )
        con.execute(
            f"INSERT INTO measures ({', '.join(MEASURE_COLUMNS)}) VALUES ({', '.join('?' * len(MEASURE_COLUMNS))})",
            [data[c] for c in MEASURE_COLUMNS],
        )
        for output in measure.outputs:
            con.execute(
                "INSERT INTO measure_outputs VALUES (?, ?, ?, ?, ?)",
                [
                    measure.programme_id,
                    measure.measure_id,
                    output.indicator_id,
                    output.target_value,
                    output.target_year,
                ],
            )
        con.execute(
            """INSERT INTO measure_versions (programme_id, measure_id, saved_at, saved_by, via, note, record_json)
               VALUES (?, ?, current_timestamp::TIMESTAMP, ?, ?, ?, ?)""",
            [
                measure.programme_id,
                measure.measure_id,
                actor.username,
                via,
                note,
                json.dumps(data, ensure_ascii=False, sort_keys=True),
            ],
        )
