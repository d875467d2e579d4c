"""Open data out: static files per indicator and a whole-dataset download, from the published layer only.

Laid out as Open SDG publishes its indicators, one folder per data version::

    <out>/<version>/data/<indicator_id>.csv     one row per area and period (numbers, never display text)
    <out>/<version>/data/<indicator_id>.json    the same rows as JSON records
    <out>/<version>/meta/<indicator_id>.json    the indicator's definition, unit, source and row counts
    <out>/<version>/codebook.json               indicators, areas, levels, columns, symbols, version, licence
    <out>/<version>/omrademonitor-data.zip      the whole dataset: all figures in one CSV and the codebook
    <out>/latest.json                           which version is the newest (written last)

``version`` is the store's data version (``figures.data_version``: it changes with every write), so a
new import, rollback or policy change gives a new folder and an unchanged store the same one.

Every figure comes from ``published_observations`` (``open_data_figures``): disclosure control has run,
and a hidden figure (``suppressed``, ``missing``) is written with empty numbers and its SSB symbol
(``:`` confidential, ``..`` not available), whatever numbers might reach this module.

The files' words (the codebook's notes on the licence, columns and symbols, and README.txt) are the
presentation package's, in Norwegian and English at once (``presentation.open_data_texts.WORDING``,
handed in by the caller as ``wording``): this module lays the files out and writes no word itself.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import shutil
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

import pandas as pd

from omrademonitor.downloads import HIDDEN, SSB_SYMBOLS
from omrademonitor.exports import neutralise_formulas
from omrademonitor.figures import published_policy
from omrademonitor.indicator_registry import Indicator, Registry
from omrademonitor.periods import code as period_code
from omrademonitor.vocabulary import is_missing

FIGURE_COLUMNS = [
    "indicator_id",
    "area_code",
    "area_name",
    "area_level",
    "period",
    "period_code",
    "value",
    "ci_lower",
    "ci_upper",
    "numerator",
    "denominator",
    "unit",
    "status",
    "symbol",
]
NUMBERS = ["value", "ci_lower", "ci_upper", "numerator", "denominator"]
DATASET_FILE = "omrademonitor-data.zip"


@dataclass(frozen=True)
class Wording:
    """The words the files carry, each in both languages (``presentation.open_data_texts.WORDING``).

    ``notes(licence)``: the codebook's ``licence_note``, ``columns`` (column → meaning) and ``symbols``
    (symbol → meaning), each text as ``{"nb": …, "en": …}``; ``readme(book)``: the zip's README.txt
    for a codebook."""

    notes: Callable[[str], dict]
    readme: Callable[[dict], str]


class ExportError(RuntimeError):
    """The static files could not be written; the message names the folder."""


def registry_of(store) -> Registry:
    """The indicator definitions stored with the data (those the published layer was made with)."""
    rows = store.table("indicators")["definition_json"]
    return Registry([Indicator.model_validate(json.loads(text)) for text in rows])


def figures(store, registry: Registry) -> pd.DataFrame:
    """Every published figure as numbers, one row per indicator, area and period (``FIGURE_COLUMNS``)."""
    frame = store.query("open_data_figures")
    frame = frame[frame["indicator_id"].isin(registry.ids())].reset_index(drop=True)
    status = frame["status"].fillna("missing").astype(str)
    hidden = status.isin(HIDDEN).to_numpy()
    decimals = frame["indicator_id"].map({ind.id: ind.decimals for ind in registry})
    out = pd.DataFrame(
        {
            "indicator_id": frame["indicator_id"].astype(str),
            "area_code": frame["area_code"].astype(str),
            "area_name": frame["area_name"].astype(str),
            "area_level": frame["level"].astype(str),
            "period": pd.array(frame["period"].to_numpy(), dtype="Int64"),
            "period_code": _codes(frame, registry),
        }
    )
    for column in NUMBERS:
        values = pd.to_numeric(frame[column], errors="coerce").astype(float).where(~hidden)
        if column in ("numerator", "denominator"):  # whole counts as integers (19648, not 19648.0)
            out[column] = pd.Series([int(v) if v.is_integer() else v for v in values], dtype=object)
        else:
            out[column] = [round(v, int(d)) if pd.notna(v) else v for v, d in zip(values, decimals, strict=True)]
            out[column] = out[column].astype(float)
    out["unit"] = frame["indicator_id"].map({ind.id: ind.unit.value for ind in registry})
    out["status"] = status
    out["symbol"] = status.map(lambda s: SSB_SYMBOLS.get(s, ".."))
    return out[FIGURE_COLUMNS]


def _codes(frame: pd.DataFrame, registry: Registry) -> list[str]:
    """SSB's code of each figure's period: the year as text for annual indicators (nearly all rows,
    done at once), ``periods.code`` for the others."""
    codes = frame["period"].astype("int64").astype(str).to_numpy(dtype=object)
    for ind in registry:
        if not ind.annual:
            rows = (frame["indicator_id"] == ind.id).to_numpy()
            codes[rows] = [period_code(int(p), ind.period_type, ind.period_span) for p in frame["period"][rows]]
    return list(codes)


def _csv(frame: pd.DataFrame) -> bytes:
    """UTF-8 CSV (no byte-order mark: these files are for scripts), formulas neutralised."""
    return neutralise_formulas(frame).to_csv(index=False, lineterminator="\n").encode("utf-8")


def _records(frame: pd.DataFrame) -> list[dict]:
    """Rows as JSON-ready records: missing numbers as null."""
    clean = frame.astype(object).where(frame.notna(), None)
    return [
        {k: (int(v) if k == "period" and v is not None else v) for k, v in row.items()}
        for row in clean.to_dict("records")
    ]


def _json(data) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=1, allow_nan=False) + "\n").encode("utf-8")


def _both(text) -> dict | None:
    return None if text is None else {"nb": text.nb, "en": text.en}


def indicator_meta(indicator: Indicator, rows: pd.DataFrame, version: str) -> dict:
    """What a script needs to read one indicator's file: definition, unit, source, rule and counts."""
    periods = sorted(int(p) for p in rows["period"].dropna().unique())
    return {
        "id": indicator.id,
        "name": {"nb": indicator.name.nb, "en": indicator.name.en},
        "definition": {"nb": indicator.definition.nb, "en": indicator.definition.en},
        "numerator": _both(indicator.numerator),
        "denominator": _both(indicator.denominator),
        "themes": list(indicator.themes),
        "kind": indicator.kind.value,
        "unit": indicator.unit.value,
        "decimals": indicator.decimals,
        "direction": indicator.direction.value,
        "level": indicator.level,
        "frequency": indicator.frequency.value,
        "period_type": indicator.period_type.value,
        "period_years": indicator.period_span,
        "source": {
            "kind": indicator.source.kind.value,
            "name": {"nb": indicator.source.name.nb, "en": indicator.source.name.en},
            "ssb_table": indicator.source.ssb_table,
            "url": indicator.source.url,
        },
        "disclosure": indicator.disclosure.model_dump(),
        "data_version": version,
        "periods": periods,
        "rows": len(rows),
        "rows_by_status": {str(k): int(v) for k, v in rows["status"].value_counts().sort_index().items()},
        "files": {"csv": f"data/{indicator.id}.csv", "json": f"data/{indicator.id}.json"},
    }


