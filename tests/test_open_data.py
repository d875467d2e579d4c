"""Open data out (issue 19.4): static CSV/JSON per indicator per data version and a whole-dataset zip
with a codebook, written from the published layer only; no hidden figure's number ever leaves."""

from __future__ import annotations

import io
import json
import shutil
import zipfile

import duckdb
import pandas as pd
import pytest

from omrademonitor.__main__ import main
from omrademonitor.access import Principal, Role
from omrademonitor.database import Database
from omrademonitor.open_data import FIGURE_COLUMNS, dataset_zip, export_static, registry_of
from omrademonitor.presentation.open_data_texts import WORDING
from omrademonitor.store import read_only_connection
from omrademonitor.writer import BatchInfo, Writer
from tests import test_pages_roles as roles
from tests import test_public_downloads as public
from tests.test_pages_roles import log_in, new_app

accounts_db = pytest.fixture(scope="module")(roles.accounts_db.__wrapped__)
served = pytest.fixture()(public.served.__wrapped__)


@pytest.fixture()
def db(demo_db, tmp_path):
    path = tmp_path / "open.duckdb"
    shutil.copy(demo_db, path)
    return path


def published(path) -> pd.DataFrame:
    con = read_only_connection(path)
    try:
        return con.execute("SELECT * FROM published_observations").df()
    finally:
        con.close()


def read_csv(path_or_bytes) -> pd.DataFrame:
    source = io.BytesIO(path_or_bytes) if isinstance(path_or_bytes, bytes) else path_or_bytes
    return pd.read_csv(source, keep_default_na=False, na_values=[""], dtype={"symbol": str, "area_code": str})


def test_the_command_writes_one_csv_json_and_meta_file_per_indicator_matching_the_published_layer(db, tmp_path):
    out = tmp_path / "site"
    assert main(["--db", str(db), "export-static", str(out), "--licence", "NLOD 2.0"]) == 0
    latest = json.loads((out / "latest.json").read_text())
    folder = out / latest["folder"]
    store = Database(db)
    try:
        registry = registry_of(store)
        assert latest["data_version"] == str(store.scalar("write_count"))
    finally:
        store.close()
    layer = published(db)
    assert sorted(p.stem for p in (folder / "data").glob("*.csv")) == sorted(registry.ids())
    total = 0
    for indicator in registry:
        table = read_csv(folder / "data" / f"{indicator.id}.csv")
        records = json.loads((folder / "data" / f"{indicator.id}.json").read_text())
        meta = json.loads((folder / "meta" / f"{indicator.id}.json").read_text())
        assert list(table.columns) == FIGURE_COLUMNS
        assert len(records) == len(table) == meta["rows"]
        assert meta["unit"] == indicator.unit.value and meta["data_version"] == latest["data_version"]
        assert (table["unit"] == indicator.unit.value).all()
        expected = layer[layer["indicator_id"] == indicator.id]
        assert len(table) == len(expected), indicator.id
        merged = table.merge(expected, on=["area_code", "period"], suffixes=("", "_layer"), validate="1:1")
        shown = ~merged["status"].isin(["suppressed", "missing"])
        assert (merged["status"] == merged["status_layer"]).all()
        assert (
            merged.loc[shown, "value"]
            .sub(merged.loc[shown, "value_layer"].round(indicator.decimals))
            .abs()
            .max(skipna=True)
            == pytest.approx(0, abs=1e-9)
            or not shown.any()
        )
        hidden = merged[~shown]
        assert hidden[["value", "ci_lower", "ci_upper", "numerator", "denominator"]].isna().all().all()
        assert set(hidden["symbol"]) <= {":", ".."}
        assert set(merged.loc[merged["status"] == "provisional", "symbol"]) <= {"*"}
        for record, row in zip(records, table.itertuples(), strict=True):
            assert record["area_code"] == row.area_code and record["period"] == row.period
            assert (record["value"] is None) == pd.isna(row.value)
        total += len(table)
    assert total == len(layer)
    assert (layer["status"] == "suppressed").sum() > 500  # the demo data has hidden figures to leak


