"""Each key once per batch: the writer's own check, since the observations table has no primary key.

Schema v13 dropped the key (indicator, area, period, breakdown, category, batch): it held the batch, and
every write of observations makes a new batch (``Writer.add_observations``, the one statement that
inserts into the table), so a stored key could only repeat if one batch gave it twice. The writer
refuses such a batch before it writes (``RepeatedKeys``). Rows that come sorted by key (the import's
Arrow table, ``importing.sqlcheck.good_rows``) are checked by comparing each row with the one before
(a few vector operations, no hashing; measured on 1,000,000 rows: about 0.05 CPU s against 0.18–0.32
for DuckDB's ``GROUP BY … HAVING count(*) > 1`` or a ``lag()`` window); others are grouped in DuckDB.
``Writer.stored_repeats`` is the integrity check over the whole store.
"""

from __future__ import annotations

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from omrademonitor.errors import RepeatedKeys

KEY = ("indicator_id", "area_code", "period", "breakdown", "category")


def in_key_order(table: pa.Table, key: list[str]) -> bool:
    """Whether the rows of ``table`` are in increasing order of ``key`` with no key given twice (then
    they need no sort either). Raises ``RepeatedKeys`` if they are in order and a key repeats; False
    when they are not in order (or a key column cannot be compared so), to be checked another way."""
    n = table.num_rows
    if n < 2:
        return True
    after = np.zeros(n - 1, dtype=bool)  # row i + 1 comes after row i in key order
    same = np.ones(n - 1, dtype=bool)  # row i + 1 has row i's key so far
    try:
        for name in key:
            column = table.column(name).combine_chunks()
            if column.null_count:
                return False
            before, this = column.slice(0, n - 1), column.slice(1)
            after |= same & pc.less(before, this).to_numpy(zero_copy_only=False)
            same &= pc.equal(before, this).to_numpy(zero_copy_only=False)
    except (pa.ArrowNotImplementedError, pa.ArrowInvalid):
        return False
    if not (after | same).all():
        return False
    if same.any():
        first = int(np.argmax(same)) + 1
        shown = {name: table.column(name)[first].as_py() for name in key}
        raise RepeatedKeys(int(np.count_nonzero(same[np.concatenate([[True], ~same[:-1]])])), shown)
    return True


def refuse_repeats(con: duckdb.DuckDBPyConnection, relation: str, key: list[str]) -> None:
    """Raise ``RepeatedKeys`` if ``relation`` (a table or registered frame) gives a key twice."""
    columns = ", ".join(key)
    found = con.execute(
        f"""SELECT count(*) OVER (), {columns} FROM {relation} GROUP BY {columns} HAVING count(*) > 1
            ORDER BY {columns} LIMIT 1"""
    ).fetchall()
    if found:
        raise RepeatedKeys(found[0][0], dict(zip(key, found[0][1:], strict=True)))
