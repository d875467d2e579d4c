"""How much of a file the importer will read: limits that keep hostile or careless files from
hanging the importer or filling the memory. Each limit, when reached, is a named error.
"""

from __future__ import annotations

# Cells (rows × columns) in one file or sheet. A million CSV rows of six columns fit; SSB's
# PxWebApi hands out at most 800,000 cells per query, so any real JSON-stat extract fits too.
MAX_CELLS = 10_000_000
# Columns in a table. Wide tables by year have tens of columns, not thousands.
MAX_COLUMNS = 1_000
# Characters in one CSV field (the csv module's own default limit).
MAX_FIELD_CHARS = 131_072
# Bytes read to find the delimiter and the header of a CSV file; the first line must end within it.
CSV_SAMPLE_BYTES = 1 << 20
# Rows looked at to find the header of a CSV file or an Excel sheet.
HEADER_SEARCH_ROWS = 200
# Rows kept in a table's preview (``Table.frame``); every row is read again, streamed, when checked.
PREVIEW_ROWS = 100
# Problems with single rows listed one by one; past it they are only counted, by kind.
MAX_ROW_PROBLEMS = 1_000
# Problems counted before checking stops: the rest of the file is not read.
MAX_COUNTED_PROBLEMS = 100_000
# Problems of one kind listed one by one; more are grouped into one message with a count and examples.
GROUP_AFTER = 3
EXAMPLES_SHOWN = 5
# Archives (zipped Shapefiles and .xlsx workbooks) are checked before anything is extracted.
MAX_ZIP_MEMBERS = 1_000
MAX_UNZIPPED_BYTES = 1 << 30  # zipped Shapefiles: all members together
MAX_WORKBOOK_BYTES = 512 << 20  # .xlsx: all members together
MAX_SHARED_STRINGS_BYTES = 64 << 20  # .xlsx: the shared strings, which openpyxl holds in memory
# Largest plausible magnitude of any number imported (amounts in NOK of a municipality stay far below).
MAX_MAGNITUDE = 1e12
# Largest plausible count (values of count indicators, numerators and denominators that count):
# more than ten times Norway's population.
MAX_COUNT = 1e8
