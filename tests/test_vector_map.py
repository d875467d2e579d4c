"""The report's map drawn as vector shapes (``presentation.charts.vector_map``): no MapLibre trace left, every area a
filled path in the colour its value has on the map, hidden areas and outlines kept with their legend."""

from __future__ import annotations

import geopandas as gpd
from plotly.colors import sample_colorscale
from shapely.geometry import box

from omrademonitor.presentation.charts import choropleth, vector_map


def test_vector_map_keeps_areas_colours_legend_and_frame(registry):
    frame = gpd.GeoDataFrame(
        {
            "code": ["A", "B", "C"],
            "name": ["Aa", "Bb", "Cc"],
            "value": [10.0, 20.0, float("nan")],
            "numerator": [10.0, 20.0, float("nan")],
            "denominator": [100.0, 100.0, float("nan")],
            "status": ["final", "final", "suppressed"],
        },
        geometry=[box(10.40, 63.40, 10.41, 63.41), box(10.41, 63.40, 10.42, 63.41), box(10.42, 63.40, 10.43, 63.41)],
        crs=4326,
    )
    outline = frame.iloc[[0]][["code", "name", "geometry"]]
    fig = choropleth(frame, registry["persistent_low_income"], 2024, 15.0, outline, "nb", False, False)
    shown = next(tr for tr in fig.data if tr.type == "choroplethmap" and tr.meta["status"] == "shown")
    vector = vector_map(fig, (10.39, 63.39, 10.44, 63.42))

    assert {tr.type for tr in vector.data} == {"scatter"}  # no WebGL map left to draw
    fills = [tr for tr in vector.data if tr.fill == "toself"]
    assert len(fills) == 3  # two shown areas and the hidden one
    scale = [[float(stop), colour] for stop, colour in shown.colorscale]
    for trace, value in zip(fills[:2], shown.z, strict=True):
        share = (value - shown.zmin) / (shown.zmax - shown.zmin)
        assert trace.fillcolor == sample_colorscale(scale, [share])[0]
    legend = {tr.name for tr in vector.data if tr.showlegend}
    assert legend == {tr.name for tr in fig.data if tr.showlegend}  # hidden figures and the programme area
    assert any(tr.marker.showscale for tr in vector.data)  # the colour bar
    assert not vector.layout.to_plotly_json().get("map") and vector.layout.yaxis.scaleanchor == "x"
    x0, x1 = vector.layout.xaxis.range
    assert all(x0 <= x <= x1 for tr in fills for x in tr.x if x is not None)  # the frame holds every area
