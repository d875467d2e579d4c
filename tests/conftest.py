"""Shared fixtures: the real definitions, the shared official data, and a demo database
built with the real schema, import code and demo generator (fixed seed)."""

from __future__ import annotations

import datetime as dt
import fcntl
import hashlib
import os
import shutil
from pathlib import Path

import pytest
from argon2 import PasswordHasher

from omrademonitor import PROJECT_ROOT, accounts
from omrademonitor.access import SYSTEM
from omrademonitor.geography import OfficialFiles, read_area_table
from omrademonitor.national import NationalFiles, load_national
from omrademonitor.setup_db import initialise, load_definitions
from omrademonitor.store import Store
from omrademonitor.writer import Writer

SHARED_DATA = PROJECT_ROOT.parent / "shared" / "data"


# Passwords: the production hash (argon2id at the library's recommended cost, 64 MiB and 3 passes) takes
# about 0.3 s of CPU for every hash and every login check, a cost none of the tests' assertions is about.
# So this test process hashes at argon2id's smallest cost (a check reads the cost from the stored hash,
# so these hashes verify as any other); tests/test_accounts.py checks the production cost itself through
# ``production_password_cost``. App servers and commands run as subprocesses keep the production cost.
PRODUCTION_HASHER = accounts._hasher
TEST_HASHER = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)


@pytest.fixture(scope="session", autouse=True)
def cheap_password_hashes():
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setattr(accounts, "_hasher", TEST_HASHER)
        yield


@pytest.fixture(scope="session", autouse=True)
def approximate_shapes_drawn_once():
    """``initialise`` draws approximate shapes for the bundled areas (and for a programme's own areas) on
    every new database: about 0.45 s of CPU each time, always for the same few tables. This test process
    draws each table once and hands out copies (tests/test_geography.py tests the drawing itself)."""
    import pandas as pd

    from omrademonitor import geography, setup_db

    drawn = {}

    def approximate_shapes(areas):
        content = pd.util.hash_pandas_object(areas, index=True).to_numpy().tobytes()
        key = hashlib.sha256(content + repr(list(areas.columns)).encode()).hexdigest()
        if key not in drawn:
            drawn[key] = geography.approximate_shapes(areas)
        return drawn[key].copy()

    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setattr(setup_db, "approximate_shapes", approximate_shapes)
        yield


@pytest.fixture()
def production_password_cost(monkeypatch):
    """The product's own password hasher, for a test of the cost itself."""
    monkeypatch.setattr(accounts, "_hasher", PRODUCTION_HASHER)
    return PRODUCTION_HASHER


@pytest.fixture(scope="session")
def definitions():
    return load_definitions()


@pytest.fixture(scope="session")
def programme(definitions):
    return definitions[0]["trondheim"]


@pytest.fixture(scope="session")
def registry(definitions):
    return definitions[1]


