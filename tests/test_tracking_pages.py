"""The tracking pages through AppTest: status grid links, filtered register, editing a measure in the
UI (its history shows the change), the goals editor refusing a bad hierarchy, the evaluation export."""

import shutil

import pytest

from omrademonitor.access import SYSTEM, Role
from omrademonitor.accounts import hash_password
from omrademonitor.i18n import t
from omrademonitor.writer import Writer
from tests.test_pages_roles import PASSWORD, log_in, new_app


@pytest.fixture()
def editor_db(demo_db, tmp_path):
    path = tmp_path / "editor.duckdb"
    shutil.copy(demo_db, path)
    with Writer(path) as writer:
        writer.create_user("eva", Role.EDITOR, SYSTEM, hash_password(PASSWORD))
    return path


def page_links(app):
    return [(e.proto.page, e.proto.label, e.proto.query_string) for e in app.get("page_link")]


def test_overview_status_counts_link_to_the_items_behind_them(demo_db, monkeypatch):
    app = new_app(demo_db, monkeypatch)
    assert not app.exception, app.exception
    links = page_links(app)
    assert ("tiltak", "1 stanset", "fa=housing_policy&district=5001LKS26&status=stopped") in links
    evaluation = [(label, query) for page, label, query in links if page == "sluttevaluering"]
    assert any("i rute" in label and "group=substantial_progress" in query for label, query in evaluation)
    # the method's own categories, not "on track / off track": moderate progress has a group of its own
    groups = {query.split("group=")[1] for _, query in evaluation}
    assert groups <= {
        "target_achieved",
        "substantial_progress",
        "moderate_progress",
        "limited_progress",
        "deterioration",
        "no_clear_change",
        "not_applicable",
        "not_available",
    }
    assert "off_track" not in groups


def test_the_register_filters_by_focus_area_area_and_status(demo_db, monkeypatch):
    app = new_app(demo_db, monkeypatch)
    app.query_params.update({"fa": "housing_policy", "district": "5001LKS26", "status": "stopped"})
    app.switch_page("pages/measures.py").run()
    assert not app.exception, app.exception
    assert list(app.dataframe[0].value["Id"]) == ["m-mixed-tenure-pilot"]
    assert app.subheader[0].value == "Pilot med blandede eieformer i nytt boligprosjekt"


def test_a_measure_edited_in_the_ui_shows_its_history(editor_db, monkeypatch):
    app = log_in(new_app(editor_db, monkeypatch), "eva")
    app.query_params["measure"] = "m-ny-vri"
    app.switch_page("pages/measures.py").run()
    app.selectbox(key="measure").select("m-ny-vri").run()
    app.selectbox(key="edit_m-ny-vri_status").select("partly_done")
    app.text_area(key="edit_m-ny-vri_result").input("Halvparten av besøkene er gjort.")
    app.text_input(key="edit_m-ny-vri_note").input("Midtveisvurdering")
    next(b for b in app.button if b.label == "Lagre tiltaket").click().run()
    assert not app.exception, app.exception
    assert not app.error, [e.value for e in app.error]
    statuses = app.dataframe[-2].value  # status history, then all changes
    assert list(statuses["Status"]) == ["Planlagt", "Pågår", "Delvis gjennomført"]
    assert list(statuses["Av"]) == ["system", "system", "eva"]
    assert list(statuses["Merknad"])[-1] == "Midtveisvurdering"
    changes = app.dataframe[-1].value
    assert list(changes["Endret"])[-1] == "result, status, status_date"  # a new status without a date: today


def test_the_goals_editor_refuses_a_broken_hierarchy(editor_db, monkeypatch):
    app = log_in(new_app(editor_db, monkeypatch), "eva")
    app.switch_page("pages/goals.py").run()
    text = app.text_area(key="goals_text").value
    app.text_area(key="goals_text").input(text.replace("focus_area: inclusion", "focus_area: sports", 1))
    next(b for b in app.button if b.label == "Lagre målhierarkiet").click().run()
    assert any("goals.1.focus_area" in e.value and "unknown focus area 'sports'" in e.value for e in app.error)


def test_the_final_evaluation_lists_measures_and_offers_the_workbook(demo_db, monkeypatch):
    app = new_app(demo_db, monkeypatch)
    app.switch_page("pages/evaluation.py").run()
    assert not app.exception, app.exception
    assert app.header[0].value == "1. Utvikling av gode bo- og nærmiljøkvaliteter"
    ids = [i for table in app.dataframe if "Id" in table.value for i in table.value["Id"]]
    assert len(ids) == 11 and "m-ny-vri" in ids
    assert len(app.get("download_button")) == 1


