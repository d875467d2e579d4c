"""Static figures and PDF pages through the system's Chromium: plotly figures to SVG with kaleido
(the same figure functions as the app), and HTML to an A4 PDF with Chromium's print engine.

Chromium writes the time of printing and its DOM node ids into the PDF; ``html_to_pdf`` replaces
the time with the given timestamp and renumbers the ids in order (same lengths, so the cross-reference
table stays valid), which makes the bytes depend only on the HTML and the Chromium version.
"""

from __future__ import annotations

import base64
import datetime as dt
import re
import shutil
import subprocess
import tempfile
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import kaleido

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
PDF_DATE = re.compile(rb"/(CreationDate|ModDate) \(D:\d{14}[^)]*\)")
NODE_ID = re.compile(rb"\(node(\d{8})\)")


class PdfError(RuntimeError):
    """The PDF could not be made (no Chromium, or it failed)."""


def chromium() -> str:
    """The Chromium executable (Debian's ``chromium``)."""
    path = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if path is None:
        raise PdfError("Chromium is not installed (Debian: apt-get install chromium)")
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
            raise PdfError(f"Chromium made no PDF (exit {result.returncode}): {result.stderr.decode()[-400:]}")
        data = target.read_bytes()
    fixed = f"D:{stamp:%Y%m%d%H%M%S}+00'00'".encode()
    return stable_node_ids(PDF_DATE.sub(lambda m: b"/" + m.group(1) + b" (" + fixed + b")", data))


def stable_node_ids(pdf: bytes) -> bytes:
    """Renumber the tagged PDF's structure ids (``(node00000043)``, from the browser's DOM node ids,
    which differ from run to run) in order of first appearance; the length stays the same."""
    numbers: dict[bytes, int] = {}

    def renumber(match: re.Match) -> bytes:
        number = numbers.setdefault(match.group(1), len(numbers) + 1)
        return b"(node%08d)" % number

    return NODE_ID.sub(renumber, pdf)


def page_count(pdf: bytes) -> int:
    """Pages in a PDF made by Chromium (counted from its page objects)."""
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf))


def pdf_text(pdf: bytes) -> str:
    """The text of a PDF, page by page (poppler's ``pdftotext -layout``)."""
    tool = shutil.which("pdftotext")
    if tool is None:
        raise PdfError("pdftotext is not installed (Debian: apt-get install poppler-utils)")
    result = subprocess.run([tool, "-layout", "-", "-"], input=pdf, capture_output=True, check=True)
    return result.stdout.decode("utf-8")
