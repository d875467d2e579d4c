"""Making and remaking status reports needs an editor (or admin): the core refuses everyone else before
starting any work (a report runs Chromium for many seconds), and the page offers the remake only to
those who may. Chromium is replaced by a stand-in here; tests/test_report.py prints real reports."""

import datetime as dt
import shutil

import pytest

from omrademonitor import report
from omrademonitor.access import ANONYMOUS, SYSTEM, AccessDenied, Principal, Role
from omrademonitor.accounts import hash_password
from omrademonitor.database import Database
from omrademonitor.disclosure import DEFAULT_POLICY
from omrademonitor.presentation import report_document
from omrademonitor.report import Report
from omrademonitor.snapshots import capture, published_as_of
from omrademonitor.store import Store
from omrademonitor.writer import Writer
from tests.helpers import table_state
from tests.test_pages_roles import PASSWORD, log_in, new_app

EDITOR = Principal("eva", Role.EDITOR, "Eva Editor")
STORED = Report(b"%PDF-stand-in", b"PK-stand-in", 1)


@pytest.fixture()
def stored_report(demo_db, tmp_path, programme, registry):
    """A copy of the demo database holding one report (the stand-in PDF) and the editor eva."""
    path = tmp_path / "reports.duckdb"
    shutil.copy(demo_db, path)
    store = Store(path)
    try:
        snapshot = capture(store, programme, registry, DEFAULT_POLICY, dt.date.today(), dt.datetime.now(), "Eva")
        figures = published_as_of(store, snapshot)
    finally:
        store.close()
    with Writer(path) as writer:
        report_id = writer.save_report(snapshot.to_json(), programme.id, dt.date.today(), "nb", STORED, figures, EDITOR)
        writer.create_user("eva", Role.EDITOR, SYSTEM, hash_password(PASSWORD))
    return path, report_id


@pytest.fixture()
def chromium(monkeypatch):
    """Stands in for report_document.make_report (Chromium); records each call."""
    calls = []

    def make(store, snapshot, lang, observations, breakdowns=None):
        calls.append(lang)
        return STORED

    monkeypatch.setattr(report_document, "make_report", make)
    return calls


@pytest.mark.parametrize(
    "actor", [None, ANONYMOUS, Principal("vera", Role.VIEWER), Principal("rolf", Role.RESEARCHER)], ids=str
)
def test_a_remake_is_refused_before_any_work_without_the_right(stored_report, chromium, actor):
    path, report_id = stored_report
    store = Store(path)
    try:
        with pytest.raises(AccessDenied):
            report.regenerate(store, report_id, actor, report_document.make_report)
    finally:
        store.close()
    assert chromium == []


@pytest.mark.parametrize("actor", [EDITOR, Principal("ada", Role.ADMIN)], ids=lambda p: p.role)
def test_editors_and_admins_may_remake(stored_report, chromium, actor):
    path, report_id = stored_report
    store = Store(path)
    try:
        outcome, again = report.regenerate(store, report_id, actor, report_document.make_report)
    finally:
        store.close()
    assert (outcome, again, chromium) == ("identical", STORED, ["nb"])


def test_making_a_report_is_refused_before_any_work_without_the_right(stored_report, chromium, programme, registry):
    path, _ = stored_report
    before = table_state(path)
    database = Database(path)
    try:
        with pytest.raises(AccessDenied, match=r"rolf \(researcher\) may not"):
            report.generate(
                database,
                programme,
                registry,
                DEFAULT_POLICY,
                dt.date.today(),
                "nb",
                Principal("rolf", Role.RESEARCHER),
                report_document.make_report,
            )
    finally:
        database.close()
    assert chromium == [] and table_state(path) == before


def remake_buttons(app):
    return [b for b in app.button if b.label == "Lag på nytt fra grunnlaget"]


def test_the_page_offers_the_remake_to_editors_only(stored_report, chromium, monkeypatch):
    path, _ = stored_report
    app = new_app(path, monkeypatch)  # anonymous reading is on: anyone may fetch stored reports
    app.switch_page("pages/report.py").run()
    assert not app.exception, app.exception
    assert [b.label for b in app.get("download_button")] == ["Last ned PDF", "Last ned tabellene (Excel)"]
    assert remake_buttons(app) == []
    app = log_in(new_app(path, monkeypatch), "eva")
    app.switch_page("pages/report.py").run()
    remake_buttons(app)[0].click().run()
    assert not app.exception, app.exception
    assert [s.value for s in app.success] == ["Laget på nytt: PDF-en er byte for byte lik den lagrede."]
    assert chromium == ["nb"]
