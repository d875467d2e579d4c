"""The administrators' pages in Norwegian show words, not raw keys: the import page's preview,
validation report and batches, the audit trail, the SQL console's errors, and the map's note on
approximate boundaries."""

import re
import shutil

import pandas as pd
import pytest

from omrademonitor import PROJECT_ROOT
from omrademonitor.i18n import STRINGS, catalogue, t
from omrademonitor.labels import AUDIT_ACTION_LABEL_KEYS as AUDIT_ACTIONS
from tests import import_fixtures as fx
from tests.test_pages_roles import log_in, new_app, with_admin

RAW_HEADERS = {"indicator_id", "area_code", "period", "value", "numerator", "denominator", "ci_lower", "ci_upper"}
RAW_HEADERS |= {"status", "row", "file", "sheet", "column", "reason"}
SNAKE = re.compile(r"^[a-z]+(_[a-z]+)+$")


@pytest.fixture(scope="module")
def admin_db(demo_db, tmp_path_factory):
    path = tmp_path_factory.mktemp("nb-admin") / "admin.duckdb"
    return with_admin(shutil.copy(demo_db, path))


def cells(frame: pd.DataFrame) -> list[str]:
    return [str(v) for v in frame.to_numpy().ravel()]


def assert_no_raw_cells(frame: pd.DataFrame) -> None:
    """No empty cell drawn as None/NaN, no column heading left as a code name."""
    assert not frame.isna().any().any(), frame[frame.isna().any(axis=1)]
    assert not {"None", "nan", "NaN", "NaT", "<NA>", "True", "False"} & set(cells(frame))
    assert not RAW_HEADERS & set(frame.columns), list(frame.columns)


def upload(app, data: bytes, name: str = "register.csv"):
    app.switch_page("pages/import_data.py").run()
    app.file_uploader[0].set_value((name, data, "text/csv")).run()
    assert not app.exception, app.exception
    return app


def test_the_import_preview_and_batches_are_in_norwegian(admin_db, monkeypatch):
    app = upload(log_in(new_app(admin_db, monkeypatch), "ada"), fx.csv_bytes(fx.GOOD_COMMA))
    preview, batches = (d.value for d in app.dataframe)
    assert_no_raw_cells(preview)
    assert list(preview.columns)[:4] == ["Indikator", "Områdekode", "År", "Verdi"]
    assert preview["Indikator"].iloc[0] == "Personer i husholdninger med vedvarende lavinntekt"
    assert set(preview["Status"]) == {"Endelig"} and "18,25" in set(preview["Verdi"])
    assert set(preview["Nedre grense"]) == {"–"}
    assert_no_raw_cells(batches)
    assert set(batches["Type"]) == {"Tall", "Områdegrenser", "Områder"}
    assert set(batches["Demo"]) == {"Ja", "Nei"}
    assert set(batches["Hvem"]) == {"Systemet"}
    assert set(batches["Trukket tilbake"]) == {"–"}


def test_the_validation_report_is_in_norwegian(admin_db, monkeypatch):
    app = upload(log_in(new_app(admin_db, monkeypatch), "ada"), fx.csv_bytes(fx.GOOD_COMMA.replace("5001LKS26", "X")))
    report = next(d.value for d in app.dataframe if "Problem" in d.value.columns)
    assert_no_raw_cells(report)
    assert list(report.columns) == ["Fil", "Ark", "Rad", "Kolonne", "Verdi", "Problem"]
    assert report["Ark"].iloc[0] == "–" and report["Rad"].iloc[0] == "3"


def test_a_preview_with_no_rows_says_so_instead_of_an_empty_table(admin_db, monkeypatch):
    only_bad = "indicator,area,period,value\npersistent_low_income,X,2022,1\n"
    app = upload(log_in(new_app(admin_db, monkeypatch), "ada"), only_bad.encode())
    assert any(c.value == t("preview_empty", "nb") for c in app.caption)
    assert not any("Områdekode" in d.value.columns for d in app.dataframe)


def test_the_audit_trail_names_actions_roles_and_the_system_in_norwegian(admin_db, monkeypatch):
    app = log_in(new_app(admin_db, monkeypatch), "ada")
    app.switch_page("pages/audit.py").run()
    assert not app.exception, app.exception
    log = app.dataframe[0].value
    assert_no_raw_cells(log)
    assert set(log["Rolle"]) == {"administrator"}
    assert "admin" not in set(log["Rolle"]) and "system" not in set(log["Hvem"])
    assert not [a for a in log["Handling"] if SNAKE.match(a)]
    assert {"Opprettet en bruker", "Importerte tall"} <= set(log["Handling"])
    assert list(log.columns)[5] == "Gjelder"
    actions = app.multiselect(key="audit_action")
    assert "Opprettet en bruker" in actions.options and not [o for o in actions.options if SNAKE.match(o)]
    assert "Systemet" in app.multiselect(key="audit_actor").options
    actions.select("create_user").run()
    assert set(app.dataframe[0].value["Handling"]) == {"Opprettet en bruker"}


@pytest.mark.parametrize(
    ("sql", "lead", "detail"),
    [
        ("SELECT password_hash FROM users", "sql_error_failed", "does not exist"),
        ("SELEC 1", "sql_error_parse", "syntax error"),
        ("DELETE FROM measures", "sql_error_not_select", None),
    ],
)
def test_the_sql_console_leads_with_norwegian_and_keeps_duckdbs_message(admin_db, monkeypatch, sql, lead, detail):
    app = log_in(new_app(admin_db, monkeypatch), "ada")
    app.switch_page("pages/sql.py").run()
    app.text_area(key="sql_text").input(sql)
    next(b for b in app.button if b.label == "Kjør").click().run()
    assert not app.exception, app.exception
    assert [e.value for e in app.error] == [t(lead, "nb")]
    details = [c.value for c in app.code]
    assert (detail is None and not details) or (detail and detail in details[0])


def test_the_map_points_browser_users_to_the_import_page_not_a_make_command(admin_db, monkeypatch):
    app = new_app(admin_db, monkeypatch)
    app.switch_page("pages/map.py").run()
    assert not app.exception, app.exception
    note = next(w.value for w in app.warning if "omtrentlige" in w.value)
    assert "make" not in note and "importsiden" in note
    assert "make boundaries" in (PROJECT_ROOT / "README.md").read_text()


def test_every_audited_action_has_a_name_in_both_languages():
    source = "\n".join(p.read_text() for p in (PROJECT_ROOT / "omrademonitor").glob("*.py"))
    recorded = set(re.findall(r'_audited\(\s*[^,]+,\s*[^,]+,\s*"([a-z_]+)"', source))
    assert len(recorded) >= 14 and recorded <= set(AUDIT_ACTIONS), recorded - set(AUDIT_ACTIONS)
    for key in catalogue("admin"):
        assert STRINGS[key]["nb"] and STRINGS[key]["en"], key
