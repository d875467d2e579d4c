"""The change map reads its two years in one query (``figures.change_values``): the same rows as two map
reads, and the same change frame as computing it from two map frames."""

import numpy as np
import pandas as pd
import pytest

from omrademonitor import figures
from omrademonitor.store import Store


@pytest.fixture(scope="module")
def store(demo_db):
    opened = Store(demo_db)
    yield opened
    opened.close()


@pytest.mark.parametrize(("first", "last"), [(2016, 2024), (2024, 2016), (2020, 2020), (1990, 2024)])
def test_change_values_are_the_two_years_map_values(store, registry, first, last):
    indicator = registry.default_map_indicator()
    start, end = figures.change_values(store, indicator, "levekarssone", first, last)
    for got, period in ((start, first), (end, last)):
        expected = figures.map_values(store, indicator, "levekarssone", period)
        # (an empty year's columns come back as objects from DuckDB, a slice keeps the strings' dtype)
        pd.testing.assert_frame_equal(got, expected, check_dtype=len(expected) > 0)
    assert len(end) > 0  # the demo has figures in 2024


def test_the_change_frame_is_the_difference_of_the_two_map_frames(store, registry):
    indicator = registry.default_map_indicator()
    frame = figures.change_frame(store, indicator, "levekarssone", 2016, 2024).set_index("code")
    start = figures.map_frame(store, indicator, "levekarssone", 2016).set_index("code")
    end = figures.map_frame(store, indicator, "levekarssone", 2024).set_index("code")
    expected = end["value"] - start["value"].reindex(end.index)
    hidden = end["status"].eq("suppressed") | start["status"].reindex(end.index).eq("suppressed")
    assert np.allclose(frame["value"].reindex(end.index), expected, equal_nan=True)
    assert frame["status"].reindex(end.index)[hidden].eq("suppressed").all()
    assert frame["value"].notna().sum() > 10
