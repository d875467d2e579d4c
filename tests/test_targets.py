"""Targets are data with an owner: the agreement of 13 December 2022 sets no numeric targets, so no
indicator ships one as the programme's; an adopted target shows its source and who entered it; a
proposed one is shown only under that label and never drives a progress status. Checked in the
registry, the explorer's facts and chart, the overview's headline cells, the presentation, the
final-evaluation table and the report, in both languages."""

import datetime as dt

import pandas as pd
import pytest

from omrademonitor import figures, tracking
from omrademonitor.indicator_registry import Registry, Target, TargetSource, TargetStatus
from omrademonitor.presentation import tracking_tables
from omrademonitor.presentation.charts import time_series
from omrademonitor.presentation.texts import headline_cell, indicator_facts
from omrademonitor.setup_db import PROGRAMMES_DIR

SOURCE = TargetSource(
    document={"nb": "Programbeskrivelse for Lademoen", "en": "Programme description for Lademoen"},
    decision={"nb": "Bystyret, sak 99/25", "en": "City council, case 99/25"},
    date=dt.date(2025, 6, 19),
)
ADOPTED = Target(value=15.0, year=2026, status=TargetStatus.ADOPTED, source=SOURCE, entered_by="Programsekretariatet")
PROPOSED = Target(value=15.0, year=2026, status=TargetStatus.PROPOSED, entered_by="Områdemonitor (demonstrasjon)")


def test_no_shipped_indicator_has_a_target_without_a_source(registry):
    """The old files carried 13 invented 2026 targets (persistent low income 15 %, children 20 %, …)."""
    unsourced = [i.id for i in registry if i.target is not None and not i.target.adopted]
    assert unsourced == []
    assert all(i.target is None or i.target.source is not None for i in registry)


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_the_facts_say_there_is_no_adopted_target(registry, lang):
    text = indicator_facts(registry["persistent_low_income"], None, lang)
    assert "15,0" not in text and "15.0" not in text
    assert ("ingen vedtatt mål" if lang == "nb" else "no adopted target") in text


def test_the_agreement_that_sets_no_target_is_dated_from_the_programme_folder(registry, programme):
    """The date comes from the programme's ``agreement_signed``, not from the catalogue."""
    indicator = registry["persistent_low_income"]
    assert "13. desember 2022" in indicator_facts(indicator, None, "nb", programme.agreement_signed)
    assert "13 December 2022" in indicator_facts(indicator, None, "en", programme.agreement_signed)
    other = indicator_facts(indicator, None, "nb", dt.date(2015, 4, 29))
    assert "29. april 2015" in other and "2022" not in other


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_an_adopted_target_shows_its_source_and_who_entered_it(registry, lang):
    indicator = registry["persistent_low_income"].model_copy(update={"target": ADOPTED})
    text = indicator_facts(indicator, None, lang)
    assert SOURCE.document.get(lang) in text and SOURCE.decision.get(lang) in text
    assert "2025" in text and "Programsekretariatet" in text


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_a_proposed_target_is_labelled_in_the_facts_and_the_chart(store, registry, programme, lang):
    indicator = registry["persistent_low_income"].model_copy(update={"target": PROPOSED})
    text = indicator_facts(indicator, None, lang)
    assert ("Foreslått mål" if lang == "nb" else "Proposed target") in text
    assert ("ikke programmets mål" if lang == "nb" else "not the programme's target") in text
    frame = figures.series(store, indicator, [*programme.programme_area_codes])
    figure = time_series(frame, indicator, 2022, 2026, pd.DataFrame(columns=["year"]), lang)
    marker = next(tr for tr in figure.data if isinstance(tr.meta, dict) and tr.meta.get("target"))
    assert not marker.meta["adopted"] and marker.marker.symbol == "star-open"
    assert ("ikke vedtatt" if lang == "nb" else "not adopted") in marker.text[0]
    adopted = time_series(
        frame,
        registry["persistent_low_income"].model_copy(update={"target": ADOPTED}),
        2022,
        2026,
        pd.DataFrame(columns=["year"]),
        lang,
    )
    marker = next(tr for tr in adopted.data if isinstance(tr.meta, dict) and tr.meta.get("target"))
    assert marker.meta["adopted"] and ("Mål 2026" if lang == "nb" else "Target 2026") in marker.text[0]