@pytest.fixture(scope="session")
def areas():
    return read_area_table()


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The real public data beside the project (CI has it); skip with a reason when absent."""
    if not SHARED_DATA.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{SHARED_DATA} is missing on CI")
        pytest.skip(f"real data folder {SHARED_DATA} not present")
    return SHARED_DATA


@pytest.fixture(scope="session")
def official_files(shared_data) -> OfficialFiles:
    return OfficialFiles.in_folder(shared_data)


def _built_once(tmp_path_factory, name: str, build) -> Path:
    """A database file built by ``build(path)`` once per test run: under xdist the first worker to ask
    builds it in the run's shared temporary folder (the others wait on a file lock) and every worker
    takes its own copy, as demo_copy does (building the demo store takes about 10 s of CPU)."""
    own = tmp_path_factory.mktemp("db") / name
    if os.environ.get("PYTEST_XDIST_WORKER") is None:
        build(own)
        return own
    shared = tmp_path_factory.getbasetemp().parent / name
    done = shared.with_name(name + ".built")
    with open(shared.with_name(name + ".build-lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            if not done.exists():
                build(shared)
                done.touch()
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
    shutil.copy(shared, own)
    return own


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory) -> Path:
    """A database built exactly as `python -m omrademonitor init` builds it."""
    return _built_once(tmp_path_factory, "demo.duckdb", initialise)


@pytest.fixture()
def demo_copy(demo_db, tmp_path) -> Path:
    """A private copy of the demo database for a test that writes: copying the file is much faster than
    building it again, and the copy holds the same secret key and published layer."""
    path = tmp_path / "demo-copy.duckdb"
    shutil.copy(demo_db, path)
    return path


@pytest.fixture(scope="session")
def shipped_db(demo_db, shared_data, tmp_path_factory) -> Path:
    """The demo database with Norway's counties and municipalities loaded (as `make run` does when the
    shared data is there), so that every programme shipped in programmes/ is taken in. Read-only use."""

    def build(path: Path) -> None:
        shutil.copy(demo_db, path)
        _, registry = load_definitions()
        with Writer(path) as writer:
            load_national(writer, NationalFiles.in_folder(shared_data), registry, SYSTEM)
        initialise(path)

    return _built_once(tmp_path_factory, "shipped.duckdb", build)


REPORT_STAMP = (dt.time(9), "Ada")  # the time and author the report tests stamp their snapshots with


@pytest.fixture(scope="session")
def report_content(demo_db, programme, registry):
    """``report_document.assemble_report`` for today's snapshot of the demo programme, made once per language and test
    process, for the tests that read the assembled report without printing it. The snapshot is stamped
    09:00 by "Ada", as tests/test_report.py's English report: the same snapshot lets the core reuse its
    effect estimates (the slow part, kept per snapshot for the report's other language)."""
    from omrademonitor.disclosure import DEFAULT_POLICY
    from omrademonitor.presentation.report_document import assemble_report
    from omrademonitor.snapshots import capture, published_as_of

    made = {}

    def content(lang: str):
        if lang not in made:
            store = Store(demo_db)
            try:
                today = dt.date.today()
                stamp, author = dt.datetime.combine(today, REPORT_STAMP[0]), REPORT_STAMP[1]
                snapshot = capture(store, programme, registry, DEFAULT_POLICY, today, stamp, author)
                made[lang] = assemble_report(store, snapshot, lang, published_as_of(store, snapshot))
            finally:
                store.close()
        return made[lang]

    return content


@pytest.fixture(scope="session")
def store(demo_db):
    store = Store(demo_db)
    yield store
    store.close()


# Browser tests: one app server per database and test process (xdist worker), shared by the modules that
# only read or whose writes the others do not check, instead of one per module; and one Chromium per
# process (tests/browser_helpers.py). Tests that need a server of their own (a fresh one, other
# settings) still start it with running_app.

ADMIN_PASSWORD = "browser-admin-password"


@pytest.fixture(scope="session")
def browser_db(demo_db, tmp_path_factory) -> Path:
    """The demo database with one admin account (ada), for the servers the browser tests log in to."""
    from omrademonitor.accounts import create_first_admin

    path = tmp_path_factory.mktemp("browser") / "browser.duckdb"
    shutil.copy(demo_db, path)
    with Writer(path) as writer:
        create_first_admin(writer, "ada", ADMIN_PASSWORD, "Ada Admin", actor=SYSTEM)
    return path


@pytest.fixture(scope="session")
def admin_server(browser_db) -> str:
    """The app on ``browser_db``; its first session has run, so deep links work (Streamlit registers
    st.navigation pages on the first script run and shows "Page not found" to a deep link before)."""
    yield from _served(browser_db)


@pytest.fixture(scope="session")
def demo_server(demo_db) -> str:
    """The app on the demo database (read-only use), after a first session."""
    yield from _served(demo_db)


@pytest.fixture(scope="session")
def shipped_server(shipped_db) -> str:
    """The app on the demo database with the national level (every shipped programme), after a first
    session."""
    yield from _served(shipped_db)


def _served(db: Path):
    from tests.browser_helpers import chromium, running_app, settle

    with running_app({"OMRADEMONITOR_DB": str(db)}) as (url, _log):
        with chromium() as browser:
            page = browser.new_page()
            page.goto(url)
            page.locator('[data-testid="stMain"] h1').first.wait_for(timeout=90_000)
            settle(page, 90_000)
        yield url


def pytest_sessionfinish(session, exitstatus):
    from tests.browser_helpers import close_shared_chromium

    close_shared_chromium()


# Scheduling. xdist's worksteal hands the first half of the collected items to one worker and the rest
# to the other, and an idle worker later steals the tail of the other's queue. So the order decides the
# balance: each half should start with its share of the long modules (a long module left to the end
# keeps one worker busy while the other idles) and end with many short tests (the tail that gets
# stolen). Modules stay whole where possible, so a module-scoped fixture (a report, a server) is set up
# on one worker only. Weights are the seconds a module took in a full run on the 2-core machine
# (tests/module_seconds.json, written from a run's `--durations=0` by `python -m scripts.module_seconds`);
# a module not listed counts DEFAULT_SECONDS_PER_TEST per test.

DEFAULT_SECONDS_PER_TEST = 0.5
LONG_MODULE_SECONDS = 20


def _module_seconds() -> dict[str, float]:
    import json

    path = Path(__file__).with_name("module_seconds.json")
    found = json.loads(path.read_text()) if path.exists() else {}
    return {k: float(v) for k, v in found.items() if not k.startswith("_")}


def pytest_collection_modifyitems(session, config, items):
    if not hasattr(config, "workerinput"):  # only under xdist, where the workers' collections are scheduled
        return
    known = _module_seconds()
    modules: dict[str, list] = {}
    for item in items:
        modules.setdefault(item.nodeid.split("::")[0], []).append(item)
    weight = {m: known.get(m, DEFAULT_SECONDS_PER_TEST * len(its)) for m, its in modules.items()}
    long = sorted((m for m in modules if weight[m] >= LONG_MODULE_SECONDS), key=lambda m: -weight[m])
    short = sorted((m for m in modules if weight[m] < LONG_MODULE_SECONDS), key=lambda m: -weight[m])
    halves: list[list[str]] = [[], []]
    loads = [0.0, 0.0]
    for module in long:  # the longest first, each to the half with less work so far
        side = 0 if loads[0] <= loads[1] else 1
        halves[side].append(module)
        loads[side] += weight[module]
    first = [item for module in halves[0] for item in modules[module]]
    second = [item for module in halves[1] for item in modules[module]]
    rest = [item for module in short for item in modules[module]]
    # short modules fill the first half up to the point where the split falls, the others follow the
    # second half's long modules (longest first, so the stolen tails are the shortest tests)
    split = len(items) // 2
    fill = max(0, split - len(first))
    items[:] = first + rest[:fill] + second + rest[fill:]
