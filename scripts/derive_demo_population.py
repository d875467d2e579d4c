"""Derive the demo generator's real population table (omrademonitor/demo_population.csv) from SSB
table 10826 in the shared data: persons on 1 January per city district, year and age band.

Usage: python scripts/derive_demo_population.py ../shared/data
Only sums per district, year and age band are kept (Statistisk sentralbyrå, table 10826, CC BY 4.0).
"""

import sys
from pathlib import Path

from omrademonitor.demo import POPULATION_FILE, population_from_ssb

if __name__ == "__main__":
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/data")
    table = population_from_ssb(folder)
    header = (
        "# Real figures: Statistisk sentralbyrå, table 10826 (CC BY 4.0), persons on 1 January per city district\n"
        "# (bydel), summed by age band. Derived by scripts/derive_demo_population.py from the shared data.\n"
    )
    POPULATION_FILE.write_text(header + table.to_csv(index=False), encoding="utf-8")
    print(f"wrote {len(table)} rows to {POPULATION_FILE}")
