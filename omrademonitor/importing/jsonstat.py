"""SSB JSON-stat 2.0 (PxWebApi): one row per combination of the non-measure dimensions, one column
per measure (ContentsCode), with SSB's status symbols kept beside each.

The declared size is checked against the values before anything is expanded: a list of values must
have exactly one value per cell, a sparse (object) form only positions inside the cube, and the
cube may not exceed the cell limit. Only cells the file gives (a value or a status) become rows.
"""

from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd

from omrademonitor.importing.issues import Figure, Issue, shown
from omrademonitor.importing.limits import MAX_CELLS
from omrademonitor.importing.table import STATUS_SUFFIX, ReadError, Table, frame_table
from omrademonitor.importing.text import decode


class _Invalid(Exception):
    """The document is not a valid JSON-stat dataset: ``what`` names the rule broken (message
    ``import_jsonstat_<what>``), ``params`` fill it in."""

    def __init__(self, what: str, **params) -> None:
        super().__init__(what)
        self.what, self.params = what, params


def read_jsonstat(data: bytes, file: str) -> Table:
    """The cube in a JSON-stat 2.0 document as a table."""
    document = _load(data, file)
    if isinstance(document, dict) and "dataset" in document and "class" not in document:
        document = document["dataset"]
    if not isinstance(document, dict) or document.get("class") != "dataset" or "id" not in document:
        raise ReadError(Issue(file, "not_jsonstat"))
    try:
        return _expand(document, file)
    except _Invalid as exc:
        raise ReadError(Issue(file, f"jsonstat_{exc.what}", params=exc.params)) from exc


def _load(data: bytes, file: str):
    try:
        return json.loads(decode(data, file))
    except json.JSONDecodeError as exc:
        raise ReadError(Issue(file, "not_json", params={"error": exc.msg, "line": exc.lineno})) from exc
    except RecursionError as exc:
        raise ReadError(Issue(file, "json_too_deep")) from exc


def _expand(document: dict, file: str) -> Table:
    dims, sizes = _shape(document)
    cells = math.prod(sizes)
    if cells > MAX_CELLS:
        limit = Figure(MAX_CELLS)
        raise ReadError(Issue(file, "too_many_cells", params={"limit": limit}))
    values, status = document.get("value"), document.get("status")
    positions = _given_positions(values, status, cells, sizes, file)
    categories = [_categories(document["dimension"][d], d, size) for d, size in zip(dims, sizes, strict=True)]
    metric = _metric(document, dims)
    strides = [math.prod(sizes[i + 1 :]) for i in range(len(sizes))]
    index = [(positions // stride) % size for stride, size in zip(strides, sizes, strict=True)]
    m = dims.index(metric) if metric else None
    record_of = positions - index[m] * strides[m] if m is not None else positions
    records, first = np.unique(record_of, return_index=True)  # sorted: the order of the cube
    columns: dict[str, object] = {}
    for i, dim in enumerate(dims):
        if i != m:
            columns[dim] = np.asarray(categories[i], dtype=object)[index[i][first]]
    measures = categories[m] if m is not None else ["value"]
    given = set(positions.tolist()) if len(positions) < cells else None
    for k, measure in enumerate(measures):
        at = records + (k * strides[m] if m is not None else 0)
        columns[measure] = [_cell(values, p, given) for p in at.tolist()]
        columns[measure + STATUS_SUFFIX] = [_cell(status, p, given) for p in at.tolist()]
    frame = pd.DataFrame(columns, dtype=object)
    return frame_table(file, frame, (positions[first] + 1).tolist())


def _shape(document: dict) -> tuple[list[str], list[int]]:
    dims, sizes, dimension = document.get("id"), document.get("size"), document.get("dimension")
    if not isinstance(dims, list) or not all(isinstance(d, str) for d in dims) or len(set(dims)) != len(dims):
        raise _Invalid("bad_id")
    if not isinstance(sizes, list) or len(sizes) != len(dims):
        raise _Invalid("bad_size")
    if not all(isinstance(s, int) and not isinstance(s, bool) and s >= 1 for s in sizes):
        raise _Invalid("bad_size")
    if not isinstance(dimension, dict) or not all(isinstance(dimension.get(d), dict) for d in dims):
        raise _Invalid("bad_dimension")
    return dims, sizes


def _given_positions(values, status, cells: int, sizes: list[int], file: str) -> np.ndarray:
    """The cells the file gives: every cell for a list of values, the keys of the sparse form."""
    if isinstance(values, list):
        if len(values) != cells:
            sizes_text = " × ".join(map(str, sizes))
            raise ReadError(
                Issue(
                    file,
                    "jsonstat_value_count",
                    column="value",
                    params={"cells": Figure(cells), "sizes": sizes_text, "values": Figure(len(values))},
                )
            )
        _check_status(status, cells)
        return np.arange(cells, dtype=np.int64)
    if not isinstance(values, dict):
        raise _Invalid("bad_value")
    _check_status(status, cells)
    keys = set(_positions(values, cells, "value"))
    if isinstance(status, dict):
        keys |= set(_positions(status, cells, "status"))
    if not keys:
        raise _Invalid("no_cells")
    return np.array(sorted(keys), dtype=np.int64)


def _check_status(status, cells: int) -> None:
    if isinstance(status, list) and len(status) != cells:
        raise _Invalid("status_count", found=Figure(len(status)), cells=Figure(cells))
    if isinstance(status, dict):
        _positions(status, cells, "status")
    elif status is not None and not isinstance(status, list | str):
        raise _Invalid("bad_status")


def _positions(container: dict, cells: int, name: str) -> list[int]:
    out = []
    for key in container:
        if not (isinstance(key, str) and key.isdigit() and int(key) < cells):
            raise _Invalid("bad_key", part=name, found=shown(str(key)[:20]), last=cells - 1)
        out.append(int(key))
    return out


def _categories(dimension: dict, name: str, size: int) -> list[str]:
    category = dimension.get("category")
    if not isinstance(category, dict):
        raise _Invalid("bad_categories", dimension=name)
    index = category.get("index")
    if index is None:
        codes = list(category.get("label") or {})
    elif isinstance(index, list):
        codes = [str(code) for code in index]
    elif isinstance(index, dict) and _numbered(list(index.values())):
        codes = [code for code, _ in sorted(index.items(), key=lambda item: item[1])]
    else:
        raise _Invalid("bad_categories", dimension=name)
    if len(codes) != size:
        raise _Invalid("category_count", dimension=name, found=len(codes), size=size)
    return codes


def _numbered(numbers: list) -> bool:
    whole = all(isinstance(n, int) and not isinstance(n, bool) for n in numbers)
    return whole and sorted(numbers) == list(range(len(numbers)))


def _metric(document: dict, dims: list[str]) -> str | None:
    role = document.get("role") if isinstance(document.get("role"), dict) else {}
    declared = role.get("metric") if isinstance(role.get("metric"), list) else None
    metric = (declared or [d for d in dims if d == "ContentsCode"] or [None])[0]
    if metric is not None and metric not in dims:
        raise _Invalid("bad_metric", dimension=metric)
    return metric


def _cell(container, position: int, given: set[int] | None):
    """A cell's value or status, '' when the file gives none."""
    if given is not None and position not in given:
        return ""
    if isinstance(container, list):
        found = container[position]
    elif isinstance(container, dict):
        found = container.get(str(position))
    else:
        found = container  # one status for every cell, or no status at all
    return "" if found is None else found
