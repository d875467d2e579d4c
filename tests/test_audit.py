"""Every write path leaves one audit row, is refused for a role without the right, and nothing
can change the audit trail."""

import datetime as dt
import inspect
import json
import re
import shutil

import pandas as pd
import pytest

from omrademonitor import PROJECT_ROOT
from omrademonitor.access import AccessDenied, Principal, Role
from omrademonitor.accounts import hash_password
from omrademonitor.disclosure import PUBLISHED_COLUMNS, Policy
from omrademonitor.geography import approximate_shapes
from omrademonitor.goals import goals_file, parse_goals
from omrademonitor.measures import Measure, MeasureContext, MeasureStatus
from omrademonitor.report import Report
from omrademonitor.setup_db import PROGRAMMES_DIR
from omrademonitor.store import read_only_connection
from omrademonitor.writer import BatchInfo, Writer
from tests.helpers import table_state

ADMIN = Principal("ada", Role.ADMIN)
EDITOR = Principal("eva", Role.EDITOR)
RESEARCHER = Principal("rolf", Role.RESEARCHER)
WRITE_METHODS = [
    "sync_definitions",
    "replace_areas",
    "replace_geometries",
    "add_observations",
    "add_national_areas",
    "create_user",
    "update_user",
    "rollback_batch",
    "add_event",
    "delete_event",
    "save_measure",
    "import_measures",
    "save_goals",
    "save_report",
    "set_disclosure_policy",
]
READ_ONLY_METHODS = {
    "disclosure_policy",
    "event_count",
    "measure_count",
    "ensure_published",  # publishes a database that never was (just migrated): no change of content
    "close",
    "count",
    "stored_repeats",  # reads: the keys stored more than once (none, unless the store was written around the writer)
    "transaction",
    "active_batch_with_hash",
    "definitions_changed",
    "goal_text_known",
}


def write_calls(definitions, areas):
    """One call per write method of Writer: (method name, allowed actor, refused actor, call)."""
    programmes, registry = definitions
    programme = programmes["trondheim"]
    goals_text = goals_file(PROGRAMMES_DIR, "trondheim").read_text(encoding="utf-8")
    context = MeasureContext(programme, parse_goals(goals_text, "goals", programme, registry), registry)
    measure = Measure(
        "m-audit",
        "trondheim",
        "housing_policy",
        "Revisjonstiltak",
        MeasureStatus.PLANNED,
        dt.date(2025, 1, 1),
        ("5001LKS09",),
    )
    shapes = approximate_shapes(areas)
    observation = pd.DataFrame(
        [
            {
                "indicator_id": "persistent_low_income",
                "area_code": "5001LKS09",
                "period": 2024,
                "value": 33.3,
                "status": "final",
            }
        ]
    )
    report_figures = pd.DataFrame(columns=PUBLISHED_COLUMNS)
    city = shapes[shapes["code"] == "5001"]
    national_areas = pd.DataFrame(
        {
            "code": ["NO", "50", "5001"],
            "name": ["Land", "Fylke", "Kommune"],
            "level": ["land", "fylke", "kommune"],
            "parent_code": [None, "NO", "50"],
            "point_lon": [None, None, None],
            "point_lat": [None, None, None],
            "area_km2": [None, None, None],
        }
    )
    national_shapes = city.assign(code="50")
    return {
        "sync_definitions": (ADMIN, EDITOR, lambda w, a: w.sync_definitions(programmes, registry, a)),
        "replace_areas": (EDITOR, RESEARCHER, lambda w, a: w.replace_areas(areas, BatchInfo("t", "areas"), a)),
        "replace_geometries": (
            EDITOR,
            RESEARCHER,
            lambda w, a: w.replace_geometries(shapes, BatchInfo("t", "shapes"), approximate=True, actor=a),
        ),
        "add_observations": (
            EDITOR,
            RESEARCHER,
            lambda w, a: w.add_observations(observation, BatchInfo("t", "obs"), a),
        ),
        "add_national_areas": (
            EDITOR,
            RESEARCHER,
            lambda w, a: w.add_national_areas(national_areas, national_shapes, BatchInfo("t", "national"), a),
        ),
        "create_user": (
            ADMIN,
            EDITOR,
            lambda w, a: w.create_user("nina", Role.VIEWER, a, hash_password("nina-password-1")),
        ),
        "update_user": (ADMIN, EDITOR, lambda w, a: w.update_user("root", a, role=Role.EDITOR)),
        "rollback_batch": (EDITOR, RESEARCHER, lambda w, a: w.rollback_batch(last_observation_batch(w), a)),
        "add_event": (EDITOR, RESEARCHER, lambda w, a: w.add_event("trondheim", 2024, "Ny park", "New park", a)),
        "delete_event": (EDITOR, RESEARCHER, lambda w, a: w.delete_event(first_event(w), a)),
        "save_measure": (EDITOR, RESEARCHER, lambda w, a: w.save_measure(measure, context, a)),
        "import_measures": (EDITOR, RESEARCHER, lambda w, a: w.import_measures([measure], context, "t.xlsx", a)),
        "save_report": (
            EDITOR,
            RESEARCHER,
            lambda w, a: w.save_report(
                "{}", "trondheim", dt.date(2026, 11, 23), "nb", Report(b"%PDF", b"PK", 1), report_figures, a
            ),
        ),
        "set_disclosure_policy": (ADMIN, EDITOR, lambda w, a: w.set_disclosure_policy(Policy(6, 12), a)),
        "save_goals": (
            EDITOR,
            RESEARCHER,
            lambda w, a: w.save_goals(goals_text + "\n# revised\n", programme, registry, a),
        ),
    }


