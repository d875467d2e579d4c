"""Building the database and switching from approximate to official boundaries."""

import shutil

import pytest

from omrademonitor import figures
from omrademonitor.__main__ import main
from omrademonitor.setup_db import load_official_boundaries
from omrademonitor.store import Store


@pytest.fixture()
def official_db(demo_db, official_files, tmp_path):
    path = tmp_path / "official.duckdb"
    shutil.copy(demo_db, path)
    load_official_boundaries(path, official_files)
    return path


def test_official_boundaries_replace_the_approximate_shapes(official_db):
    store = Store(official_db)
    try:
        source = figures.boundary_source(store)
        assert source["approximate"] is False
        assert "levekarssoner_trondheim_60.geojson" in source["source"]
        zones = figures.shapes(store, "levekarssone").to_crs(25833).set_index("code")
        assert zones.loc["5001LKS09"].geometry.area / 1e6 == pytest.approx(0.98, abs=0.01)
        assert zones.loc["5001LKS26"].geometry.area / 1e6 == pytest.approx(0.89, abs=0.01)
        assert len(figures.shapes(store, "bydel")) == 4
    finally:
        store.close()


def test_loading_the_same_boundaries_twice_adds_no_batch(official_db, official_files):
    store = Store(official_db)
    before = len(store.query("batches"))
    store.close()
    load_official_boundaries(official_db, official_files)
    store = Store(official_db)
    assert len(store.query("batches")) == before
    store.close()


def test_command_line_init_and_status(tmp_path, capsys):
    db = tmp_path / "cli.duckdb"
    assert main(["--db", str(db), "init", "--no-demo"]) == 0
    assert "areas added: 65" in capsys.readouterr().out
    assert main(["--db", str(db), "status"]) == 0
    out = capsys.readouterr().out
    assert "trondheim_areas.csv" in out and "Demonstrasjonsdata" not in out


def test_command_line_reports_bad_boundary_file(tmp_path, capsys):
    bad = tmp_path / "zones.geojson"
    bad.write_text("not json", encoding="utf-8")
    assert main(["--db", str(tmp_path / "x.duckdb"), "load-boundaries", "--zones", str(bad)]) == 2
    assert f"error: {bad}: cannot read as a boundary file" in capsys.readouterr().err