def codebook(
    store, registry: Registry, all_figures: pd.DataFrame, version: str, licence: str, wording: Wording
) -> dict:
    """The dataset's codebook: version, licence and sources, columns, symbols, indicators, areas, levels;
    the notes on the licence, columns and symbols in both languages, from ``wording``."""
    notes = wording.notes(licence)  # each text {"nb": …, "en": …}
    areas = store.query("areas")
    levels = store.query("area_levels")
    vintage = store.scalar("data_vintage")
    return {
        "data_version": version,
        "data_imported_at": None if is_missing(vintage) else pd.Timestamp(vintage).isoformat(),
        "licence": licence or None,
        "licence_note": notes["licence_note"],
        "disclosure_policy": asdict(published_policy(store)),
        "columns": notes["columns"],
        "symbols": notes["symbols"],
        "indicators": [
            {
                "id": ind.id,
                "name_nb": ind.name.nb,
                "name_en": ind.name.en,
                "unit": ind.unit.value,
                "decimals": ind.decimals,
                "level": ind.level,
                "source_nb": ind.source.name.nb,
                "source_en": ind.source.name.en,
                "ssb_table": ind.source.ssb_table,
                "source_url": ind.source.url,
                "rows": int((all_figures["indicator_id"] == ind.id).sum()),
            }
            for ind in registry
        ],
        "areas": [
            {
                "code": row.code,
                "name": row.name,
                "level": row.level,
                "parent_code": row.parent_code if isinstance(row.parent_code, str) else None,
            }
            for row in areas.itertuples()
        ],
        "levels": [
            {"level": row.level, "rank": int(row.rank), "name_nb": row.name_nb, "name_en": row.name_en}
            for row in levels.itertuples()
        ],
    }


