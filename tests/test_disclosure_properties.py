"""Property-based: over random small-count panels, the published layer shows no small count, and no
output path (map data, chart, table, downloads, overview) shows a figure the layer hides. Whether a
hidden figure can be derived from the shown ones is the attacker's question
(``test_disclosure_attacker``)."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import shapely
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from shapely.geometry import box

from omrademonitor import figures
from omrademonitor.disclosure import PUBLISHED_COLUMNS, Policy, effective_rule, publish
from omrademonitor.exports import to_csv, to_excel
from omrademonitor.presentation import tables
from omrademonitor.presentation.charts import choropleth, drawn_areas
from omrademonitor.queries import QUERIES
from omrademonitor.snapshots import FIGURE_QUERIES, figures_database

CITY = "C"


@st.composite
def panels(draw):
    """A city, 1–3 districts, 1–4 zones each, 1–2 years of additive counts, many of them small."""
    areas = [(CITY, "kommune", None)]
    rows = []
    districts = [f"D{i}" for i in range(draw(st.integers(1, 3)))]
    for period in range(2020, 2020 + draw(st.integers(1, 2))):
        totals = {}
        for district in districts:
            zones = [f"{district}Z{j}" for j in range(draw(st.integers(1, 4)))]
            for zone in zones:
                if (zone, "levekarssone", district) not in areas:
                    areas.append((zone, "levekarssone", district))
                numerator = draw(st.integers(0, 12))
                denominator = numerator + draw(st.integers(0, 60))
                rows.append((zone, period, numerator, denominator))
                sums = totals.setdefault(district, [0, 0])
                sums[0] += numerator
                sums[1] += denominator
            if (district, "bydel", CITY) not in areas:
                areas.append((district, "bydel", CITY))
        for district, (numerator, denominator) in totals.items():
            rows.append((district, period, numerator, denominator))
        rows.append((CITY, period, sum(v[0] for v in totals.values()), sum(v[1] for v in totals.values())))
    frame = pd.DataFrame(rows, columns=["area_code", "period", "numerator", "denominator"])
    frame["value"] = np.where(
        frame["denominator"] > 0, frame["numerator"] / frame["denominator"].clip(lower=1) * 100, np.nan
    )
    frame["status"] = np.where(frame["value"].isna(), "missing", "final")
    frame[["ci_lower", "ci_upper"]] = np.nan
    area_frame = pd.DataFrame(areas, columns=["code", "level", "parent_code"])
    return frame, area_frame


RANKS = {"levekarssone": 0, "bydel": 1, "kommune": 2}


def publish_panel(frame: pd.DataFrame, areas: pd.DataFrame, registry, indicator_id: str) -> pd.DataFrame:
    """The published layer of one indicator's panel, as the writer makes it."""
    raw = frame.assign(indicator_id=indicator_id, batch_id=1)[PUBLISHED_COLUMNS]
    parents = {c: p if isinstance(p, str) else None for c, p in zip(areas["code"], areas["parent_code"], strict=True)}
    ranks = {c: RANKS[level] for c, level in zip(areas["code"], areas["level"], strict=True)}
    return publish(raw, parents, ranks, registry, Policy(), "test-key").observations


class FakeStore:
    """Serves the named queries the views use from an in-memory published panel."""

    def __init__(self, published: pd.DataFrame, areas: pd.DataFrame) -> None:
        self.frame, self.areas = published, areas
        self._figures = None  # the panel's in-memory database, made on the first figure query

    def query(self, name: str, **params) -> pd.DataFrame:
        if name in FIGURE_QUERIES:  # the views' own SQL over this panel
            if self._figures is None:
                areas = self.areas.assign(name=self.areas["code"]) if "name" not in self.areas else self.areas
                self._figures = figures_database(self.frame, areas)
            return self._figures.execute(QUERIES[name], params).df()
        if name == "observations_panel":
            level = self.frame["area_code"].map(dict(zip(self.areas["code"], self.areas["level"], strict=True)))
            return self.frame.assign(area_name=self.frame["area_code"], level=level)
        if name == "area_parents":
            return self.areas
        if name == "geometries":
            codes = self.areas.loc[self.areas["level"] == params["level"], "code"].tolist()
            shapes = [
                shapely.to_wkb(box(270000 + 200 * i, 7040000, 270150 + 200 * i, 7040150)) for i in range(len(codes))
            ]
            return pd.DataFrame(
                {
                    "code": codes,
                    "name": codes,
                    "level": params["level"],
                    "geometry": shapes,
                    "crs": "EPSG:25833",
                    "approximate": True,
                    "batch_id": 1,
                }
            )
        raise KeyError(name)


def groups(areas: pd.DataFrame) -> dict[str, list[str]]:
    children = {}
    for code, parent in zip(areas["code"], areas["parent_code"], strict=True):
        if isinstance(parent, str):
            children.setdefault(parent, []).append(code)
    return children