def test_a_hidden_small_count_is_written_empty_and_a_new_data_version_gets_its_own_folder(db, tmp_path):
    out = tmp_path / "site"
    store = Database(db)
    try:
        first = export_static(store, out, wording=WORDING)
    finally:
        store.close()
    frame = pd.DataFrame(
        [
            {
                "indicator_id": "persistent_low_income",
                "area_code": "5001LKS09",
                "period": 2020,
                "value": 3 / 400 * 100,
                "numerator": 3,
                "denominator": 400,
            }
        ]
    )
    with Writer(db) as writer:
        writer.add_observations(frame, BatchInfo(source="t", content_hash="small"), Principal("eva", Role.EDITOR))
    store = Database(db)
    try:
        second = export_static(store, out, wording=WORDING)
    finally:
        store.close()
    assert second != first and first.exists()
    assert json.loads((out / "latest.json").read_text())["folder"] == second.name
    table = read_csv(second / "data" / "persistent_low_income.csv")
    row = table[(table["area_code"] == "5001LKS09") & (table["period"] == 2020)].iloc[0]
    assert row["status"] == "suppressed" and row["symbol"] == ":"
    assert pd.isna(row["value"]) and pd.isna(row["numerator"]) and pd.isna(row["denominator"])
    text = (second / "data" / "persistent_low_income.json").read_text()
    record = next(r for r in json.loads(text) if r["area_code"] == "5001LKS09" and r["period"] == 2020)
    assert record["value"] is None and record["numerator"] is None and record["symbol"] == ":"
    before = read_csv(first / "data" / "persistent_low_income.csv")
    old = before[(before["area_code"] == "5001LKS09") & (before["period"] == 2020)].iloc[0]
    assert old["status"] != "suppressed"  # the import changed it: the test saw the figure go from shown to hidden


def test_the_export_needs_no_raw_observations(db, tmp_path):
    con = duckdb.connect(str(db))
    con.execute("DROP VIEW current_observations")
    con.execute("DROP INDEX IF EXISTS observations_current")
    con.execute("ALTER TABLE observations RENAME TO raw_figures_removed_for_this_test")
    con.execute("CHECKPOINT")
    con.close()
    store = Database(db)
    try:
        folder = export_static(store, tmp_path / "site", wording=WORDING)
    finally:
        store.close()
    assert len(read_csv(folder / "data" / "persistent_low_income.csv")) > 100


def test_the_dataset_zip_holds_every_published_figure_and_a_codebook(db):
    store = Database(db)
    try:
        registry = registry_of(store)
        data = dataset_zip(store, licence="CC BY 4.0", wording=WORDING)
        version = str(store.scalar("write_count"))
        areas = store.query("areas")
    finally:
        store.close()
    archive = zipfile.ZipFile(io.BytesIO(data))
    names = set(archive.namelist())
    wanted = {"figures.csv", "codebook.json", "codebook/indicators.csv", "codebook/areas.csv", "codebook/symbols.csv"}
    assert wanted <= names
    figures = read_csv(archive.read("figures.csv"))
    layer = published(db)
    assert len(figures) == len(layer)
    hidden = figures["status"].isin(["suppressed", "missing"])
    assert figures.loc[hidden, ["value", "numerator", "denominator"]].isna().all().all()
    assert figures.loc[figures["status"] == "suppressed", "symbol"].eq(":").all()
    assert not figures.astype(str).isin(["–"]).any().any()
    book = json.loads(archive.read("codebook.json"))
    assert book["data_version"] == version and book["licence"] == "CC BY 4.0"
    assert [i["id"] for i in book["indicators"]] == registry.ids()
    assert all(i["source_nb"] for i in book["indicators"])
    assert {a["code"] for a in book["areas"]} == set(areas["code"])
    assert set(book["symbols"]) == {":", "..", "*", ""}
    symbols = read_csv(archive.read("codebook/symbols.csv"))
    assert set(symbols["symbol"].fillna("")) == {":", "..", "*", ""}


def test_no_licence_set_says_so(db):
    store = Database(db)
    try:
        archive = zipfile.ZipFile(io.BytesIO(dataset_zip(store, wording=WORDING)))
    finally:
        store.close()
    book = json.loads(archive.read("codebook.json"))
    assert book["licence"] is None
    assert "has not stated a licence" in book["licence_note"]["en"]
    assert "har ikke oppgitt noen lisens" in book["licence_note"]["nb"]
    readme = archive.read("README.txt").decode("utf-8")
    assert "Licence: not stated - This deployment has not stated a licence" in readme
    assert "Lisens: ikke oppgitt - Denne installasjonen har ikke oppgitt noen lisens" in readme


