"""Any programme folder works, and the programme is the scope of every view: pages open on a
synthetic programme in both languages, adding a programme never changes another's figures, and
area codes the store does not hold are refused naming file, field and code."""

from __future__ import annotations

import datetime as dt
import json

import pytest
import yaml
from streamlit.testing.v1 import AppTest

from omrademonitor import PROJECT_ROOT, effects, figures
from omrademonitor.access import Permission
from omrademonitor.definitions import DefinitionError
from omrademonitor.effects import Comparison, Design
from omrademonitor.presentation.report_document import assemble_report
from omrademonitor.scope import build_scope
from omrademonitor.setup_db import initialise, load_definitions, programmes_waiting
from omrademonitor.snapshots import capture, published_as_of
from omrademonitor.store import Store
from tests.synthetic_programme import INDICATORS, Synthetic, build
from ui.page_list import files

APP = str(PROJECT_ROOT / "app.py")
PAGES = files(permission=Permission.VIEW, programme_scoped=True)  # the pages that show one programme
FJORDBY = Synthetic()
SJOBY = Synthetic(  # one programme area: no page may assume two
    programme_id="sjoby", municipality_code="9902", municipality_name="Sjøby", zones=5, treated=1, lon=8.0
)
PLACE_NAMES = ("Trondheim", "Lademoen", "Tempe", "Midtbyen")


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    """A store and programmes folder holding only the synthetic programme."""
    return build(tmp_path_factory.mktemp("synthetic"), FJORDBY)


def _app(monkeypatch, programmes, db, programme_id: str | None, lang: str) -> AppTest:
    monkeypatch.setenv("OMRADEMONITOR_DB", str(db))
    monkeypatch.setenv("OMRADEMONITOR_PROGRAMMES", str(programmes))
    import streamlit as st

    st.cache_resource.clear()
    st.cache_data.clear()
    app = AppTest.from_file(APP, default_timeout=90)
    app.query_params["lang"] = lang
    if programme_id:
        app.query_params["programme"] = programme_id
    return app


def _texts(app: AppTest) -> str:
    parts = [
        e.value for kind in ("title", "header", "subheader", "markdown", "caption", "info") for e in getattr(app, kind)
    ]
    parts += [m.label for m in app.metric]
    return "\n".join(str(p) for p in parts)


@pytest.mark.parametrize("lang", ["nb", "en"])
@pytest.mark.parametrize("page", PAGES)
def test_every_page_opens_on_the_synthetic_programme(synthetic, monkeypatch, page, lang):
    programmes, db = synthetic
    app = _app(monkeypatch, programmes, db, None, lang)
    app.run()
    app.switch_page(page).run()
    assert not app.exception, app.exception
    assert not app.error, [e.value for e in app.error]
    text = _texts(app)
    assert not [name for name in PLACE_NAMES if name in text], page


def test_overview_names_the_municipality_from_the_data(synthetic, monkeypatch):
    programmes, db = synthetic
    app = _app(monkeypatch, programmes, db, None, "nb")
    app.run()
    assert app.title[0].value == "Områdeløft Fjordby"
    assert {"Sone 1", "Sone 2", "Fjordby"} <= {m.label for m in app.metric}
    assert [s.value for s in app.subheader][:3] == ["1. Levekår", "2. Bolig", "3. Deltakelse"]


def test_focus_area_without_indicators_says_so_and_lists_what_has_no_data(synthetic, monkeypatch):
    programmes, db = synthetic
    app = _app(monkeypatch, programmes, db, None, "en")
    app.query_params["fa"] = "deltakelse"
    app.run()
    app.switch_page("pages/focus_area.py").run()
    assert any("no indicators yet" in i.value for i in app.info)
    assert "Voter turnout in the zones" in "\n".join(m.value for m in app.markdown)


def _fingerprint(db, programmes, programme_id: str) -> dict[str, str]:
    """Everything one programme shows that another programme could disturb, as exact text."""
    store = Store(db)
    try:
        programme_map, registry = load_definitions(programmes)
        programme = programme_map[programme_id]
        area_scope = build_scope(store, programme)
        out = {}
        for indicator_id in INDICATORS:
            indicator = registry[indicator_id]
            frame = figures.map_frame(store, indicator, "levekarssone", 2024, area_scope.area_codes)
            out[f"map:{indicator_id}"] = frame.drop(columns=["shape_batch_id", "batch_id"]).to_json()
            for comparison in (Comparison.ALL, Comparison.SIMILAR):
                design = Design(
                    indicator_id=indicator_id,
                    treated=tuple(programme.programme_area_codes),
                    comparison=comparison,
                    first_post_period=2022,
                    matching_indicators=(indicator_id,),
                    max_draws=50,
                )
                result = effects.evaluate(store, registry, programme, design)
                estimate = None if result.estimate is None else result.estimate.effect
                out[f"effect:{indicator_id}:{comparison.value}"] = json.dumps(
                    {"units": result.comparison_units, "estimate": estimate, "why": result.insufficient}
                )
        out["headline"] = figures.headline_table(store, registry, programme).to_json()
        out["profile"] = figures.area_profile(store, registry, programme, programme.programme_area_codes[0]).to_json()
    finally:
        store.close()
    return out


