"""The national level: Norway's counties (fylker) and municipalities (kommuner) with real population.

Geography comes from Kartverket's 2024 division (``norway-kommuner-2024/``): every municipality
(level ``kommune``, 4-digit code) under its county (level ``fylke``, 2-digit code, the first two
digits of the municipality number), every county under the country (level ``land``, code ``NO``;
its name is data, ``geodata/national_area.csv``). Shapes are real boundaries, simplified further
for display, stored with ``approximate = False``.

Population is SSB table 07459 (persons on 1 January by municipality and single year of age), read
through the import pipeline (``omrademonitor.importing``): the age rows are summed per municipality,
municipality numbers of the 2023 division are translated to the 2024 ones through
``geodata/code_changes.csv``. The file has no total rows, so nothing is counted twice. County and
national figures are sums of the file's own municipality rows, stored only when every row that
belongs to them was read: the 2023 Ålesund (1507) was split into Ålesund (1508) and Haram (1580)
in 2024, so neither of them gets a 2023 figure, but Møre og Romsdal's and Norway's sums stay
complete because 1507 lies wholly inside county 15.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely

from omrademonitor import PROJECT_ROOT
from omrademonitor.access import Principal
from omrademonitor.errors import NothingChanged
from omrademonitor.geography import MAP_CRS, STORAGE_CRS, file_digest
from omrademonitor.importing import commit, prepare
from omrademonitor.importing.codes import current_code
from omrademonitor.importing.issues import outline
from omrademonitor.importing.readers import read_table
from omrademonitor.importing.spec import guess_spec
from omrademonitor.indicator_registry import Registry
from omrademonitor.vocabulary import AreaLevel
from omrademonitor.writer import BatchInfo, Writer

NATIONAL_AREA_FILE = PROJECT_ROOT / "geodata" / "national_area.csv"
POPULATION_INDICATOR = "population"
POPULATION_SOURCE = "SSB tabell 07459"
DISPLAY_TOLERANCE_M = 200.0
# Municipalities of the population file's division that a later reform split: old code → county.
# Their figure counts in the county's and the country's sums, but belongs to no single 2024 municipality.
SPLIT_MUNICIPALITIES = {"1507": "15"}
# Rows of SSB's municipality tables that are no municipality: Svalbard and Jan Mayen, the continental
# shelf, "divided municipalities and unknown". They count in the national sum (they are part of SSB's
# national figure) but belong to no county.
NON_MUNICIPAL_PREFIXES = ("21", "22", "23", "Rest")


class NationalError(ValueError):
    """A national file is unusable; the message names the file, the row and the field. Refused by the
    import pipeline, ``issues`` are its problems (the command line writes them out)."""

    def __init__(self, message: str, issues: list | None = None) -> None:
        super().__init__(message)
        self.issues = issues or []


@dataclass(frozen=True)
class NationalFiles:
    """The national files in the shared data layout."""

    municipalities: Path
    counties: Path
    population: Path

    @classmethod
    def in_folder(cls, folder: Path) -> NationalFiles:
        folder = Path(folder)
        return cls(
            municipalities=folder / "norway-kommuner-2024" / "kommuner_2024_M.geojson",
            counties=folder / "norway-kommuner-2024" / "fylker_2024_M.geojson",
            population=folder / "ssb-raw-exports" / "ssb07459_kommune_age_2023_raw.csv",
        )

    def check(self) -> None:
        for path in (self.municipalities, self.counties, self.population):
            if not path.is_file():
                raise NationalError(f"{path}: file not found")


def _layer(path: Path, code_field: str, name_field: str, digits: int, level: str) -> gpd.GeoDataFrame:
    """One boundary layer as code, name, level, geometry (EPSG:25833); every row checked."""
    try:
        frame = gpd.read_file(path)
    except Exception as exc:
        raise NationalError(f"{path.name}: not a readable GeoJSON file ({exc})") from exc
    for field_name in (code_field, name_field):
        if field_name not in frame.columns:
            raise NationalError(f"{path.name}: field '{field_name}' missing")
    frame = frame.set_crs(MAP_CRS) if frame.crs is None else frame
    features = zip(frame[code_field], frame[name_field], frame.geometry, strict=True)
    for number, (code, name, geom) in enumerate(features, start=1):
        if not (isinstance(code, str) and len(code) == digits and code.isdigit()):
            raise NationalError(f"{path.name}: feature {number}, field '{code_field}': {code!r} is not {digits} digits")
        if not isinstance(name, str) or not name.strip():
            raise NationalError(f"{path.name}: feature {number}, field '{name_field}': empty name")
        if geom is None or geom.is_empty or geom.geom_type not in ("Polygon", "MultiPolygon"):
            raise NationalError(f"{path.name}: feature {number} ({code}): no polygon geometry")
    if frame[code_field].duplicated().any():
        dupe = frame.loc[frame[code_field].duplicated(), code_field].iloc[0]
        raise NationalError(f"{path.name}: field '{code_field}': code {dupe} appears twice")
    out = gpd.GeoDataFrame(
        {"code": frame[code_field].astype(str), "name": frame[name_field].str.strip(), "level": level},
        geometry=frame.geometry.make_valid(),
        crs=frame.crs,
    )
    return out.to_crs(STORAGE_CRS)


def read_geography(files: NationalFiles) -> tuple[pd.DataFrame, gpd.GeoDataFrame]:
    """The national areas (country, counties, municipalities) and their display shapes."""
    files.check()
    counties = _layer(files.counties, "fylkesnummer", "fylkesnavn", 2, "fylke")
    municipalities = _layer(files.municipalities, "kommunenummer", "kommunenavn", 4, "kommune")
    municipalities["parent_code"] = municipalities["code"].str[:2]
    orphans = municipalities[~municipalities["parent_code"].isin(counties["code"])]
    if not orphans.empty:
        row = orphans.iloc[0]
        raise NationalError(
            f"{files.municipalities.name}: field 'kommunenummer': {row['code']} ({row['name']}) "
            f"has no county {row['parent_code']} in {files.counties.name}"
        )
    country = pd.read_csv(NATIONAL_AREA_FILE, dtype=str, keep_default_na=False)
    counties["parent_code"] = country["code"].iloc[0]
    shapes = []
    for layer in (counties, municipalities):
        simplified = shapely.coverage_simplify(layer.geometry.to_numpy(), DISPLAY_TOLERANCE_M)
        shapes.append(gpd.GeoDataFrame({"code": layer["code"]}, geometry=simplified, crs=STORAGE_CRS))
    points = pd.concat([counties, municipalities]).representative_point().to_crs(MAP_CRS)
    areas = pd.concat(
        [
            pd.DataFrame({"code": country["code"], "name": country["name"], "level": country["level"]}),
            pd.DataFrame(pd.concat([counties, municipalities]).drop(columns="geometry")).assign(
                point_lon=points.x.to_numpy(), point_lat=points.y.to_numpy()
            ),
        ],
        ignore_index=True,
    )
    areas["area_km2"] = None  # simplified shapes: fine for maps, not for area calculations
    areas["parent_code"] = areas["parent_code"].astype(object).where(areas["parent_code"].notna(), None)
    columns = ["code", "name", "level", "parent_code", "point_lon", "point_lat", "area_km2"]
    return areas[columns], pd.concat(shapes, ignore_index=True).pipe(gpd.GeoDataFrame, crs=STORAGE_CRS)


@dataclass
class Population:
    """Population per municipality from the file, and the county and national sums it supports."""

    prepared: object  # importing.pipeline.Prepared, with every row checked
    municipalities: pd.DataFrame  # indicator_id, area_code, period, value, ..., row
    counties: pd.DataFrame
    country: pd.DataFrame
    without_figure: list[str]  # 2024 municipalities the file has no figure for


def read_population(path: Path, areas: pd.DataFrame, registry: Registry) -> Population:
    """SSB 07459 through the import pipeline: ages summed per municipality, old codes translated."""
    data = path.read_bytes()
    table = read_table(data, path.name, None, None)
    guessed = guess_spec(table.frame)
    municipal = areas.loc[areas["level"] == "kommune", "code"]
    known = set(municipal) | set(SPLIT_MUNICIPALITIES)
    spec = replace(
        guessed,
        indicator_id=POPULATION_INDICATOR,
        sum_rows=True,
        skip_unknown_areas=True,
        source=POPULATION_SOURCE,
    )
    prepared = prepare(data, path.name, spec, registry, known)
    if prepared.fatal or prepared.rejected:
        raise NationalError(f"{path.name}: {outline(prepared.issues)} (nothing written)", prepared.issues)
    rows = prepared.observations
    if rows["period"].nunique() != 1:
        raise NationalError(f"{path.name}: expected one year, found {sorted(rows['period'].unique())}")
    skipped = _skipped_regions(table.frame, known)
    unexpected = [r for r in skipped if not r.startswith(NON_MUNICIPAL_PREFIXES)]
    if unexpected:
        raise NationalError(f"{path.name}: column 'region': unknown municipality codes {unexpected[:5]}")
    period = int(rows["period"].iloc[0])
    county_of = dict(zip(areas["code"], areas["parent_code"], strict=True)) | SPLIT_MUNICIPALITIES
    rows = rows.assign(county=rows["area_code"].map(county_of))
    by_county = rows.groupby("county")["value"].sum()
    national = by_county.sum() + _non_municipal_total(table.frame, known)
    counties = pd.DataFrame(
        {
            "indicator_id": POPULATION_INDICATOR,
            "area_code": by_county.index,
            "period": period,
            "value": by_county.to_numpy(),
            "status": "final",
        }
    )
    missing_counties = sorted(set(areas.loc[areas["level"] == "fylke", "code"]) - set(counties["area_code"]))
    if missing_counties:
        raise NationalError(f"{path.name}: no rows for counties {missing_counties}")
    country_code = areas.loc[areas["level"] == AreaLevel.LAND, "code"].iloc[0]
    country = pd.DataFrame(
        {"indicator_id": [POPULATION_INDICATOR], "area_code": [country_code], "period": [period], "value": [national]}
    ).assign(status="final")
    municipal_rows = rows[rows["area_code"].isin(set(municipal))].drop(columns="county")
    return Population(
        prepared,
        municipal_rows.reset_index(drop=True),
        counties,
        country,
        sorted(set(municipal) - set(municipal_rows["area_code"])),
    )


def _region_codes(frame: pd.DataFrame) -> pd.Series:
    return frame.iloc[:, 0].astype(str).map(current_code)


def _skipped_regions(frame: pd.DataFrame, known: set[str]) -> list[str]:
    codes = _region_codes(frame)
    return sorted(set(codes[~codes.isin(known)]))


def _non_municipal_total(frame: pd.DataFrame, known: set[str]) -> float:
    """Persons in the rows that are no municipality (in SSB's national figure, in no county)."""
    codes = _region_codes(frame)
    values = pd.to_numeric(frame.iloc[:, -1], errors="coerce")
    return float(values[~codes.isin(known)].sum())


def load_national(writer: Writer, files: NationalFiles, registry: Registry, actor: Principal) -> dict[str, object]:
    """Store the national areas and shapes (one batch) and the population (one batch, through the import
    pipeline). Each step is one transaction; loading the same files again changes nothing."""
    areas, shapes = read_geography(files)
    population = read_population(files.population, areas, registry)
    geo_info = BatchInfo(
        source="Kartverket, administrative enheter 2024 (fylker og kommuner), forenklet",
        file_name=f"{files.municipalities.name}, {files.counties.name}",
        content_hash=file_digest(files.municipalities, files.counties, NATIONAL_AREA_FILE),
        note=f"Real boundaries, simplified for display (tolerance {DISPLAY_TOLERANCE_M:.0f} m).",
    )
    geo_batch = None
    if writer.active_batch_with_hash("boundaries", geo_info.content_hash) is None:
        geo_batch = writer.add_national_areas(areas, shapes, geo_info, actor)
    prepared = population.prepared
    frame = pd.concat([population.municipalities, population.counties, population.country], ignore_index=True).reindex(
        columns=prepared.observations.columns
    )
    prepared.observations = frame
    try:
        pop_batch = commit(writer, prepared, actor)
    except NothingChanged:
        pop_batch = None
    return {
        "areas": len(areas),
        "counties": int((areas["level"] == "fylke").sum()),
        "municipalities": int((areas["level"] == "kommune").sum()),
        "boundaries_batch": geo_batch,
        "population_batch": pop_batch,
        "municipalities_with_population": len(population.municipalities),
        "municipalities_without_population": population.without_figure,
        "national_population": float(population.country["value"].iloc[0]),
        "period": int(population.country["period"].iloc[0]),
    }
