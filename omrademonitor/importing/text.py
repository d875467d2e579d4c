"""Which encoding a text file is in: UTF-8 (with or without BOM), UTF-16 with a BOM (Excel's
'Unicode text'), else Windows-1252, else Latin-1 — checked over the whole file in small pieces,
so that nothing large is decoded at once."""

from __future__ import annotations

import codecs

from omrademonitor.importing.issues import Issue
from omrademonitor.importing.table import ReadError

PIECE = 1 << 20


def encoding_of(data: bytes, file: str) -> str:
    """The codec to read ``data`` with; ReadError 'not_text' for bytes no text file holds."""
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        if _decodes(data, "utf-16"):
            return "utf-16"
        raise ReadError(Issue(file, "not_text"))
    if b"\x00" in data:  # UTF-16 without a BOM, or not text at all
        raise ReadError(Issue(file, "not_text"))
    if data.isascii():  # UTF-8 at once, without decoding a character
        return "utf-8"
    for encoding in ("utf-8", "cp1252"):
        if _decodes(data, encoding):
            return encoding
    return "latin-1"


def decode_start(data: bytes, encoding: str, size: int) -> str:
    """The text of the first ``size`` bytes (a character cut at the end is left out)."""
    return codecs.getincrementaldecoder(encoding)().decode(memoryview(data)[:size], final=len(data) <= size)


def decode(data: bytes, file: str = "") -> str:
    """The whole text (for small documents such as JSON-stat)."""
    return data.decode(encoding_of(data, file))


def _decodes(data: bytes, encoding: str) -> bool:
    decoder = codecs.getincrementaldecoder(encoding)()
    view = memoryview(data)
    try:
        for start in range(0, len(data), PIECE):
            decoder.decode(view[start : start + PIECE])
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True