def test_an_unwritable_folder_is_a_clear_error(db, tmp_path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert main(["--db", str(db), "export-static", str(blocker / "site")]) == 2
    assert "cannot write there" in capsys.readouterr().err


def test_a_researcher_downloads_the_indicator_files_and_the_dataset_from_the_explorer(accounts_db, monkeypatch, served):
    app = log_in(new_app(accounts_db, monkeypatch, lang="en"), "rolf")
    app.switch_page("pages/explorer.py").run()
    assert not app.exception, app.exception
    buttons = {b.label: b.proto.url for b in app.get("download_button")}
    wanted = {
        "The indicator, all areas (CSV)",
        "The indicator, all areas (JSON)",
        "The whole dataset with codebook (zip)",
    }
    assert wanted <= set(buttons), buttons
    table = read_csv(served[buttons["The indicator, all areas (CSV)"]])
    assert list(table.columns) == FIGURE_COLUMNS and table["indicator_id"].nunique() == 1
    assert table.loc[table["status"] == "suppressed", "value"].isna().all()
    archive = zipfile.ZipFile(io.BytesIO(served[buttons["The whole dataset with codebook (zip)"]]))
    assert len(read_csv(archive.read("figures.csv"))) == len(published(accounts_db))

    anonymous = new_app(accounts_db, monkeypatch, lang="en")
    anonymous.switch_page("pages/explorer.py").run()
    labels = {b.label for b in anonymous.get("download_button")}
    assert not labels & wanted  # the full downloads need the download permission, as the counts do


def test_the_codebook_and_readme_speak_norwegian_and_english_and_the_figures_no_language(db, tmp_path):
    """The export is made for no one reader: every text the codebook and README.txt hold comes from the
    catalogues, in both languages (issue 17); the files of figures are the same whatever the language."""
    store = Database(db)
    try:
        archive = zipfile.ZipFile(io.BytesIO(dataset_zip(store, licence="NLOD 2.0", wording=WORDING)))
        folder = export_static(store, tmp_path / "site", licence="NLOD 2.0", wording=WORDING)
        version = str(store.scalar("write_count"))
    finally:
        store.close()
    book = json.loads(archive.read("codebook.json"))
    assert json.loads((folder / "codebook.json").read_text())["columns"] == book["columns"]
    assert list(book["columns"]) == FIGURE_COLUMNS
    for texts in [*book["columns"].values(), *book["symbols"].values(), book["licence_note"]]:
        assert set(texts) == {"nb", "en"} and all(texts.values()) and texts["nb"] != texts["en"], texts
    assert book["columns"]["area_code"] == {
        "nb": "områdets kode (se areas i kodeboken)",
        "en": "the area's code (see areas in the codebook)",
    }
    units = "percent, per_1000, count, nok, years, score, square_metres"
    assert book["columns"]["unit"] == {
        "nb": f"enheten, en av kodene {units}",
        "en": f"the unit, one of the codes {units}",
    }
    assert book["symbols"][":"]["nb"].startswith("vises ikke av personvernhensyn")
    assert book["licence_note"]["en"] == "Licence as set by this deployment (data_licence)."
    for name, key in (("columns", "column"), ("symbols", "symbol")):
        table = pd.read_csv(io.BytesIO(archive.read(f"codebook/{name}.csv")), keep_default_na=False, dtype=str)
        assert list(table.columns) == [key, "meaning_nb", "meaning_en"]
        assert dict(zip(table[key], table["meaning_nb"], strict=True)) == {k: v["nb"] for k, v in book[name].items()}
        assert dict(zip(table[key], table["meaning_en"], strict=True)) == {k: v["en"] for k, v in book[name].items()}
    readme = archive.read("README.txt").decode("utf-8")
    norwegian, english = readme.split("\n\nOmrådemonitor: published figures\n")
    assert norwegian.startswith(f"Områdemonitor: publiserte tall\nDataversjon: {version} (data importert til og med 20")
    assert "Lisens: NLOD 2.0 - Lisensen er satt av denne installasjonen" in norwegian
    assert "Skjermede tall har tomme tallfelt og status 'suppressed' (symbol ':')" in norwegian
    assert english.startswith(f"Data version: {version} (imported up to 20")
    assert "Licence: NLOD 2.0 - Licence as set by this deployment (data_licence)." in english
    assert "Hidden figures have empty numbers and status 'suppressed' (symbol ':')" in english
    figures = read_csv(archive.read("figures.csv"))
    assert list(figures.columns) == FIGURE_COLUMNS  # the figures themselves carry codes, no words
    assert set(figures["status"]) <= {"final", "provisional", "suppressed", "missing"}
