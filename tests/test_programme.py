"""Programme definitions: the Trondheim folder, extension by one edit, a second programme, bad files."""

import datetime as dt

import pandas as pd
import pytest
import yaml

from omrademonitor import PROJECT_ROOT
from omrademonitor.definitions import DefinitionError
from omrademonitor.programme import load_programmes

SOURCE = PROJECT_ROOT / "programmes" / "trondheim" / "programme.yaml"


def write_programme(root, programme_id: str, text: str):
    folder = root / programme_id
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "programme.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_trondheim_programme_states_the_agreement(programme, areas):
    assert programme.agreement_signed == dt.date(2022, 12, 13)
    assert (programme.start_year, programme.duration_years, programme.end_year) == (2022, 5, 2026)
    assert programme.extension_possible
    assert [fa.number for fa in programme.focus_areas] == [1, 2, 3, 4, 5]
    assert programme.focus_areas[0].name.nb == "Utvikling av gode bo- og nærmiljøkvaliteter"
    assert programme.focus_areas[3].name.nb == "Bolig og sosial boligpolitikk"
    named = dict(zip(areas["code"], areas["name"], strict=True))
    assert [named[c] for c in programme.programme_area_codes] == ["Lademoen", "Tempe-Sorgenfri"]
    assert all(code in named for code in programme.comparison_areas)
    assert "Kommunal- og distriktsdepartementet" in programme.parties[0].represented_by.nb


def test_extension_is_a_one_line_edit(tmp_path):
    text = SOURCE.read_text(encoding="utf-8").replace("extension_years: 0", "extension_years: 2")
    write_programme(tmp_path, "trondheim", text)
    assert load_programmes(tmp_path)["trondheim"].end_year == 2028


def test_second_programme_needs_no_code(tmp_path):
    write_programme(tmp_path, "trondheim", SOURCE.read_text(encoding="utf-8"))
    other = yaml.safe_load(SOURCE.read_text(encoding="utf-8"))
    other.update(
        id="bergen",
        municipality_code="4601",
        start_year=2024,
        duration_years=4,
        programme_areas=[{"area_code": "460101", "name": "Årstad"}],
        comparison_areas=[],
    )
    write_programme(tmp_path, "bergen", yaml.safe_dump(other, allow_unicode=True))
    programmes = load_programmes(tmp_path)
    assert set(programmes) == {"trondheim", "bergen"}
    assert programmes["bergen"].end_year == 2027


def test_progress_through_the_period(programme):
    assert programme.progress(dt.date(2021, 6, 1)) == 0
    assert programme.progress(dt.date(2024, 7, 2)) == pytest.approx(0.5, abs=0.01)
    assert programme.progress(dt.date(2030, 1, 1)) == 1


@pytest.mark.parametrize(
    ("edit", "field", "reason"),
    [
        (lambda d: d.pop("agreement_signed"), "agreement_signed", "required field is missing"),
        (lambda d: d.update(budget=10), "budget", "unknown field"),
        (lambda d: d.update(agreement_signed="13.12.2022"), "agreement_signed", "date"),
        (lambda d: d["focus_areas"][1].update(number=1), "", "numbers must run"),
        (lambda d: d["focus_areas"][0].update(id="Safety"), "focus_areas.0.id", "pattern"),
        (lambda d: d["focus_areas"][0].update(themes=["sports"]), "focus_areas.0", "unknown theme 'sports'"),
        (lambda d: d["programme_areas"].append(d["programme_areas"][0]), "", "listed twice"),
        (
            lambda d: d.update(indicators_without_data=[{"name": {"nb": "x", "en": "x"}, "focus_area": "nope"}]),
            "",
            "unknown focus area 'nope'",
        ),
        (lambda d: d.update(comparison_areas=["5001LKS09"]), "", "both programme and comparison"),
        (lambda d: d.update(extension_possible=False, extension_years=1), "", "extension_possible is false"),
        (lambda d: d.update(municipality_code="Trondheim"), "municipality_code", "pattern"),
    ],
)
def test_bad_programme_files_name_file_and_field(tmp_path, edit, field, reason):
    data = yaml.safe_load(SOURCE.read_text(encoding="utf-8"))
    edit(data)
    path = write_programme(tmp_path, "trondheim", yaml.safe_dump(data, allow_unicode=True))
    with pytest.raises(DefinitionError) as caught:
        load_programmes(tmp_path)
    assert caught.value.path == path
    assert caught.value.field == field
    assert reason in caught.value.reason


def test_comparison_areas_chosen_by_the_programme_need_the_decision(programme):
    from pydantic import ValidationError

    data = programme.model_dump()
    data["comparison_basis"] = "programme"
    with pytest.raises(ValidationError, match="comparison_decided"):
        type(programme).model_validate(data)
    data["comparison_decided"] = {"nb": "Styringsgruppen 1.2.2025", "en": "Steering group, 1 Feb 2025"}
    assert type(programme).model_validate(data).comparison_basis == "programme"


