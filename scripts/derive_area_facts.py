"""Derive the bundled area facts table (geodata/trondheim_areas.csv) from the official files.

Usage: python scripts/derive_area_facts.py ../shared/data
Only names, codes, membership, a representative point and the area of each area are kept;
no boundary is copied.
"""

import sys
from pathlib import Path

from omrademonitor.geography import DEFAULT_AREAS_FILE, OfficialFiles, derive_area_table

if __name__ == "__main__":
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/data")
    table = derive_area_table(OfficialFiles.in_folder(folder))
    table.to_csv(DEFAULT_AREAS_FILE, index=False)
    print(f"wrote {len(table)} areas to {DEFAULT_AREAS_FILE}")