def test_a_proposed_target_changes_no_status_in_the_grid(store, registry, programme):
    goals = tracking.stored_goals(store, programme, registry, PROGRAMMES_DIR)
    measures = tracking.stored_measures(store, programme.id)
    before = tracking.indicator_progress(store, registry, programme, goals, measures)
    proposed = Registry(
        [(i.model_copy(update={"target": PROPOSED}) if i.id == "persistent_low_income" else i) for i in registry]
    )
    after = tracking.indicator_progress(store, proposed, programme, goals, measures)
    low = after[after["indicator_id"] == "persistent_low_income"]
    assert set(low["target_kind"]) == {"proposed"} and low["ratio"].isna().all()
    pd.testing.assert_series_equal(before["status"], after["status"])


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_demonstration_and_proposed_targets_are_labelled_in_the_evaluation_table(store, registry, programme, lang):
    goals = tracking.stored_goals(store, programme, registry, PROGRAMMES_DIR)
    measures = tracking.stored_measures(store, programme.id)
    progress = tracking.indicator_progress(store, registry, programme, goals, measures)
    table = tracking_tables.progress_table(progress, registry, programme, lang)
    column = table["Mål" if lang == "nb" else "Target"]
    with_target = [text for text in column if text != "–"]
    assert with_target  # the demo measures carry demonstration targets
    label = "demonstrasjon" if lang == "nb" else "demonstration"
    assert all(label in text for text in with_target)  # every one of them says so
    assert set(progress.loc[progress["target_value"].notna(), "target_kind"]) == {"demonstration"}
    assert progress.loc[progress["target_kind"] == "demonstration", "ratio"].isna().all()


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_headline_cells_show_no_target(store, registry, programme, lang):
    """The overview and presentation show these cells: no target, and no status measured against one."""
    table = figures.headline_table(store, registry, programme)
    for row in table.to_dict("records"):
        indicator = registry[row["indicator_id"]]
        cell = headline_cell(row, indicator.unit.value, indicator.decimals, indicator.baseline_year, lang)
        shown = " ".join(text for text in cell.values() if isinstance(text, str))
        assert "Mål" not in shown and "Target" not in shown and "Målet" not in shown
    assert "target_achieved" not in set(table["progress"])


def _page_text(app) -> str:
    parts = [m.value for m in app.markdown] + [c.value for c in app.caption]
    parts += [f"{m.label} {m.value}" for m in app.metric]
    return " ".join(str(p) for p in parts)


@pytest.fixture()
def page_app(demo_db, monkeypatch):
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from omrademonitor import PROJECT_ROOT

    monkeypatch.setenv("OMRADEMONITOR_DB", str(demo_db))
    st.cache_resource.clear()
    st.cache_data.clear()
    return AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=90)


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_explorer_overview_and_presentation_show_no_target_without_a_source(page_app, lang):
    """Before: the explorer said 'Mål: 15,0 % (2026)' for persistent low income, and targets drove the grid."""
    app = page_app
    app.query_params["lang"] = lang
    app.run()
    app.query_params["indicator"] = "persistent_low_income"
    app.switch_page("pages/explorer.py").run()
    assert not app.exception, app.exception
    text = _page_text(app)
    assert ("ingen vedtatt mål" if lang == "nb" else "no adopted target") in text
    assert "15,0" not in text and "15.0" not in text
    for page, steps in (("pages/overview.py", [None]), ("pages/presentation.py", [0, 1, 2, 3, 4, 5])):
        for step in steps:
            if step is not None:
                app.query_params["steg"] = str(step)
            app.switch_page(page).run()
            assert not app.exception, (page, step, app.exception)
            text = _page_text(app)
            for shown in ("Mål 2026", "Target 2026", "Målet er nådd", "Target achieved"):
                assert shown not in text, (page, step, shown)


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_the_report_shows_no_target_without_its_label(report_content, lang):
    content = report_content(lang)  # the report assembled for today's snapshot of the demo (conftest.py)
    label = "demonstrasjon" if lang == "nb" else "demonstration"
    progress = content.tables["Indikatorer" if lang == "nb" else "Indicators"]
    targets = [text for text in progress["Mål" if lang == "nb" else "Target"] if text != "–"]
    assert targets and all(label in text for text in targets)
    shown = " ".join(
        " ".join(frame.astype(str).to_numpy().ravel())
        for frame in [content.summary, *(s.headline for s in content.sections), *(s.effects for s in content.sections)]
    )
    assert "Mål 2026" not in shown and "Target 2026" not in shown and "15,0" not in shown


def test_a_report_saved_before_targets_had_owners_can_be_made_again(registry):
    """Stored snapshots hold the registry as JSON; an old one has targets without status or owner."""
    import json

    from omrademonitor.snapshots import LEGACY_TARGET_OWNER, _with_owned_target

    old = json.loads(registry["persistent_low_income"].model_dump_json())
    old["target"] = {"value": 15.0, "year": 2026}
    indicator = type(registry["persistent_low_income"]).model_validate(_with_owned_target(old))
    assert not indicator.target.adopted and indicator.target.entered_by == LEGACY_TARGET_OWNER
