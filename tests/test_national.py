"""The national level: counties and municipalities with real population from SSB table 07459."""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from contextlib import redirect_stdout

import duckdb
import pytest

from omrademonitor.__main__ import main as cli
from omrademonitor.access import SYSTEM
from omrademonitor.figures import map_levels
from omrademonitor.geography import LEVELS
from omrademonitor.importing.codes import current_code
from omrademonitor.indicator_registry import Indicator
from omrademonitor.national import NationalError, NationalFiles, load_national, read_geography
from omrademonitor.setup_db import load_definitions
from omrademonitor.writer import Writer


def raw_persons(path) -> dict[str, int]:
    """Persons per region label, added up here with the csv module (independent of the importer)."""
    totals: dict[str, int] = defaultdict(int)
    with open(path, encoding="latin-1", newline="") as handle:
        for row in csv.reader(handle, delimiter=";"):
            if len(row) == 3 and row[2].strip().isdigit():
                totals[row[0].split()[0].removeprefix("K-")] += int(row[2])
    return totals


@pytest.fixture(scope="module")
def national_db(tmp_path_factory, shared_data):
    """Loaded once through the command line, then once more through the core (which must change nothing)."""
    path = tmp_path_factory.mktemp("national") / "n.duckdb"
    out = io.StringIO()
    with redirect_stdout(out):
        code = cli(["--db", str(path), "load-national", str(shared_data)])
    assert code == 0, out.getvalue()
    _, registry = load_definitions()
    with Writer(path) as writer:
        again = load_national(writer, NationalFiles.in_folder(shared_data), registry, SYSTEM)
    return path, out.getvalue(), again


def test_every_county_and_municipality_under_the_country(national_db, shared_data):
    path, _, again = national_db
    con = duckdb.connect(str(path), read_only=True)
    levels = dict(con.execute("SELECT level, count(*) FROM areas GROUP BY level").fetchall())
    kommuner = json.loads((shared_data / "norway-kommuner-2024" / "kommuner_2024_M.geojson").read_text())
    assert levels["kommune"] == len(kommuner["features"]) == again["municipalities"]
    assert levels["fylke"] == 15 and levels["land"] == 1
    bad = con.execute(
        """SELECT a.code FROM areas a LEFT JOIN areas p ON p.code = a.parent_code
           WHERE a.level = 'kommune' AND (p.level IS DISTINCT FROM 'fylke' OR p.code <> left(a.code, 2))"""
    ).fetchall()
    assert bad == []
    assert con.execute("SELECT count(*) FROM areas WHERE level = 'fylke' AND parent_code = 'NO'").fetchone()[0] == 15
    shapes = con.execute(
        """SELECT count(*), bool_or(g.approximate) FROM area_geometries g JOIN areas a ON a.code = g.area_code
           WHERE a.level IN ('kommune', 'fylke')"""
    ).fetchone()
    assert shapes == (372, False)


def test_population_is_the_sum_of_the_age_rows(national_db, shared_data):
    path, _, again = national_db
    raw = raw_persons(shared_data / "ssb-raw-exports" / "ssb07459_kommune_age_2023_raw.csv")
    con = duckdb.connect(str(path), read_only=True)
    stored = dict(
        con.execute(
            "SELECT area_code, value FROM current_observations WHERE indicator_id = 'population' AND period = 2023"
        ).fetchall()
    )
    municipal = {current_code(code): value for code, value in raw.items() if code[:4].isdigit() and len(code) == 4}
    checked = 0
    for code, value in municipal.items():
        if code in stored:
            assert stored[code] == value, code
            checked += 1
    assert checked == again["municipalities_with_population"] == 355
    assert again["municipalities_without_population"] == ["1508", "1580"]  # Ålesund's 2024 split
    assert stored["NO"] == sum(raw.values())
    parents = dict(con.execute("SELECT code, parent_code FROM areas WHERE level = 'kommune'").fetchall())
    county_sums: dict[str, float] = defaultdict(float)
    for code, value in municipal.items():
        county_sums[parents.get(code, code[:2])] += value
    for county, value in county_sums.items():
        assert stored[county] == value, county
    assert sum(stored[c] for c in county_sums) == stored["NO"]


def test_command_reports_and_loading_again_changes_nothing(national_db):
    _, printed, again = national_db
    assert "15 counties, 357 municipalities" in printed and "5,488,984" in printed
    assert "no figure for 1508, 1580" in printed
    assert again["boundaries_batch"] is None and again["population_batch"] is None


def test_city_maps_never_offer_the_national_levels(registry):
    indicator: Indicator = registry["population"]
    assert map_levels(list(LEVELS), indicator) == ["bydel"]
    assert "fylke" not in map_levels(list(LEVELS), registry[registry.ids()[0]])


def test_bad_municipality_code_names_file_feature_and_field(tmp_path, shared_data):
    folder = tmp_path / "data"
    (folder / "norway-kommuner-2024").mkdir(parents=True)
    (folder / "ssb-raw-exports").mkdir()
    source = shared_data / "norway-kommuner-2024"
    kommuner = json.loads((source / "kommuner_2024_M.geojson").read_text())
    kommuner["features"][3]["properties"]["kommunenummer"] = "50x1"
    (folder / "norway-kommuner-2024" / "kommuner_2024_M.geojson").write_text(json.dumps(kommuner))
    (folder / "norway-kommuner-2024" / "fylker_2024_M.geojson").write_bytes(
        (source / "fylker_2024_M.geojson").read_bytes()
    )
    (folder / "ssb-raw-exports" / "ssb07459_kommune_age_2023_raw.csv").write_bytes(b"")
    with pytest.raises(NationalError, match=r"kommuner_2024_M.geojson: feature 4, field 'kommunenummer': '50x1'"):
        read_geography(NationalFiles.in_folder(folder))
