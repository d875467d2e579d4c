"""Importing files: read (CSV, Excel, JSON-stat, boundary files), map columns, validate, commit.

The import page and ``python -m omrademonitor import`` both call ``prepare`` and ``commit``; they write
the problems and notes found with ``presentation.import_messages``.
"""

from omrademonitor.errors import NothingChanged
from omrademonitor.importing.pipeline import ImportRefused, Prepared, commit, prepare
from omrademonitor.importing.spec import ImportSpec

__all__ = ["ImportRefused", "ImportSpec", "NothingChanged", "Prepared", "commit", "prepare"]
