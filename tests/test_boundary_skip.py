"""``--skip-unknown-areas`` applies to boundary files too (issue 19.3): features for areas the monitor
does not know are left out with a count and examples; without it the file is refused, nothing written."""

from __future__ import annotations

import shutil

import pytest

from omrademonitor.__main__ import main
from omrademonitor.store import read_only_connection
from tests import import_fixtures as fx

NAMES = ["Lademoen", "Atlantis", "Tempe-Sorgenfri", "Lilleby-Oslo", "Gotham", "Narnia"]


@pytest.fixture()
def db(demo_db, tmp_path):
    path = tmp_path / "bounds.duckdb"
    shutil.copy(demo_db, path)
    return path


def batches(db) -> list[tuple]:
    con = read_only_connection(db)
    try:
        return con.execute("SELECT batch_id, kind, note FROM import_batches ORDER BY batch_id").fetchall()
    finally:
        con.close()


def test_unknown_areas_in_a_boundary_file_are_skipped_counted_and_named(db, tmp_path, capsys):
    data, name = fx.boundary_bytes(fx.zone_file(NAMES), "GeoJSON", tmp_path)
    path = tmp_path / name
    path.write_bytes(data)
    before = batches(db)
    assert main(["--db", str(db), "import", str(path), "--level", "levekarssone"]) == 2
    refused = capsys.readouterr()
    assert "Atlantis" in refused.err and batches(db) == before

    assert main(["--db", str(db), "import", str(path), "--level", "levekarssone", "--skip-unknown-areas"]) == 0
    out = capsys.readouterr()
    assert "4 features skipped because the monitor does not know their areas" in out.err
    assert "row 2: Atlantis" in out.err and "row 4: Lilleby-Oslo" in out.err and ", …" in out.err
    assert "imported as batch" in out.out
    batch_id, kind, note = batches(db)[-1]
    assert kind == "boundaries" and "features skipped (unknown areas): 4" in note
    con = read_only_connection(db)
    try:
        rows = con.execute("SELECT area_code FROM area_geometries WHERE batch_id = ?", [batch_id]).fetchall()
        stored = {r[0] for r in rows}
    finally:
        con.close()
    assert stored == {fx.LADEMOEN, fx.TEMPE}
