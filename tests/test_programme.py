"""Programme definitions: the Trondheim file, extension by one edit, a second programme, bad files."""

import datetime as dt

import pytest
import yaml

from omrademonitor import PROJECT_ROOT
from omrademonitor.definitions import DefinitionError
from omrademonitor.programme import load_programmes

SOURCE = PROJECT_ROOT / "programmes" / "trondheim.yaml"


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
    (tmp_path / "trondheim.yaml").write_text(text, encoding="utf-8")
    assert load_programmes(tmp_path)["trondheim"].end_year == 2028


def test_second_programme_needs_no_code(tmp_path):
    (tmp_path / "trondheim.yaml").write_text(SOURCE.read_text(encoding="utf-8"), encoding="utf-8")
    other = yaml.safe_load(SOURCE.read_text(encoding="utf-8"))
    other.update(
        id="bergen",
        municipality_code="4601",
        start_year=2024,
        duration_years=4,
        programme_areas=[{"area_code": "460101", "name": "Årstad"}],
        comparison_areas=[],
    )
    (tmp_path / "bergen.yaml").write_text(yaml.safe_dump(other, allow_unicode=True), encoding="utf-8")
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
        (lambda d: d["focus_areas"][0].update(id="safety"), "focus_areas.0", "id must be one of"),
        (lambda d: d.update(comparison_areas=["5001LKS09"]), "", "both programme and comparison"),
        (lambda d: d.update(extension_possible=False, extension_years=1), "", "extension_possible is false"),
        (lambda d: d.update(municipality_code="Trondheim"), "municipality_code", "pattern"),
    ],
)
def test_bad_programme_files_name_file_and_field(tmp_path, edit, field, reason):
    data = yaml.safe_load(SOURCE.read_text(encoding="utf-8"))
    edit(data)
    path = tmp_path / "trondheim.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
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
