"""Safe inputs and outputs: upload limits, file names as labels only, HTML from data escaped."""

import geopandas as gpd
import pytest
from shapely.geometry import box

from omrademonitor.presentation.charts import choropleth
from omrademonitor.settings import Settings
from omrademonitor.uploads import UploadError, check_upload, display_name


def test_upload_size_limit_names_the_file():
    settings = Settings(max_upload_mb=1)
    assert check_upload("data.csv", 1024, settings) == "data.csv"
    with pytest.raises(UploadError, match=r"big\.xlsx: the file is 2\.0 MB; the limit is 1 MB"):
        check_upload("big.xlsx", 2 * 1024 * 1024, settings)
    with pytest.raises(UploadError, match="empty"):
        check_upload("none.csv", 0, settings)


@pytest.mark.parametrize(
    ("name", "label"),
    [
        ("../../etc/passwd", "passwd"),
        ("C:\\temp\\x.csv", "x.csv"),
        ("/abs/path/file.geojson", "file.geojson"),
        ("", "upload"),
    ],
)
def test_file_names_are_labels_not_paths(name, label):
    assert display_name(name) == label


def test_area_names_from_data_are_escaped_in_charts(registry):
    evil = "<img src=x onerror=alert(1)>"
    frame = gpd.GeoDataFrame(
        {
            "code": ["A"],
            "name": [evil],
            "value": [10.0],
            "numerator": [10.0],
            "denominator": [100.0],
            "status": ["final"],
        },
        geometry=[box(10.40, 63.40, 10.41, 63.41)],
        crs=4326,
    )
    outline = frame[["code", "name", "geometry"]]
    fig = choropleth(frame, registry["persistent_low_income"], 2024, 10.0, outline, "nb", False, False)
    texts = [tr.text for tr in fig.data if isinstance(tr.text, str)] + [a.text for a in fig.layout.annotations]
    texts += [tr.name for tr in fig.data if tr.name]
    texts += [c for tr in fig.data if tr.customdata is not None for c in tr.customdata]
    assert all("<img" not in text for text in texts)
    assert any("&lt;img src=x onerror=alert(1)&gt;" in text for text in texts)