def _report_tables(db, programmes, programme_id: str) -> dict[str, str]:
    """The report's tables (what its Excel pack and PDF print) for a fixed reference day."""
    from omrademonitor.database import Database
    from omrademonitor.disclosure import Policy

    programme_map, registry = load_definitions(programmes)
    database = Database(db)
    try:
        snapshot = capture(
            database, programme_map[programme_id], registry, Policy(), dt.date(2026, 1, 1), dt.datetime(2026, 1, 2), "t"
        )
        content = assemble_report(database, snapshot, "nb", published_as_of(database, snapshot))
        tables = {name: frame.to_json() for name, frame in content.tables.items() if "batch" not in name.lower()}
        tables["summary"] = content.summary.to_json()
        tables["sections"] = json.dumps([s.headline.to_json() for s in content.sections])
    finally:
        database.close()
    return tables


def test_adding_a_programme_leaves_another_programmes_figures_identical(tmp_path, monkeypatch):
    """Fjordby's maps, estimates (all other zones, and matched zones), headline figures, profile and
    report tables are the same before and after Sjøby (another municipality) is added; the store-wide
    zone map does change, so the test would see a pool that leaked."""
    programmes, db = build(tmp_path, FJORDBY)
    monkeypatch.setenv("OMRADEMONITOR_PROGRAMMES", str(programmes))
    before = _fingerprint(db, programmes, "fjordby")
    report_before = _report_tables(db, programmes, "fjordby")
    store = Store(db)
    registry = load_definitions(programmes)[1]
    unscoped_before = figures.map_frame(store, registry[INDICATORS[0]], "levekarssone", 2024)
    store.close()

    SJOBY.write_folder(programmes)
    initialise(db, with_demo=False, programmes_folder=programmes)
    SJOBY.store_observations(db)

    after = _fingerprint(db, programmes, "fjordby")
    assert after.keys() == before.keys()
    changed = [key for key in before if before[key] != after[key]]
    assert not changed, changed
    assert _report_tables(db, programmes, "fjordby") == report_before
    store = Store(db)
    unscoped_after = figures.map_frame(store, registry[INDICATORS[0]], "levekarssone", 2024)
    store.close()
    assert len(unscoped_after) == len(unscoped_before) + SJOBY.zones  # the other programme's zones are there
    assert json.loads(before[f"effect:{INDICATORS[0]}:all"])["units"] == FJORDBY.zone_codes()[FJORDBY.treated :]


def test_a_new_programme_folder_from_scratch_opens_every_page(tmp_path, monkeypatch):
    """Beside the real programme: add a folder, run init for it, open every page with ?programme=."""
    programmes, db = build(tmp_path, with_trondheim=True)
    SJOBY.write_folder(programmes)
    added = initialise(db, with_demo=False, programme_id="sjoby", programmes_folder=programmes)
    assert added["areas"] == 2 + SJOBY.zones and added["events"] == 1
    SJOBY.store_observations(db)
    for page in PAGES:
        app = _app(monkeypatch, programmes, db, "sjoby", "en")
        app.run()
        app.switch_page(page).run()
        assert not app.exception, (page, app.exception)
        assert not [name for name in PLACE_NAMES if name in _texts(app)], page
    app = _app(monkeypatch, programmes, db, "sjoby", "nb")
    app.run()
    assert app.title[0].value == "Områdeløft Sjøby"
    assert app.selectbox(key="programme").value == "sjoby"


@pytest.mark.parametrize(
    ("edit", "field", "code"),
    [
        (
            lambda d: d["programme_areas"].append({"area_code": "9901LKS99", "name": "x"}),
            "programme_areas.2.area_code",
            "9901LKS99",
        ),
        (lambda d: d.update(comparison_areas=["9901LKS77"]), "comparison_areas.0", "9901LKS77"),
        (lambda d: d.update(municipality_code="9909"), "municipality_code", "9909"),
    ],
)
def test_unknown_area_codes_are_refused_naming_file_field_and_code(tmp_path, edit, field, code):
    programmes = tmp_path / "programmes"
    folder = FJORDBY.write_folder(programmes)
    data = FJORDBY.programme()
    edit(data)
    (folder / "programme.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    db = tmp_path / "db.duckdb"
    with pytest.raises(DefinitionError) as caught:
        initialise(db, with_demo=False, programme_id="fjordby", programmes_folder=programmes)
    assert caught.value.path == folder / "programme.yaml"
    assert caught.value.field == field
    assert code in caught.value.reason
    # without a chosen programme, init goes on and the programme waits, saying why
    initialise(db, with_demo=False, programmes_folder=programmes)
    waiting = programmes_waiting(db, programmes)
    assert list(waiting) == ["fjordby"] and field in waiting["fjordby"] and code in waiting["fjordby"]
