"""The status report: made from the demo database, printed by Chromium, its pages rendered with
pdftoppm and read with pdftotext; frozen by its snapshot, so it is remade byte for byte even after
the data change."""

import datetime as dt
import io
import re
import shutil
import subprocess

import openpyxl
import pandas as pd
import pytest

from omrademonitor import figures, report, tracking
from omrademonitor.access import Principal, Role
from omrademonitor.database import Database
from omrademonitor.disclosure import DEFAULT_POLICY
from omrademonitor.pdf import pdf_text
from omrademonitor.presentation.formatting import format_date
from omrademonitor.presentation.report_document import make_report
from omrademonitor.snapshots import AsOfStore, Snapshot, capture, published_as_of
from omrademonitor.store import Store
from omrademonitor.writer import BatchInfo, Writer

EDITOR = Principal("eva", Role.EDITOR, "Eva Editor")
REFERENCE = dt.date.today()  # the demo database is built today: an earlier date would hold no data

pytestmark = pytest.mark.browser  # needs Chromium


@pytest.fixture(scope="module")
def made(demo_db, tmp_path_factory, programme, registry):
    """One Norwegian report made and stored through the app's database wrapper."""
    path = tmp_path_factory.mktemp("report") / "report.duckdb"
    shutil.copy(demo_db, path)
    database = Database(path)
    try:
        report_id, result = report.generate(
            database, programme, registry, DEFAULT_POLICY, REFERENCE, "nb", EDITOR, make_report
        )
    finally:
        database.close()
    return path, report_id, result


def rendered_pages(pdf: bytes, folder) -> list:
    source = folder / "report.pdf"
    source.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(source), str(folder / "page")], check=True)
    return sorted(folder.glob("page-*.png"))


def test_the_report_has_its_pages_and_key_text(made, tmp_path, programme):
    result = made[2]
    pages = rendered_pages(result.pdf, tmp_path)
    assert len(pages) == result.pages
    # title, summary, a page or more per focus area, an appendix
    assert 2 + len(programme.focus_areas) + 1 <= result.pages <= 20
    text = pdf_text(result.pdf)
    for expected in [
        "Områdesatsingene på Lademoen og Tempe-Sorgenfri",
        f"Statusrapport · Status per {format_date(REFERENCE, 'nb')}",
        "DEMONSTRASJONSDATA",
        "av Eva Editor",
        "Sammendrag",
        *(f"{fa.number}. {fa.name.nb}" for fa in programme.focus_areas),
        "Ny vri: to hjemmebesøk",  # a measure by its title (a table cell wraps the rest)
        "Effektanslag (forskjell-i-forskjeller)",
        "Vedlegg",
        "Skjerming av små tall",
        "Rapportgrunnlag",
        f"Side {result.pages}",
    ]:
        assert expected in " ".join(text.split()), expected
    assert text.count("\f") == result.pages
    flat = " ".join(text.split())
    assert not re.search(r"\b\d{4}-\d{2}-\d{2}\b", flat), "an ISO date in the Norwegian report"
    assert not re.search(r"\bm-[a-z]", flat), "an internal measure id in the report"


def test_the_summary_is_one_page_of_key_messages_before_the_figures(made, programme):
    pages = pdf_text(made[2].pdf).split("\f")
    summary = " ".join(pages[1].split())
    assert summary.startswith("Sammendrag")
    for focus in programme.focus_areas:
        assert f"{focus.number}. {focus.name.nb}" in summary
    assert "Forsinkede tiltak" in summary and "Bedre:" in summary
    assert " ".join(pages[2].split()).startswith("Status i tall")  # the counts follow on their own page


def test_every_page_has_content(made, tmp_path):
    from PIL import Image

    for page in rendered_pages(made[2].pdf, tmp_path):
        pixels = Image.open(page).convert("L")
        dark = sum(1 for value in pixels.get_flattened_data() if value < 200)
        assert dark > 500, f"{page.name} looks empty"


def test_the_stored_report_is_remade_byte_for_byte_after_the_data_change(made, registry):
    path, report_id, result = made
    with Writer(path) as writer:  # a revised figure and a new year arrive after the report was made
        revised = pd.DataFrame(
            [
                {"indicator_id": "crowded_housing", "area_code": "5001LKS09", "period": 2025, "value": 3.3},
                {"indicator_id": "crowded_housing", "area_code": "5001LKS09", "period": 2026, "value": 2.2},
            ]
        )
        writer.add_observations(revised, BatchInfo("test", "later-revision"), EDITOR)
    store = Store(path)
    try:
        stored = store.query("report", report_id=report_id).iloc[0]
        assert bytes(stored["pdf"]) == result.pdf and stored["pages"] == result.pages
        outcome, again = report.regenerate(store, report_id, EDITOR, make_report)
        assert outcome == "identical" and again.pdf == result.pdf
        snapshot = Snapshot.from_json(stored["inputs_json"])
        fresh = capture(
            store, *snapshot.definitions(), DEFAULT_POLICY, REFERENCE, dt.datetime.combine(REFERENCE, dt.time(12)), "x"
        )
        assert len(fresh.batches) == len(snapshot.batches) + 1  # a report made now would see the revision
    finally:
        store.close()


