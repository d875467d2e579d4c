"""One source of truth per decision: each decision the README's "Where is X decided" table names is
made in one place, and the other places follow it (issue 17)."""

import datetime as dt
import re

import streamlit as st
from streamlit.testing.v1 import AppTest

from omrademonitor import PROJECT_ROOT, report, views
from omrademonitor.disclosure import DEFAULT_POLICY, Policy, policy_of
from omrademonitor.i18n import t
from omrademonitor.registry import Disclosure
from omrademonitor.settings import Settings, load_settings
from omrademonitor.snapshots import capture, published_as_of
from omrademonitor.store import Store
from omrademonitor.vocabulary import LEVEL_FACTS, MUNICIPAL_LEVELS


def test_disclosure_defaults_are_the_settings_defaults():
    """The deployment's floor, the default policy and an indicator's default rule are one value."""
    settings = Settings()
    assert policy_of(settings) == DEFAULT_POLICY
    assert (Disclosure().min_count, Disclosure().min_denominator) == (
        settings.disclosure_min_count,
        settings.disclosure_min_denominator,
    )


def test_raising_the_floor_in_settings_changes_the_map_note_and_the_report(demo_copy, monkeypatch, programme, registry):
    """A deployment that raises the floor to 8 cases and 12 persons: the app republishes under it, the
    map note states it, and a report made under the policy the app follows states it too."""
    monkeypatch.setenv("OMRADEMONITOR_DB", str(demo_copy))
    monkeypatch.setenv("OMRADEMONITOR_DISCLOSURE_MIN_COUNT", "8")
    monkeypatch.setenv("OMRADEMONITOR_DISCLOSURE_MIN_DENOMINATOR", "12")
    assert policy_of(load_settings()) == Policy(8, 12)
    st.cache_resource.clear()
    st.cache_data.clear()
    app = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=90)
    app.run()
    app.switch_page("pages/map.py").run()
    assert not app.exception, app.exception
    notes = " ".join(c.value for c in app.caption)
    assert "færre enn 8 tilfeller eller en nevner under 12" in notes
    assert "færre enn 5 " not in notes

    store = Store(demo_copy)
    try:
        policy = views.published_policy(store)  # what the app republished under
        assert policy == Policy(8, 12)
        snapshot = capture(store, programme, registry, policy, dt.date.today(), dt.datetime(2026, 12, 1, 9), "t")
        content, _finish = report._draft(store, snapshot, "nb", published_as_of(store, snapshot))
        html = report.to_html(content, lambda figure, width, height: "data:,")
    finally:
        store.close()
    stated = re.sub(r"\s+", " ", html)
    assert "færre enn 8 tilfeller, eller på en nevner under 12" in stated


def test_area_level_names_in_the_store_match_the_catalogue():
    """The level names the store holds (vocabulary.LEVEL_FACTS) are the labels the UI shows."""
    for facts in LEVEL_FACTS:
        if facts.level in MUNICIPAL_LEVELS:
            assert (t(f"level_{facts.level}", "nb"), t(f"level_{facts.level}", "en")) == (facts.name_nb, facts.name_en)
