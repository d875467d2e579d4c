"""The indicator registry: the real folder loads; bad files are refused naming file and field."""

from pathlib import Path

import pytest
import yaml

from omrademonitor import PROJECT_ROOT
from omrademonitor.definitions import DefinitionError
from omrademonitor.indicator_registry import THEMES, Aggregation, load_registry

GOOD = yaml.safe_load((PROJECT_ROOT / "indicators" / "persistent_low_income.yaml").read_text(encoding="utf-8"))

HOUSING_SOCIAL = {
    "municipal_rental_dwellings_per_1000",
    "municipal_rental_turnover",
    "municipal_housing_waiting_list",
    "start_loan_rent_to_own_households",
    "housing_allowance_recipients",
    "rent_arrears_share",
    "home_visit_3_weeks_share",
    "home_visit_6_months_share",
    "living_environment_complaints",
    "building_damage_cases",
}


def test_real_registry_covers_all_focus_areas(registry, programme):
    assert len(registry) >= 30
    for focus in programme.focus_areas:
        assert len(programme.focus_indicators(focus.id, registry)) >= 4, focus.id
        assert any(ind.headline for ind in programme.focus_indicators(focus.id, registry)), focus.id


def test_every_indicator_serves_known_themes_and_every_theme_is_used(registry):
    used = {theme for ind in registry for theme in ind.themes}
    assert used <= set(THEMES)
    assert used == set(THEMES)


def test_real_registry_has_housing_social_indicators(registry):
    assert set(registry.ids()) >= HOUSING_SOCIAL


def test_ssb_definitions_follow_ssb(registry):
    low_income = registry["persistent_low_income"].definition.en
    assert "EU scale" in low_income and "60 per cent" in low_income and "three-year" in low_income
    crowded = registry["crowded_housing"].definition.en.lower()
    assert "25" in crowded and "room" in crowded


def test_ratio_indicators_declare_counts(registry):
    for ind in registry:
        if ind.aggregation == Aggregation.RATIO:
            assert ind.numerator and ind.denominator, ind.id


def write(folder: Path, name: str, data: dict) -> Path:
    path = folder / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def variant(**changes) -> dict:
    data = dict(GOOD)
    for key, value in changes.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return data


@pytest.mark.parametrize(
    ("changes", "field", "reason"),
    [
        ({"colour": "red"}, "colour", "unknown field"),
        ({"direction": "upwards"}, "direction", "Input should be"),
        ({"unit": "percent", "scale": 10}, "", "scale 100"),
        ({"themes": ["transport"]}, "", "unknown theme 'transport'"),
        ({"focus_area": "inclusion"}, "focus_area", "unknown field"),
        ({"level": "fylke"}, "", "level must be one of"),
        ({"kind": None}, "kind", "required field is missing"),
        ({"name": {"nb": "Bare norsk"}}, "name.en", "required field is missing"),
        ({"source": {"kind": "ssb", "name": {"nb": "SSB", "en": "SSB"}}}, "source", "ssb_table"),
        ({"numerator": None}, "", "needs both 'numerator' and 'denominator'"),
        ({"baseline_year": 2010}, "", "baseline_year is before first_period"),
        (
            {"target": {"value": 10, "year": 2020, "status": "proposed", "entered_by": "test"}},
            "",
            "target.year must come after baseline_year",
        ),
        ({"target": {"value": 10, "year": 2026}}, "target.status", "required field is missing"),
        ({"target": {"value": 10, "year": 2026, "status": "proposed"}}, "target.entered_by", "required field"),
        (
            {"target": {"value": 10, "year": 2026, "status": "adopted", "entered_by": "test"}},
            "target",
            "adopted target needs its source",
        ),
        ({"decimals": 7}, "decimals", "less than or equal to 3"),
    ],
)
def test_bad_indicator_files_name_file_and_field(tmp_path, changes, field, reason):
    path = write(tmp_path, "persistent_low_income.yaml", variant(**changes))
    with pytest.raises(DefinitionError) as caught:
        load_registry(tmp_path)
    assert caught.value.path == path
    assert caught.value.field == field
    assert reason in caught.value.reason
    assert str(path) in str(caught.value)


def test_id_must_match_file_name(tmp_path):
    path = write(tmp_path, "something_else.yaml", GOOD)
    with pytest.raises(DefinitionError, match="must equal the file name") as caught:
        load_registry(tmp_path)
    assert caught.value.path == path and caught.value.field == "id"


def test_duplicate_ids_are_refused(tmp_path):
    write(tmp_path, "persistent_low_income.yaml", GOOD)
    second = write(tmp_path, "persistent_low_income.yml", GOOD)
    with pytest.raises(DefinitionError, match="duplicate id") as caught:
        load_registry(tmp_path)
    assert caught.value.path == second


def test_yaml_syntax_error_names_file(tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text("id: [unclosed\n", encoding="utf-8")
    with pytest.raises(DefinitionError, match="not valid YAML") as caught:
        load_registry(tmp_path)
    assert caught.value.path == path


def test_empty_folder_is_an_error(tmp_path):
    with pytest.raises(DefinitionError, match="no indicator files"):
        load_registry(tmp_path)


def test_good_copy_loads(tmp_path):
    write(tmp_path, "persistent_low_income.yaml", GOOD)
    registry = load_registry(tmp_path)
    assert registry.ids() == ["persistent_low_income"]
    assert registry["persistent_low_income"].disclosure.min_count == 5


def test_every_indicator_cites_its_source_table_or_says_why_it_cannot(registry):
    """A Statbank table number, or a note saying which non-SSB table publishes it, or why none does."""
    for ind in registry:
        if ind.source.ssb_table:
            continue
        assert ind.notes is not None, ind.id
        assert "Source table:" in ind.notes.en or "No published table" in ind.notes.en, ind.id
        assert "Kildetabell:" in ind.notes.nb or "Ingen publisert tabell" in ind.notes.nb, ind.id


def test_definitions_follow_the_published_ones(registry):
    """The five definitions that departed from SSB's, NAV's/KOSTRA's or FHI's, checked in both languages."""
    social = registry["social_assistance_recipients"]
    assert "counts as one recipient" in social.definition.en and "telles som én mottaker" in social.definition.nb
    assert "separate recipients" not in social.definition.en
    unemployment = registry["unemployment_registered"]
    assert "percentage of the population aged 15–74" in unemployment.name.en
    assert "December" in unemployment.definition.en and "not NAV's unemployment rate" in unemployment.definition.en
    assert "desember" in unemployment.definition.nb and "annual average" not in unemployment.numerator.en
    for indicator_id in ("persistent_low_income", "children_persistent_low_income"):
        text = registry[indicator_id].definition
        assert "mean of the three years' national median" in text.en, indicator_id
        assert "gjennomsnittet av de tre årenes medianinntekt" in text.nb, indicator_id
    life = registry["life_expectancy"].definition
    assert "fifteen-year period" in life.en and "femtenårsperiode" in life.nb
    completion = registry["upper_secondary_completion"]
    assert "within five years of starting, whatever the programme" in completion.definition.en
    assert completion.source.kind.value == "ssb" and "six years (vocational" not in completion.definition.en
    assert "innen fem år" in completion.numerator.nb
