"""The suite's scheduling weights are read from a pytest run's durations (scripts/module_seconds.py)."""

from scripts.module_seconds import module_seconds

RUN = """
============================= slowest durations ==============================
165.38s setup    tests/test_accessibility.py::test_every_page_of_every_role_and_language_was_audited
1.50s teardown tests/test_accessibility.py::test_every_allow_listed_rule_is_still_needed
19.05s call     tests/test_browser.py::test_map_to_area_profile_to_indicator_explorer
0.25s call     tests/test_browser.py::test_english_views_from_a_shared_link[en]
2.00s call     tests/test_browser.py::test_presentation_mode_fills_the_screen
(3 durations < 0.005s hidden.  Use -vv to show these durations.)
4 passed in 169.70s (0:02:49)
"""


def test_setup_call_and_teardown_are_summed_per_module():
    assert module_seconds(RUN) == {"tests/test_accessibility.py": 166.88, "tests/test_browser.py": 21.3}


def test_lines_that_are_not_durations_count_nothing():
    assert module_seconds("4 passed in 169.70s (0:02:49)\n12.0s something else\n") == {}
