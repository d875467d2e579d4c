"""Shared fixtures: the real definitions, the shared official data, and a demo database
built with the real schema, import code and demo generator (fixed seed)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from omrademonitor import PROJECT_ROOT
from omrademonitor.access import SYSTEM
from omrademonitor.geography import OfficialFiles, read_area_table
from omrademonitor.national import NationalFiles, load_national
from omrademonitor.setup_db import initialise, load_definitions
from omrademonitor.store import Store
from omrademonitor.writer import Writer

SHARED_DATA = PROJECT_ROOT.parent / "shared" / "data"


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


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory) -> Path:
    """A database built exactly as `python -m omrademonitor init` builds it."""
    path = tmp_path_factory.mktemp("db") / "demo.duckdb"
    initialise(path)
    return path


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
    path = tmp_path_factory.mktemp("shipped") / "shipped.duckdb"
    shutil.copy(demo_db, path)
    _, registry = load_definitions()
    with Writer(path) as writer:
        load_national(writer, NationalFiles.in_folder(shared_data), registry, SYSTEM)
    initialise(path)
    return path


@pytest.fixture(scope="session")
def store(demo_db):
    store = Store(demo_db)
    yield store
    store.close()
