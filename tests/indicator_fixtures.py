"""Indicator folders and SSB-style files for the period-type and breakdown tests.

The indicators here are test fixtures, not shipped definitions: a folder is made of the shipped
indicator files plus these, and handed to the app and the command line through
``OMRADEMONITOR_INDICATORS``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from omrademonitor.setup_db import INDICATORS_DIR

THREE_YEAR = """id: test_three_year_share
name: {nb: Andel i treårsperiode (test), en: Share over three-year periods (test)}
themes: [income]
kind: context
unit: percent
direction: lower_is_better
definition: {nb: Testindikator for treårsperioder., en: Test indicator for three-year periods.}
aggregation: none
source: {kind: programme, name: {nb: Test, en: Test}}
level: bydel
period_type: multi_year
period_years: 3
first_period: 2010
"""

QUARTERLY = """id: test_quarterly_count
name: {nb: Antall per kvartal (test), en: Count per quarter (test)}
themes: [demography]
kind: context
unit: count
direction: none
definition: {nb: Testindikator for kvartaler., en: Test indicator for quarters.}
numerator: {nb: Personer, en: Persons}
aggregation: sum
source: {kind: programme, name: {nb: Test, en: Test}}
level: bydel
period_type: quarter
decimals: 0
first_period: 2015
"""

BY_SEX = """id: test_residents_by_sex
name: {nb: Bosatte etter kjønn (test), en: Residents by sex (test)}
themes: [demography]
kind: context
unit: count
direction: none
definition: {nb: Testindikator for inndeling etter kjønn., en: Test indicator broken down by sex.}
numerator: {nb: Bosatte, en: Residents}
aggregation: sum
source: {kind: programme, name: {nb: Test, en: Test}}
level: bydel
breakdowns: [sex, age_group]
first_period: 2015
"""


def indicator_folder(tmp_path: Path, *texts: str) -> Path:
    """The shipped indicator files and ``texts``, in a folder of their own."""
    folder = tmp_path / "indicators"
    folder.mkdir()
    for path in INDICATORS_DIR.glob("*.yaml"):
        shutil.copy(path, folder / path.name)
    for text in texts:
        indicator_id = text.split("\n", 1)[0].removeprefix("id: ").strip()
        (folder / f"{indicator_id}.yaml").write_text(text, encoding="utf-8")
    return folder


def ssb_export(title: str, header: list[str], rows: list[list[str | int | float]]) -> bytes:
    """A file as SSB's Statbank exports it: a title line, a blank line, quoted headers, ';', Latin-1, CRLF."""
    lines = [f'"{title}"', "", ";".join(f'"{h}"' for h in header)]
    for row in rows:
        lines.append(";".join(f'"{c}"' if isinstance(c, str) else str(c).replace(".", ",") for c in row))
    return ("\r\n".join(lines) + "\r\n").encode("latin-1")
