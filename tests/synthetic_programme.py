"""A small made-up programme built in code, for tests that must not assume any real municipality.

One municipality, one district, a handful of zones and three indicators of the real registry,
written as a programme folder (``programme.yaml``, ``areas.csv``, ``events.csv``) and, with
``observations()``, synthetic figures (deterministic, no randomness) stored as demonstration data.
Nothing here is a statistic.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import yaml

from omrademonitor.access import SYSTEM
from omrademonitor.schema import OBSERVATION_COLUMNS
from omrademonitor.writer import BatchInfo, Writer, frame_digest

INDICATORS = ("persistent_low_income", "unemployment_registered", "crowded_housing")
YEARS = range(2015, 2026)


@dataclass(frozen=True)
class Synthetic:
    """The made-up geography of one synthetic programme."""

    programme_id: str = "fjordby"
    municipality_code: str = "9901"
    municipality_name: str = "Fjordby"
    zones: int = 6
    treated: int = 2
    lon: float = 7.0
    lat: float = 62.0

    @property
    def district_code(self) -> str:
        return f"{self.municipality_code}01"

    def zone_codes(self) -> list[str]:
        return [f"{self.municipality_code}LKS{i:02d}" for i in range(1, self.zones + 1)]

    def programme_area_codes(self) -> list[str]:
        return self.zone_codes()[: self.treated]

    def areas(self) -> pd.DataFrame:
        """The municipality, its district and its zones (points about a kilometre apart)."""
        rows = [
            [self.municipality_code, self.municipality_name, "kommune", "", self.lon, self.lat, 40.0, ""],
            [
                self.district_code,
                f"{self.municipality_name} sentrum",
                "bydel",
                self.municipality_code,
                self.lon,
                self.lat,
                40.0,
                "",
            ],
        ]
        for i, code in enumerate(self.zone_codes()):
            lon = self.lon + 0.02 * (i % 3)
            lat = self.lat + 0.01 * (i // 3)
            rows.append([code, f"Sone {i + 1}", "levekarssone", self.district_code, lon, lat, 0.6, str(i + 1)])
        columns = ["code", "name", "level", "parent_code", "point_lon", "point_lat", "area_km2", "source_id"]
        return pd.DataFrame(rows, columns=columns)

    def programme(self) -> dict:
        """The programme file's content."""
        return {
            "id": self.programme_id,
            "name": {"nb": f"Områdeløft {self.municipality_name}", "en": f"Area programme {self.municipality_name}"},
            "municipality_code": self.municipality_code,
            "parties": [{"name": {"nb": f"{self.municipality_name} kommune", "en": "The municipality"}}],
            "agreement_signed": "2021-06-01",
            "start_year": 2021,
            "duration_years": 4,
            "focus_areas": [
                {
                    "id": "levekar",
                    "number": 1,
                    "name": {"nb": "Levekår", "en": "Living conditions"},
                    "aim": {"nb": "Bedre levekår.", "en": "Better living conditions."},
                    "indicators": ["persistent_low_income", "unemployment_registered"],
                },
                {
                    "id": "bolig",
                    "number": 2,
                    "name": {"nb": "Bolig", "en": "Housing"},
                    "indicators": ["crowded_housing"],
                },
                {"id": "deltakelse", "number": 3, "name": {"nb": "Deltakelse", "en": "Participation"}},
            ],
            "programme_areas": [
                {"area_code": code, "name": f"Sone {i + 1}"} for i, code in enumerate(self.programme_area_codes())
            ],
            "indicators_without_data": [
                {
                    "name": {"nb": "Valgdeltakelse i sonene", "en": "Voter turnout in the zones"},
                    "focus_area": "deltakelse",
                    "note": {"nb": "Ikke levert ennå.", "en": "Not delivered yet."},
                }
            ],
        }

    def write_folder(self, programmes_root: Path) -> Path:
        """Write the programme folder under ``programmes_root``; returns the folder."""
        folder = programmes_root / self.programme_id
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "programme.yaml").write_text(yaml.safe_dump(self.programme(), allow_unicode=True), encoding="utf-8")
        self.areas().to_csv(folder / "areas.csv", index=False)
        events = pd.DataFrame(
            [{"year": 2021, "title_nb": "Avtalen signert", "title_en": "Agreement signed", "note": ""}]
        )
        events.to_csv(folder / "events.csv", index=False)
        return folder

    def observations(self) -> pd.DataFrame:
        """Made-up figures for the three indicators: zones, the district and the municipality (sums)."""
        rows = []
        for k, indicator_id in enumerate(INDICATORS):
            zone_rows = []
            for i, code in enumerate(self.zone_codes()):
                for year in YEARS:
                    denominator = 900 + 60 * i + 5 * (year - 2015)
                    rate = 0.04 + 0.015 * k + 0.01 * (i < self.treated) + 0.002 * ((i * 7 + year) % 5)
                    if i < self.treated and year >= 2022:
                        rate -= 0.004 * (year - 2021)
                    numerator = round(rate * denominator)
                    zone_rows.append([indicator_id, code, year, numerator, denominator])
            frame = pd.DataFrame(zone_rows, columns=["indicator_id", "area_code", "period", "numerator", "denominator"])
            for top in (self.district_code, self.municipality_code):
                summed = frame.groupby(["indicator_id", "period"], as_index=False)[["numerator", "denominator"]].sum()
                rows.append(summed.assign(area_code=top))
            rows.append(frame)
        out = pd.concat(rows, ignore_index=True)
        out["numerator"] = out["numerator"].astype(float)
        out["denominator"] = out["denominator"].astype(float)
        out["value"] = out["numerator"] / out["denominator"] * 100
        out["ci_lower"] = float("nan")
        out["ci_upper"] = float("nan")
        out["status"] = "final"
        return out.reindex(columns=OBSERVATION_COLUMNS).sort_values(["indicator_id", "area_code", "period"])

    def store_observations(self, db: Path) -> int:
        """Add the made-up figures to the database as one demonstration batch."""
        frame = self.observations().reset_index(drop=True)
        info = BatchInfo(
            source=f"Syntetiske testdata ({self.programme_id})",
            content_hash=frame_digest(frame),
            is_demo=True,
            note="Synthetic test data, not statistics.",
        )
        with Writer(db) as writer:
            writer.add_observations(frame, info, SYSTEM)
        return len(frame)


def build(root: Path, *synthetics: Synthetic, with_trondheim: bool = False) -> tuple[Path, Path]:
    """A programmes folder holding the synthetic programmes (and, if asked, a copy of the real
    Trondheim folder) and a database initialised from it with their figures. Returns (programmes, db)."""
    import shutil

    from omrademonitor import PROJECT_ROOT
    from omrademonitor.setup_db import initialise

    programmes = root / "programmes"
    programmes.mkdir(parents=True, exist_ok=True)
    if with_trondheim:
        shutil.copytree(PROJECT_ROOT / "programmes" / "trondheim", programmes / "trondheim", dirs_exist_ok=True)
    for synthetic in synthetics:
        synthetic.write_folder(programmes)
    db = root / "synthetic.duckdb"
    initialise(db, with_demo=False, programmes_folder=programmes)
    for synthetic in synthetics:
        synthetic.store_observations(db)
    return programmes, db
