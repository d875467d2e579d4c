"""Static figures and PDF pages through the system's Chromium: plotly figures to SVG with kaleido
(the same figure functions as the app), and HTML to an A4 PDF with Chromium's print engine.

Chromium writes the time of printing and its DOM node ids (as the tagged PDF's structure ids) into
the PDF. ``html_to_pdf`` opens the printed file with pikepdf (qpdf) and sets, through the PDF's object
model, the document dates to the given timestamp and the structure ids to their rank (``node00000001``
…, in the order of the original ids, so the ID tree stays sorted), then writes it with a content-derived
file id: the bytes depend only on the HTML and the Chromium and qpdf versions.
"""

from __future__ import annotations

import base64
import datetime as dt
import io
import re
import shutil
import subprocess
import tempfile
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import kaleido
import pikepdf

from omrademonitor.errors import Refusal, Refused

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-pdf-header-footer",
]
NODE_ID = re.compile(r"node\d{8}")


class PdfError(Refused, RuntimeError):
    """The PDF could not be made (no Chromium, or it failed)."""


def chromium() -> str:
    """The Chromium executable (Debian's ``chromium``)."""
    path = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if path is None:
        raise PdfError(Refusal.NO_CHROMIUM)
    return path


@contextmanager
def svg_renderer() -> Iterator[Callable]:
    """A function figure, width, height → data URI of the figure as SVG, with one browser for all."""
    kaleido.start_sync_server(silence_warnings=True)
    try:

        def render(figure, width: int, height: int) -> str:
            for i, trace in enumerate(figure.data):
                trace.uid = f"trace{i}"  # plotly.js would draw a random one into the SVG
            with warnings.catch_warnings():
                warnings.filterwarnings("ignore", message="The kopts argument is ignored")
                svg = stable_ids(figure.to_image(format="svg", width=width, height=height))
            return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")

        yield render
    finally:
        kaleido.stop_sync_server(silence_warnings=True)


def stable_ids(svg: bytes) -> bytes:
    """Replace plotly.js's random per-figure id (``defs-4bd22a``, ``clip4bd22axyplot``) with a fixed one,
    so the same figure always gives the same bytes."""
    found = re.search(rb'id="defs-([0-9a-z]+)"', svg)
    return svg if found is None else svg.replace(found.group(1), b"figure")


def html_to_pdf(html: str, stamp: dt.datetime, timeout: float = 120) -> bytes:
    """Print ``html`` to PDF (page size from its CSS) and stamp it with ``stamp`` as its dates."""
    with tempfile.TemporaryDirectory() as folder:
        source, target = Path(folder) / "report.html", Path(folder) / "report.pdf"
        source.write_text(html, encoding="utf-8")
        result = subprocess.run(
            [chromium(), *CHROMIUM_FLAGS, f"--print-to-pdf={target}", source.as_uri()],
            capture_output=True,
            timeout=timeout,
            check=False,
        )
        if not target.exists():
            raise PdfError(Refusal.NO_PDF_MADE, exit_code=result.returncode, detail=result.stderr.decode()[-400:])
        data = target.read_bytes()
    return stable_pdf(data, stamp)


def stable_pdf(pdf: bytes, stamp: dt.datetime) -> bytes:
    """The PDF with ``stamp`` as its creation and modification date and its structure ids renumbered
    (``stable_structure_ids``), rewritten by qpdf with a file id derived from the content."""
    with pikepdf.open(io.BytesIO(pdf)) as document:
        date = pikepdf.String(f"D:{stamp:%Y%m%d%H%M%S}+00'00'")
        document.docinfo[pikepdf.Name.CreationDate] = date
        document.docinfo[pikepdf.Name.ModDate] = date
        stable_structure_ids(document)
        out = io.BytesIO()
        document.save(out, deterministic_id=True, compress_streams=False, recompress_flate=False)
    return out.getvalue()


def stable_structure_ids(document: pikepdf.Pdf) -> None:
    """Give the tagged PDF's structure ids (``node00000043``, from the browser's DOM node ids, which
    differ from run to run) their rank among all such ids: the ``/ID`` of each element, the keys of the
    ID tree and the ``/Headers`` of table cells all change together, and their order is kept."""
    found: set[str] = set()
    _walk_strings(document, lambda text: found.add(text) if NODE_ID.fullmatch(text) else None)
    rank = {old: f"node{number:08d}" for number, old in enumerate(sorted(found), start=1)}
    _walk_strings(document, None, rank)


def _walk_strings(document: pikepdf.Pdf, visit, replace: dict[str, str] | None = None) -> None:
    """Call ``visit`` on every string in every object, or, with ``replace``, swap strings found in it."""
    seen: set[tuple[int, int]] = set()

    def walk(item) -> None:
        if isinstance(item, pikepdf.Dictionary | pikepdf.Stream):
            if item.is_indirect:
                if item.objgen in seen:
                    return
                seen.add(item.objgen)
            for key in list(item.keys()):
                value = item[key]
                if isinstance(value, pikepdf.String):
                    _swap(item, key, value, visit, replace)
                else:
                    walk(value)
        elif isinstance(item, pikepdf.Array):
            if item.is_indirect:
                if item.objgen in seen:
                    return
                seen.add(item.objgen)
            for index, value in enumerate(item):
                if isinstance(value, pikepdf.String):
                    _swap(item, index, value, visit, replace)
                else:
                    walk(value)

    for item in document.objects:
        walk(item)


def _swap(container, key, value: pikepdf.String, visit, replace) -> None:
    text = str(value)
    if replace is None:
        visit(text)
    elif text in replace:
        container[key] = pikepdf.String(replace[text])


def page_count(pdf: bytes) -> int:
    """Pages in a PDF."""
    with pikepdf.open(io.BytesIO(pdf)) as document:
        return len(document.pages)


def pdf_text(pdf: bytes) -> str:
    """The text of a PDF, page by page (poppler's ``pdftotext -layout``)."""
    tool = shutil.which("pdftotext")
    if tool is None:
        raise PdfError(Refusal.NO_PDFTOTEXT)
    result = subprocess.run([tool, "-layout", "-", "-"], input=pdf, capture_output=True, check=True)
    return result.stdout.decode("utf-8")