def test_focus_areas_are_the_programmes_own_and_map_to_indicators(tmp_path, registry):
    """Free focus-area ids; a focus area's indicators are the listed ids and those serving its themes."""
    data = yaml.safe_load(SOURCE.read_text(encoding="utf-8"))
    data["focus_areas"] = [
        {"id": "trygghet", "number": 1, "name": {"nb": "Trygghet", "en": "Safety"}, "themes": ["safety"]},
        {
            "id": "bolig",
            "number": 2,
            "name": {"nb": "Bolig", "en": "Housing"},
            "indicators": ["crowded_housing"],
            "themes": ["green_space"],
        },
        {"id": "tom", "number": 3, "name": {"nb": "Tom", "en": "Empty"}},
    ]
    write_programme(tmp_path, "trondheim", yaml.safe_dump(data, allow_unicode=True))
    programme = load_programmes(tmp_path)["trondheim"]
    safety = {i.id for i in registry if "safety" in i.themes}
    assert {i.id for i in programme.focus_indicators("trygghet", registry)} == safety and len(safety) >= 3
    assert {i.id for i in programme.focus_indicators("bolig", registry)} == {"crowded_housing", "green_space_access"}
    assert programme.focus_indicators("tom", registry) == []
    assert programme.focus_of("crowded_housing", registry) == "bolig"


def test_trondheims_focus_areas_show_the_indicators_they_showed_before(programme, registry):
    """The five focus areas keep exactly the indicators they had when indicators carried a focus area."""
    before = {
        "neighbourhood": 6,
        "inclusion": 14,
        "urban_development": 5,
        "housing_policy": 12,
        "research": 5,
    }
    assert {f.id: len(programme.focus_indicators(f.id, registry)) for f in programme.focus_areas} == before
    assert len(programme.indicators(registry)) == len(registry) == sum(before.values())


def test_unknown_indicator_in_a_focus_area_names_file_and_field(tmp_path):
    from omrademonitor.setup_db import INDICATORS_DIR, load_definitions

    data = yaml.safe_load(SOURCE.read_text(encoding="utf-8"))
    data["focus_areas"][2]["indicators"].append("bus_stops")
    path = write_programme(tmp_path, "trondheim", yaml.safe_dump(data, allow_unicode=True))
    with pytest.raises(DefinitionError) as caught:
        load_definitions(tmp_path, INDICATORS_DIR)
    assert (caught.value.path, caught.value.field) == (path, "focus_areas.2.indicators")
    assert "bus_stops" in caught.value.reason


def test_missing_programme_file_and_old_single_files_are_named(tmp_path):
    (tmp_path / "fjordby").mkdir()
    with pytest.raises(DefinitionError) as caught:
        load_programmes(tmp_path)
    assert caught.value.path == tmp_path / "fjordby" / "programme.yaml"
    (tmp_path / "fjordby.yaml").write_text("id: fjordby\n", encoding="utf-8")
    with pytest.raises(DefinitionError, match="programmes are folders now"):
        load_programmes(tmp_path)


def test_targets_file_names_who_set_them_and_is_checked(tmp_path, registry):
    from omrademonitor.setup_db import INDICATORS_DIR, load_definitions

    write_programme(tmp_path, "trondheim", SOURCE.read_text(encoding="utf-8"))
    targets = {
        "targets": [
            {
                "indicator": "residents_feel_safe",
                "value": 85,
                "year": 2026,
                "set_by": {"nb": "Styringsgruppen", "en": "Steering group"},
                "set_on": "2024-05-02",
            }
        ]
    }
    (tmp_path / "trondheim" / "targets.yaml").write_text(yaml.safe_dump(targets), encoding="utf-8")
    programme = load_definitions(tmp_path, INDICATORS_DIR)[0]["trondheim"]
    target = programme.target_for("residents_feel_safe", "5001LKS09")
    assert (target.value, target.year, target.set_on) == (85, 2026, dt.date(2024, 5, 2))
    assert programme.target_for("residents_feel_safe", "5001LKS05") is None  # not a programme area
    targets["targets"][0]["indicator"] = "bus_stops"
    (tmp_path / "trondheim" / "targets.yaml").write_text(yaml.safe_dump(targets), encoding="utf-8")
    with pytest.raises(DefinitionError) as caught:
        load_definitions(tmp_path, INDICATORS_DIR)
    assert (caught.value.path.name, caught.value.field) == ("targets.yaml", "targets.0.indicator")


def test_scope_holds_the_municipality_and_every_area_below_it(areas, programme):
    from omrademonitor.scope import areas_within

    inside = areas_within(areas, programme.municipality_code)
    assert inside == set(areas["code"])  # the bundled table is one municipality
    other = areas.assign(code=areas["code"].str.replace("5001", "9901", n=1))
    other["parent_code"] = other["parent_code"].str.replace("5001", "9901", n=1)
    both = pd.concat([areas, other], ignore_index=True)
    assert areas_within(both, programme.municipality_code) == inside
    assert areas_within(both, "9901") == set(other["code"])
