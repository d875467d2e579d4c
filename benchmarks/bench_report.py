"""Benchmark: making the status report on the demo database, per language.

Prints figures beside their floor in the same run; asserts nothing. Run with
`python -m benchmarks.bench_report [nb] [en]` (builds a demo database in a temporary folder; with
REPORT_OUT=<folder> the PDFs are written there to be looked at). For each language:
- the whole ``report_document.make_report`` (content, effect estimates, figures, Chromium's print, Excel pack), wall
  time and this process's CPU time, against the bare floor: Chromium started to print a one-page HTML
  (what any PDF made this way costs);
- its parts: the content without the effect estimates, the estimates, drawing the figures (kaleido),
  Chromium printing the report's own HTML.
The target is under 30 s per language on an otherwise idle two-core machine.
"""

from __future__ import annotations

import datetime as dt
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

from omrademonitor import report
from omrademonitor.disclosure import DEFAULT_POLICY
from omrademonitor.pdf import html_to_pdf, svg_renderer
from omrademonitor.presentation import report_document
from omrademonitor.settings import load_settings
from omrademonitor.setup_db import default_programme_id, initialise, load_definitions
from omrademonitor.snapshots import capture, published_as_of
from omrademonitor.store import Store


def line(label: str, wall: float, cpu: tuple[float, float] | None = None, floor: float | None = None) -> None:
    used = f"  (CPU here {cpu[0]:6.1f} s, in Chromium {cpu[1]:6.1f} s)" if cpu is not None else ""
    ratio = f"   {wall / floor:5.1f}× the floor ({floor:.1f} s)" if floor else ""
    print(f"{label:<44} {wall:7.1f} s{used}{ratio}", flush=True)


def _children_cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def timed(func):
    """Wall time, (CPU time of this process, of its ended child processes: Chromium), result. CPU time
    hardly depends on how busy the machine is; wall time does."""
    wall, cpu, children = time.perf_counter(), time.process_time(), _children_cpu()
    result = func()
    return time.perf_counter() - wall, (time.process_time() - cpu, _children_cpu() - children), result


def draw(content) -> dict[int, str]:
    with svg_renderer() as render:
        return report_document._draw_all(content, render)


ONE_PAGE = "<!doctype html><html lang='nb'><meta charset='utf-8'><title>Floor</title><p>Én side.</p></html>"


def main(languages: list[str], out: str | None = None) -> None:
    print(f"load average at start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    bare, bare_cpu, _ = min(
        (timed(lambda: html_to_pdf(ONE_PAGE, dt.datetime(2026, 12, 1))) for _ in range(2)), key=lambda r: r[0]
    )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "demo.duckdb"
        initialise(path)
        programmes, registry = load_definitions()[:2]
        programme = programmes[default_programme_id(programmes, load_settings().default_programme)]
        print(f"programme: {programme.id}")
        store = Store(path)
        try:
            snapshot = capture(
                store, programme, registry, DEFAULT_POLICY, dt.date.today(), dt.datetime(2026, 12, 1, 9), "bench"
            )
            observations = published_as_of(store, snapshot)
            for lang in languages:
                wall, cpu, made = timed(
                    lambda lang=lang: report_document.make_report(store, snapshot, lang, observations)
                )
                draft_wall, draft_cpu, (content, finish) = timed(
                    lambda lang=lang: report_document.draft_report(store, snapshot, lang, observations)
                )
                report._ESTIMATES.clear()  # estimated again, not taken from the make above
                effects_wall, effects_cpu, _ = timed(finish)
                figures_wall, figures_cpu, images = timed(lambda content=content: draw(content))
                html = report_document.report_html(
                    content, lambda figure, width, height, images=images: images[id(figure)]
                )
                printed, printed_cpu, _ = timed(lambda html=html: html_to_pdf(html, snapshot.generated_at))
                if out:
                    name = report_document.report_file_name(programme, snapshot.reference_date, lang, "pdf")
                    (Path(out) / name).write_bytes(made.pdf)
                line(f"make_report ({lang}, {made.pages} pages)", wall, cpu, bare)
                line("  content without the effect estimates", draft_wall, draft_cpu)
                line("  effect estimates", effects_wall, effects_cpu)
                line(f"  figures drawn ({len(images)}, kaleido)", figures_wall, figures_cpu)
                line("  Chromium prints the report's HTML", printed, printed_cpu)
                line("  floor: Chromium prints a one-page HTML", bare, bare_cpu)
        finally:
            store.close()
    print(f"load average at end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main(sys.argv[1:] or ["nb", "en"], os.environ.get("REPORT_OUT"))