def _codebook_tables(book: dict) -> dict[str, pd.DataFrame]:
    return {
        "indicators": pd.DataFrame(book["indicators"]),
        "areas": pd.DataFrame(book["areas"]),
        "symbols": _meanings("symbol", book["symbols"]),
        "columns": _meanings("column", book["columns"]),
    }


def _meanings(name: str, notes: dict) -> pd.DataFrame:
    """A codebook's notes (``name`` → {"nb": …, "en": …}) as a table: ``name``, ``meaning_nb``, ``meaning_en``."""
    rows = [{name: key, "meaning_nb": text["nb"], "meaning_en": text["en"]} for key, text in notes.items()]
    return pd.DataFrame(rows)


def dataset_zip(
    store, registry: Registry | None = None, version: str | None = None, licence: str = "", *, wording: Wording
) -> bytes:
    """The whole published dataset as one zip: ``figures.csv`` (every figure), the codebook as JSON and
    as CSV tables (indicators, areas, symbols, columns), and a short README in Norwegian and English
    (the words from ``wording``)."""
    registry = registry or registry_of(store)
    version = version or str(store.scalar("write_count"))
    everything = figures(store, registry)
    book = codebook(store, registry, everything, version, licence, wording)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("figures.csv", _csv(everything))
        archive.writestr("codebook.json", _json(book))
        for name, table in _codebook_tables(book).items():
            archive.writestr(f"codebook/{name}.csv", _csv(table))
        archive.writestr("README.txt", wording.readme(book))
    return buffer.getvalue()


def indicator_files(indicator: Indicator, rows: pd.DataFrame, version: str) -> dict[str, bytes]:
    """One indicator's three files (relative path → bytes)."""
    rows = rows.reset_index(drop=True)
    return {
        f"data/{indicator.id}.csv": _csv(rows),
        f"data/{indicator.id}.json": _json(_records(rows)),
        f"meta/{indicator.id}.json": _json(indicator_meta(indicator, rows, version)),
    }


def export_static(store, out: Path, licence: str = "", now: dt.datetime | None = None, *, wording: Wording) -> Path:
    """Write the static files of the store's current data version under ``out``; returns that folder.
    The codebook's and README's words come from ``wording`` (``presentation.open_data_texts.WORDING``).

    Written into a temporary folder beside it and renamed into place, so a web server never serves a
    half-written version; ``latest.json`` is replaced last. An existing folder of the same version is
    replaced (its figures are the same).
    """
    out = Path(out)
    registry = registry_of(store)
    version = str(store.scalar("write_count"))
    everything = figures(store, registry)
    try:
        out.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{version}-", dir=out))
    except OSError as exc:
        raise ExportError(f"{out}: cannot write there ({exc.strerror})") from exc
    try:
        index = []
        for indicator in registry:
            rows = everything[everything["indicator_id"] == indicator.id]
            for relative, content in indicator_files(indicator, rows, version).items():
                path = staging / relative
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(content)
            index.append({"id": indicator.id, "name": _both(indicator.name), "rows": len(rows)})
        book = codebook(store, registry, everything, version, licence, wording)
        book["generated_at"] = (now or dt.datetime.now(dt.UTC)).replace(microsecond=0).isoformat()
        (staging / "codebook.json").write_bytes(_json(book))
        (staging / "index.json").write_bytes(_json({"data_version": version, "indicators": index}))
        (staging / DATASET_FILE).write_bytes(dataset_zip(store, registry, version, licence, wording=wording))
        os.chmod(staging, 0o755)
        target = out / version
        if target.exists():
            shutil.rmtree(target)
        staging.rename(target)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise ExportError(f"{out}: writing the files failed ({exc})") from exc
    latest = out / ".latest.json.tmp"
    latest.write_bytes(_json({"data_version": version, "folder": version, "generated_at": book["generated_at"]}))
    latest.replace(out / "latest.json")
    return target
