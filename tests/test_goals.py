"""The goal hierarchy: the bundled file loads, and bad files are refused naming file and field."""

import pytest
import yaml

from omrademonitor import PROJECT_ROOT
from omrademonitor.definitions import DefinitionError
from omrademonitor.goals import load_goals

SOURCE = PROJECT_ROOT / "programmes" / "trondheim" / "goals.yaml"


def test_bundled_goals_cover_every_focus_area(programme, registry):
    goals = load_goals(SOURCE, programme, registry)
    assert {g.focus_area for g in goals.goals} == {fa.id for fa in programme.focus_areas}
    assert [g.id for g in goals.goals_evidenced_by("persistent_low_income")] == ["fewer-children-in-low-income"]
    assert goals.for_focus_area("neighbourhood")[0].strategies[1].id == "new-tenant-follow-up"
    assert goals.goal_of_strategy("rent-to-own").id == "from-renting-to-owning"
    assert goals.goal_of_strategy("no-such") is None
    assert set(goals.strategies()) >= {"meeting-places", "work-inclusion", "research-partnership"}
    assert goals.effect_indicators()[:2] == ["residents_feel_safe", "youth_feel_safe_neighbourhood"]


@pytest.mark.parametrize(
    ("edit", "field", "reason"),
    [
        (lambda d: d.update(programme="bergen"), "programme", "is not the programme"),
        (lambda d: d["goals"][0].update(focus_area="transport"), "goals.0.focus_area", "unknown focus area"),
        (
            lambda d: d["goals"][0]["effect_indicators"].append("happiness"),
            "goals.0.effect_indicators.3",
            "unknown indicator",
        ),
        (
            lambda d: d["goals"][1]["effect_indicators"].append("immigrant_share"),
            "goals.1.effect_indicators.3",
            "context indicator",
        ),
        (lambda d: d["goals"][2].update(id="safe-neighbourhoods"), "goals.2.id", "duplicate id"),
        (lambda d: d["goals"][0].update(owner="KDD"), "goals.0.owner", "unknown field"),
        (lambda d: d["goals"][0].update(id="Has Spaces"), "goals.0.id", "pattern"),
    ],
)
def test_bad_goal_files_name_file_and_field(tmp_path, programme, registry, edit, field, reason):
    data = yaml.safe_load(SOURCE.read_text(encoding="utf-8"))
    edit(data)
    path = tmp_path / "trondheim.goals.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(DefinitionError) as caught:
        load_goals(path, programme, registry)
    assert caught.value.path == path and caught.value.field == field and reason in caught.value.reason
