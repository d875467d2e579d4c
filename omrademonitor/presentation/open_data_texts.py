"""The open-data export's words (``open_data``): the codebook's notes on the licence, the columns and
the symbols, and the zip's README.txt.

The export is made for no one reader, so its texts go out in both languages at once: in the codebook
as ``{"nb": …, "en": …}`` (``meaning_nb`` and ``meaning_en`` in its CSV tables), README.txt as a
Norwegian part followed by an English one. Column names, codes (``percent``, ``suppressed``) and
symbols stay as the files write them. ``WORDING`` is what the export (``open_data.export_static``,
``open_data.dataset_zip``) is handed by its callers, the command line and the explorer page.
"""

from __future__ import annotations

from omrademonitor import labels
from omrademonitor.i18n import LANGUAGES, t
from omrademonitor.indicator_registry import Unit
from omrademonitor.open_data import FIGURE_COLUMNS, Wording
from omrademonitor.vocabulary import MUNICIPAL_LEVELS


def codebook_notes(licence: str) -> dict[str, dict]:
    """The codebook's ``licence_note``, ``columns`` (column → meaning) and ``symbols`` (symbol →
    meaning), each text as ``{"nb": …, "en": …}``."""
    levels = ", ".join(MUNICIPAL_LEVELS)
    units = ", ".join(Unit)
    return {
        "licence_note": {
            lang: t("open_data_licence_set" if licence else "open_data_licence_not_stated", lang) for lang in LANGUAGES
        },
        "columns": {
            column: {
                lang: t(labels.OPEN_DATA_COLUMN_LABEL_KEYS[column], lang, levels=levels, units=units)
                for lang in LANGUAGES
            }
            for column in FIGURE_COLUMNS
        },
        "symbols": {
            symbol: {lang: t(labels.OPEN_DATA_SYMBOL_LABEL_KEYS[symbol], lang) for lang in LANGUAGES}
            for symbol in labels.OPEN_DATA_SYMBOL_LABEL_KEYS
        },
    }


def readme_text(book: dict) -> str:
    """The zip's README.txt for a codebook (``open_data.codebook``): its Norwegian part, then its English."""
    return "\n".join(
        t(
            "open_data_readme",
            lang,
            version=book["data_version"],
            imported=book["data_imported_at"] or t("open_data_imported_unknown", lang),
            licence=book["licence"] or t("open_data_licence_none", lang),
            note=book["licence_note"][lang],
        )
        for lang in LANGUAGES
    )


WORDING = Wording(notes=codebook_notes, readme=readme_text)
