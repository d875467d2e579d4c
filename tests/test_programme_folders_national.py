"""The Tromsø and Stjørdal programme folders: what they say matches the format and the source documents.

Checked here without the folder loader (built in parallel): fields, references between the files,
area codes against the national boundary file, statuses against the register's, and the Stjørdal
register against the evaluation table in the source document."""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest
import yaml

from omrademonitor import PROJECT_ROOT
from omrademonitor.measures import MeasureStatus, Recommendation

FOLDERS = PROJECT_ROOT / "programmes"
ID = re.compile(r"^[a-z][a-z0-9_-]*$")
SEEDS = PROJECT_ROOT.parent / "shared" / "seeds"


def municipality_codes(shared_data) -> set[str]:
    data = json.loads((shared_data / "norway-kommuner-2024" / "kommuner_2024_M.geojson").read_text())
    return {f["properties"]["kommunenummer"] for f in data["features"]}


@pytest.mark.parametrize("programme_id", ["tromso", "stjordal"])
def test_folder_follows_the_format(programme_id, registry, shared_data):
    folder = FOLDERS / programme_id
    spec = yaml.safe_load((folder / "programme.yaml").read_text(encoding="utf-8"))
    assert spec["id"] == programme_id
    for field in ("name", "municipality_code", "parties", "agreement_signed", "start_year", "duration_years"):
        assert field in spec, field
    focus = {fa["id"] for fa in spec["focus_areas"]}
    assert all(ID.match(f) for f in focus)
    for fa in spec["focus_areas"]:
        for indicator in fa.get("indicators", []):
            assert indicator in registry, indicator
    known = municipality_codes(shared_data)
    assert spec["municipality_code"] in known
    for area in spec["programme_areas"]:
        assert area["area_code"] in known
    for code in spec.get("comparison_areas", []):
        assert code in known and code != spec["municipality_code"]
    for item in spec.get("indicators_without_data", []):
        assert item["focus_area"] in focus and item["name"]["nb"] and item["note"]["en"]
    goals_path = folder / "goals.yaml"
    if goals_path.exists():
        goals = yaml.safe_load(goals_path.read_text(encoding="utf-8"))
        assert goals["programme"] == programme_id
        for goal in goals["goals"]:
            assert goal["focus_area"] in focus
            assert all(i in registry for i in goal.get("effect_indicators", []))


def test_tromso_has_the_plans_four_main_goals_and_their_strategies():
    text = next(SEEDS.glob("004_*.txt")).read_text(encoding="utf-8")
    goals = yaml.safe_load((FOLDERS / "tromso" / "goals.yaml").read_text(encoding="utf-8"))["goals"]
    section = text.split("Hovedmål og strategier")[1].split("Effektmål")[0]
    flat = " ".join(section.split())  # the document uses non-breaking spaces
    assert len(goals) == 4
    for goal in goals:
        assert goal["title"]["nb"] in flat
    bullets = [b.strip() for b in re.findall(r"•\s*(.+)", section)]
    assert sum(len(g["strategies"]) for g in goals) == len(bullets) == 14


def test_stjordal_register_matches_the_evaluation_table():
    text = next(SEEDS.glob("002_*.txt")).read_text(encoding="utf-8")
    table = text.split("2 Evaluering av forrige handlingsplan")[1].split("3 Demografiske utviklingstrekk")[0]
    measures = pd.read_csv(FOLDERS / "stjordal" / "measures.csv", dtype=str, keep_default_na=False)
    assert set(measures["status"]) <= {s.value for s in MeasureStatus}
    assert set(measures["recommendation"]) - {""} <= {r.value for r in Recommendation}
    counted = {
        "partly_done": len(re.findall(r"delvis (utført|gjennomført)", table)),
        "not_done": len(re.findall(r"Tiltak ikke utført", table)),
        "in_progress": len(re.findall(r"Tiltak under arbeid", table)),
        "done": len(re.findall(r"Tiltak utført|Tiltak endret og utført", table)),
    }
    assert measures["status"].value_counts().to_dict() == counted
    numbers = [int(n) for n in re.findall(r"^\s*(\d{1,2})\s{2,}\S", table, flags=re.M)]
    assert [int(m.removeprefix("sj-")) for m in measures["measure_id"]] == sorted(set(numbers)) == list(range(1, 25))
