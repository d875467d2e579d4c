"""Importing files: read (CSV, Excel, JSON-stat, boundary files), map columns, validate, commit.

The import page and ``python -m omrademonitor import`` both call ``prepare`` and ``commit``.
"""

from omrademonitor.errors import NothingChanged
from omrademonitor.importing.pipeline import ImportRefused, Prepared, commit, nothing_changed, prepare
from omrademonitor.importing.spec import ImportSpec

__all__ = ["ImportRefused", "ImportSpec", "NothingChanged", "Prepared", "commit", "nothing_changed", "prepare"]