def test_a_snapshot_of_the_current_batches_reads_like_the_live_store(store, programme, registry):
    snapshot = capture(store, programme, registry, DEFAULT_POLICY, dt.date.today(), dt.datetime.now(), "x")
    frozen = AsOfStore(store, snapshot, published_as_of(store, snapshot))
    for indicator_id in ("persistent_low_income", "population", "residents_feel_safe"):
        live = figures.panel(store, registry[indicator_id]).reset_index(drop=True)
        pd.testing.assert_frame_equal(figures.panel(frozen, registry[indicator_id]).reset_index(drop=True), live)
    assert tracking.stored_measures(frozen, "trondheim") == tracking.stored_measures(store, "trondheim")
    assert len(figures.shapes(frozen, "levekarssone")) == 60
    assert Snapshot.from_json(snapshot.to_json()) == snapshot


def test_a_snapshot_before_the_data_existed_holds_nothing(store, programme, registry):
    snapshot = capture(store, programme, registry, DEFAULT_POLICY, dt.date(2020, 1, 1), dt.datetime.now(), "x")
    assert snapshot.batches == () and snapshot.max_measure_version == 0
    assert figures.panel(AsOfStore(store, snapshot, published_as_of(store, snapshot)), registry["population"]).empty


def test_the_excel_pack_holds_the_tables_behind_the_report(made):
    workbook = openpyxl.load_workbook(io.BytesIO(made[2].workbook))
    assert {"Sammendrag", "Tiltak", "Indikatorer", "Rapportgrunnlag"} <= set(workbook.sheetnames)
    assert workbook["Tiltak"].max_row == 12  # header and the eleven demo measures


def test_the_english_report(demo_db, programme, registry, tmp_path):
    store = Store(demo_db)
    try:
        snapshot = capture(
            store, programme, registry, DEFAULT_POLICY, REFERENCE, dt.datetime.combine(REFERENCE, dt.time(9)), "Ada"
        )
        result = make_report(store, snapshot, "en", published_as_of(store, snapshot))
    finally:
        store.close()
    text = " ".join(pdf_text(result.pdf).split())
    for expected in [
        f"Status report · Status as of {format_date(REFERENCE, 'en')}",
        "DEMONSTRATION DATA",
        "Appendix",
        "Page 1",
    ]:
        assert expected in text, expected
    assert len(rendered_pages(result.pdf, tmp_path)) == result.pages


def test_the_pdf_is_stamped_and_byte_stable_through_its_object_model():
    """Two prints of the same page give the same bytes; the dates are the stamp's, set in the document
    information (pikepdf), and the tagged structure's ids are renumbered consistently."""
    import pikepdf

    from omrademonitor.pdf import html_to_pdf

    html = (
        "<!doctype html><html lang='nb'><head><meta charset='utf-8'><title>Prøve</title></head><body>"
        "<table><thead><tr><th>Område</th><th>Verdi</th></tr></thead><tbody><tr><td>A</td><td>1</td></tr>"
        "</tbody></table></body></html>"
    )
    stamp = dt.datetime(2026, 12, 1, 9, 30)
    first, second = html_to_pdf(html, stamp), html_to_pdf(html, stamp)
    assert first == second
    with pikepdf.open(io.BytesIO(first)) as document:
        assert str(document.docinfo["/CreationDate"]) == "D:20261201093000+00'00'"
        assert str(document.docinfo["/ModDate"]) == "D:20261201093000+00'00'"
        keys = tree_keys(document.Root.StructTreeRoot.IDTree)
        assert keys == sorted(keys) and keys[:1] == ["node00000001"]
        assert keys == [f"node{n:08d}" for n in range(1, len(keys) + 1)]


def tree_keys(node) -> list[str]:
    """The keys of a PDF name tree, in order (its leaves hold /Names, its inner nodes /Kids)."""
    keys = [str(k) for k in node.Names[::2]] if "/Names" in node else []
    for kid in node.get("/Kids", []):
        keys += tree_keys(kid)
    return keys
