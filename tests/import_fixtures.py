"""Hand-made import fixtures, built in code so each is small, readable and deterministic."""

from __future__ import annotations

import io
import json
import warnings
import zipfile
from pathlib import Path

import geopandas as gpd
import openpyxl
from shapely.geometry import Point, box

LADEMOEN, TEMPE, OSTBYEN, CITY = "5001LKS09", "5001LKS26", "500102", "5001"


def csv_bytes(text: str, encoding: str = "utf-8", bom: bool = False) -> bytes:
    data = text.replace("\n", "\r\n").encode(encoding)
    return (b"\xef\xbb\xbf" + data) if bom else data


GOOD_SEMICOLON = """Levekårsindikator for Trondheim (eksempel)

omrade;aar;teller;nevner;andel
5001LKS09 Lademoen;2023;1 210;6 050;20,0
5001LKS26 Tempe-Sorgenfri;2023;1 105;5 525;20,0
500102 Østbyen;2023;6 012;60 120;10,0
"""

GOOD_COMMA = """indicator,area,period,value,numerator,denominator,unit
persistent_low_income,5001LKS09,2022,19.5,1170,6000,prosent
persistent_low_income,5001LKS26,2022,18.25,1095,6000,percent
crowded_housing,5001LKS09,2022,15.0,900,6000,andel
"""


def excel_bytes(rows: list[list], sheet: str = "Data", title_rows: int = 2, extra_sheet: bool = True) -> bytes:
    workbook = openpyxl.Workbook()
    first = workbook.active
    first.title = "Om tabellen"
    first["A1"] = "Forklaring: tallene er eksempler"
    data_sheet = workbook.create_sheet(sheet) if extra_sheet else first
    for i in range(title_rows):
        data_sheet.append([f"Tittel {i + 1}"])
    for row in rows:
        data_sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


GOOD_EXCEL_ROWS = [
    ["Område", "År", "Teller", "Nevner"],
    [LADEMOEN, 2024, 420, 1200],
    [TEMPE, 2024, 380, 1100],
]


def jsonstat_bytes(status=None, values=None, contents=("Andel",), regions=(LADEMOEN, TEMPE), years=("2023",)) -> bytes:
    size = [len(regions), len(contents), len(years)]
    count = size[0] * size[1] * size[2]
    document = {
        "version": "2.0",
        "class": "dataset",
        "label": "Eksempel fra PxWebApi",
        "id": ["Region", "ContentsCode", "Tid"],
        "size": size,
        "role": {"time": ["Tid"], "metric": ["ContentsCode"]},
        "dimension": {
            "Region": {
                "label": "region",
                "category": {"index": {r: i for i, r in enumerate(regions)}, "label": {r: r for r in regions}},
            },
            "ContentsCode": {
                "label": "statistikkvariabel",
                "category": {"index": {c: i for i, c in enumerate(contents)}, "label": {c: c for c in contents}},
            },
            "Tid": {"label": "år", "category": {"index": {y: i for i, y in enumerate(years)}}},
        },
        "value": values if values is not None else [20.5 + i for i in range(count)],
    }
    if status is not None:
        document["status"] = status
    return json.dumps(document, ensure_ascii=False).encode("utf-8")


def boundary_bytes(frame: gpd.GeoDataFrame, driver: str, tmp: Path) -> tuple[bytes, str]:
    """The file bytes and its name for GeoJSON, GPKG, or a zipped Shapefile."""
    if driver == "GeoJSON":
        return frame.to_json().encode(), "grenser.geojson"
    if driver == "GPKG":
        path = tmp / "grenser.gpkg"
        frame.to_file(path, driver="GPKG")
        return path.read_bytes(), path.name
    folder = tmp / "shp"
    folder.mkdir(exist_ok=True)
    with warnings.catch_warnings():  # Shapefiles cut column names to 10 characters, as real ones do
        warnings.simplefilter("ignore")
        frame.to_file(folder / "grenser.shp")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for part in folder.iterdir():
            archive.write(part, f"grenser/{part.name}")
    return buffer.getvalue(), "grenser.zip"


def basic_units(zone_shapes: gpd.GeoDataFrame, codes: list[str]) -> gpd.GeoDataFrame:
    """Small squares around the centres of the programme zones, coded as grunnkretser."""
    zones = zone_shapes.to_crs(25833).set_index("code")
    centres = [zones.loc[LADEMOEN].geometry.representative_point(), zones.loc[TEMPE].geometry.representative_point()]
    squares = [Point(c.x, c.y).buffer(60, cap_style="square") for c in centres]
    return gpd.GeoDataFrame(
        {"grunnkretsnummer": codes, "grunnkretsnavn": ["Nedre Lademoen", "Sorgenfri"]}, geometry=squares, crs=25833
    )


def zone_file(names: list[str], crs: int = 4326) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"Levekårsnavn": names},
        geometry=[box(10.42 + i * 0.01, 63.43, 10.425 + i * 0.01, 63.435) for i in range(len(names))],
        crs=4326,
    ).to_crs(crs)