def first_event(writer: Writer) -> int:
    return writer.con.execute("SELECT min(event_id) FROM events").fetchone()[0]


def last_observation_batch(writer: Writer) -> int:
    return writer.con.execute("SELECT max(batch_id) FROM import_batches WHERE kind = 'observations'").fetchone()[0]


def _audit_db(demo_db, folder):
    path = folder / "audit.duckdb"
    shutil.copy(demo_db, path)
    with Writer(path) as writer:
        writer.create_user("root", Role.ADMIN, ADMIN, hash_password("root-password-1"))
        writer.create_user("spare", Role.ADMIN, ADMIN, hash_password("spare-password-1"))
    return path


@pytest.fixture(scope="module")
def audit_template(demo_db, tmp_path_factory):
    """The demo database with its two admins, made once per module: each account's password hash is a
    deliberately slow key derivation (about 0.3 s), two per test before."""
    return _audit_db(demo_db, tmp_path_factory.mktemp("audit-template"))


@pytest.fixture()
def db(audit_template, tmp_path):
    """A private copy for a test that writes."""
    path = tmp_path / "audit.duckdb"
    shutil.copy(audit_template, path)
    return path


@pytest.fixture(scope="module")
def refusing_db(demo_db, tmp_path_factory):
    """One copy for all the refused writes: each test compares the tables before and after its own
    refused call, so a write that got through would fail that test whatever ran before it."""
    return _audit_db(demo_db, tmp_path_factory.mktemp("refusing"))


def test_every_write_method_is_covered(definitions, areas):
    public = {name for name, _ in inspect.getmembers(Writer, inspect.isfunction) if not name.startswith("_")}
    assert public - READ_ONLY_METHODS == set(write_calls(definitions, areas)) == set(WRITE_METHODS)


def audit_rows(writer: Writer) -> list[tuple]:
    return writer.con.execute(
        "SELECT actor, actor_role, action, target, before_json, after_json FROM audit_log ORDER BY audit_id"
    ).fetchall()


@pytest.mark.parametrize("method", WRITE_METHODS)
def test_each_write_leaves_one_audit_row(db, definitions, areas, method):
    allowed, _, call = write_calls(definitions, areas)[method]
    with Writer(db) as writer:
        before = audit_rows(writer)
        call(writer, allowed)
        after = audit_rows(writer)
    assert len(after) == len(before) + 1
    actor, role, action, _, before_json, after_json = after[-1]
    assert (actor, role, action) == (allowed.username, allowed.role.value, method)
    assert after_json is not None and json.loads(after_json)
    if method == "update_user":
        assert json.loads(before_json)["role"] == "admin" and json.loads(after_json)["role"] == "editor"


@pytest.mark.parametrize("method", WRITE_METHODS)
def test_each_write_is_refused_without_the_role(refusing_db, definitions, areas, method):
    _, refused, call = write_calls(definitions, areas)[method]
    state = table_state(refusing_db)
    with (
        Writer(refusing_db) as writer,
        pytest.raises(AccessDenied, match=f"{refused.username} \\({refused.role}\\) may not"),
    ):
        call(writer, refused)
    assert table_state(refusing_db) == state


def test_anonymous_and_missing_actors_are_refused(db, definitions):
    with Writer(db) as writer, pytest.raises(AccessDenied):
        writer.sync_definitions(*definitions, None)


def test_no_code_changes_or_deletes_audit_rows():
    pattern = re.compile(r"(UPDATE\s+audit_log|DELETE\s+FROM\s+audit_log|DROP\s+TABLE\s+audit_log)", re.I)
    sources = [
        *PROJECT_ROOT.glob("omrademonitor/*.py"),
        *PROJECT_ROOT.glob("ui/*.py"),
        *PROJECT_ROOT.glob("pages/*.py"),
        PROJECT_ROOT / "app.py",
    ]
    offenders = [str(p) for p in sources if pattern.search(p.read_text(encoding="utf-8"))]
    assert offenders == []


def test_initialisation_is_audited_as_the_system(demo_db):

    con = read_only_connection(demo_db)
    actions = [
        r[0] for r in con.execute("SELECT action FROM audit_log WHERE actor = 'system' ORDER BY audit_id").fetchall()
    ]
    con.close()
    assert actions[:3] == ["sync_definitions", "replace_areas", "replace_geometries"]
    assert actions[3:] == ["add_event"] * 4 + ["save_goals", "import_measures", "import_measures", "add_observations"]