def shown_interval(app) -> tuple[float, float]:
    """The 95 % interval as the effect page shows it ("-0,72 – -0,49")."""
    value = next(m.value for m in app.metric if m.label == "95 %-intervall")
    low, high = (float(part.replace("\xa0", "").replace(",", ".")) for part in value.split(" – "))
    return low, high


@pytest.mark.parametrize(
    ("indicator_id", "covers_zero"),
    [("rent_arrears_share", False), ("unemployment_registered", True)],
)
def test_the_effect_page_interval_covers_the_built_in_effect(
    demo_db, monkeypatch, programme, indicator_id, covers_zero
):
    from omrademonitor import demo

    app = new_app(demo_db, monkeypatch)
    app.query_params["indicator"] = indicator_id
    app.switch_page("pages/effects.py").run()
    assert not app.exception, app.exception
    low, high = shown_interval(app)
    built_in = demo.built_in_effect(indicator_id, [2023, 2024, 2025], programme)
    if covers_zero:  # no built-in effect: the interval covers it, 0
        assert low <= round(built_in, 2) <= high
    else:  # the built-in effect is found; whether the interval covers it on this seed: see test_effects.py
        assert high < 0 and built_in < 0
    assert (low <= 0 <= high) == covers_zero
    assert any("Conley og Taber" in i.value for i in app.info)


def test_the_effect_page_says_insufficient_data_instead_of_a_number(demo_db, monkeypatch):
    app = new_app(demo_db, monkeypatch)
    app.query_params["indicator"] = "residents_feel_safe"  # surveyed from 2022 on
    app.switch_page("pages/effects.py").run()
    app.number_input(key="first_post").set_value(2022).run()
    assert not app.exception, app.exception
    assert any(w.value.startswith("For lite data") for w in app.warning)
    assert not [m for m in app.metric if m.label == "Anslått effekt"]


def test_the_sql_console_page_runs_a_query_for_a_researcher(editor_db, monkeypatch):
    app = log_in(new_app(editor_db, monkeypatch), "eva")
    app.switch_page("pages/sql.py").run()
    app.text_area(key="sql_text").input("SELECT count(*) AS n FROM measures")
    next(b for b in app.button if b.label == "Kjør").click().run()
    assert not app.exception, app.exception
    assert app.dataframe[-1].value["n"].iloc[0] == 11
    app.text_area(key="sql_text").input("SELECT password_hash FROM users")
    next(b for b in app.button if b.label == "Kjør").click().run()
    assert [e.value for e in app.error] == [t("sql_error_failed", "nb")]
    assert "does not exist" in app.code[0].value  # DuckDB's own message, as the detail


def test_the_sql_console_page_says_in_words_that_a_query_was_stopped_for_time(editor_db, monkeypatch):
    app = log_in(new_app(editor_db, monkeypatch, sql_time_limit_s="1"), "eva")
    app.switch_page("pages/sql.py").run()
    assert "stoppes etter 1 sekund eller ved 2" in app.caption[0].value  # one second, singular
    app.text_area(key="sql_text").input("SELECT list_sort(range(30000000))[1]")
    next(b for b in app.button if b.label == "Kjør").click().run()
    assert not app.exception, app.exception
    assert [e.value for e in app.error] == [
        "Spørringen ble stoppet fordi den brukte mer enn tidsgrensen på 1 sekund. Prøv en enklere spørring "
        "eller færre rader."
    ]


def test_presentation_mode_steps_through_the_focus_areas(demo_db, monkeypatch):
    app = new_app(demo_db, monkeypatch)
    app.query_params["steg"] = "2"
    app.switch_page("pages/presentation.py").run()
    assert not app.exception, app.exception
    assert (
        app.title[0].value == "2. Inkludering i helse, utdanning, oppvekstmiljø og samfunns- og arbeidslivsdeltakelse"
    )
    next(b for b in app.button if b.label == "Neste →").click().run()
    assert app.title[0].value == "3. Byutvikling og utvikling av inkluderende bomiljø"
    app.query_params["steg"] = "0"
    app.switch_page("pages/presentation.py").run()
    assert app.title[0].value == "Områdesatsingene på Lademoen og Tempe-Sorgenfri"
    assert next(b for b in app.button if b.label == "← Forrige").disabled


def test_the_report_page_lists_stored_reports_for_viewers(demo_db, monkeypatch):
    app = new_app(demo_db, monkeypatch)
    app.switch_page("pages/report.py").run()
    assert not app.exception, app.exception
    assert any(i.value == "Ingen rapporter er laget ennå." for i in app.info)
    assert not [b for b in app.button if b.label == "Lag rapport"]  # making one needs an editor