PROPERTY_SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY_SETTINGS
@given(panel=panels(), indicator_id=st.sampled_from(["persistent_low_income", "municipal_housing_waiting_list"]))
def test_the_published_layer_shows_no_small_count_and_no_lone_hidden_part(registry, panel, indicator_id):
    frame, areas = panel
    indicator = registry[indicator_id]
    if indicator.aggregation.value == "sum":  # a count delivered as a plain value: no numerator column
        frame = frame.assign(value=frame["numerator"].astype(float), numerator=np.nan, denominator=np.nan)
        frame["status"] = "final"
    out = publish_panel(frame, areas, registry, indicator_id)
    rule = effective_rule(indicator)
    shown = out[out["status"] != "suppressed"]
    counts = shown["value"] if indicator.value_is_count else shown["numerator"]
    assert not ((counts > 0) & (counts < rule.min_count)).any()
    assert not (shown["denominator"] < rule.min_denominator).any()
    hidden = out["status"] == "suppressed"
    assert out.loc[hidden, ["value", "numerator", "denominator"]].isna().all().all()
    for period, rows in out.groupby("period"):
        status = dict(zip(rows["area_code"], rows["status"], strict=True))
        for parent, children in groups(areas).items():
            members = [status.get(m, "absent") for m in (parent, *children)]
            shown_or_hidden = all(s in ("final", "provisional", "suppressed") for s in members)
            lone = members.count("suppressed") == 1 and shown_or_hidden
            assert not lone, f"{period}: lone hidden figure among {parent} and {children}"


@PROPERTY_SETTINGS
@given(panel=panels())
def test_no_output_path_shows_a_hidden_figure(registry, programme, panel):
    frame, areas = panel
    indicator = registry["persistent_low_income"]
    store = FakeStore(publish_panel(frame, areas, registry, indicator.id), areas)
    disclosed = figures.panel(store, indicator)
    hidden = {(r.area_code, r.period) for r in disclosed.itertuples() if r.status == "suppressed"}
    assert hidden >= {(r.area_code, r.period) for r in frame.itertuples() if 0 < r.numerator < 5}
    raw = {(r.area_code, r.period): r.numerator for r in frame.itertuples()}

    def assert_clean(codes, periods, values, where):
        for code, period, value in zip(codes, periods, values, strict=True):
            if (code, period) in hidden:
                assert value is None or np.isnan(value), f"{where}: hidden {code} {period} shown as {value}"

    for period in sorted(frame["period"].unique()):
        for level in ("levekarssone", "bydel"):
            mapped = figures.map_frame(store, indicator, level, int(period))
            assert_clean(mapped["code"], [period] * len(mapped), mapped["value"], "map data")
            assert_clean(mapped["code"], [period] * len(mapped), mapped["numerator"], "map data counts")
            figure = choropleth(mapped, indicator, int(period), None, mapped.iloc[0:0], "nb", True, True)
            drawn = drawn_areas(figure)
            assert_clean([a["code"] for a in drawn], [period] * len(drawn), [a["value"] for a in drawn], "chart")
            for trace in figure.data:
                if trace.type == "choroplethmap" and trace.text is not None:
                    for code, text in zip(trace.locations, trace.text, strict=True):
                        assert (code, period) not in hidden or str(int(raw[(code, period)])) + " av" not in text
            table = tables.map_table(mapped, indicator, "nb")
            hidden_rows = table[mapped.sort_values("name")["code"].map(lambda c, p=period: (c, p) in hidden).to_numpy()]
            assert (hidden_rows["Verdi"] == "–").all() and (hidden_rows["Teller"] == "–").all()
            assert (hidden_rows["Status"] == "Skjermet").all()
            download = figures.map_download(mapped, indicator, int(period))
            for payload in (pd.read_csv(io.BytesIO(to_csv(download))), pd.read_excel(io.BytesIO(to_excel(download)))):
                assert_clean(payload["area_code"], payload["period"], payload["value"], "download")
                assert_clean(payload["area_code"], payload["period"], payload["numerator"], "download counts")
    zones = areas.loc[areas["level"] == "levekarssone", "code"].tolist()[:2]
    local = programme.model_copy(
        update={
            "programme_areas": [
                pa.model_copy(update={"area_code": z}) for pa, z in zip(programme.programme_areas, zones, strict=False)
            ],
            "municipality_code": CITY,
            "comparison_areas": [],
        }
    )
    headline = figures.headline_table(store, registry, local)
    rows = headline[headline["indicator_id"] == indicator.id]
    assert_clean(rows["area_code"], rows["latest_period"].fillna(0), rows["latest_value"].astype(float), "overview")


def test_deployment_policy_only_tightens(registry):
    indicator = registry["social_assistance_recipients"]  # min_count 10 in its file
    assert effective_rule(indicator, Policy(min_count=3, min_denominator=5)).min_count == 10
    assert effective_rule(indicator, Policy(min_count=20, min_denominator=50)).min_denominator == 50
