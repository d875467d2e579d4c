"""Write the indicator table of ``indicators/README.md`` from ``indicators/*.yaml``.

    python -m scripts.indicator_table          # rewrite the table in place
    python -m scripts.indicator_table --check  # exit 1 if the README's table is out of date

``tests/test_sources.py`` fails when the table and the files disagree, so the table never drifts.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from omrademonitor import PROJECT_ROOT
from omrademonitor.indicator_registry import Registry, SourceKind, load_registry

README = PROJECT_ROOT / "indicators" / "README.md"
START = "<!-- indicator-table:start (written by python -m scripts.indicator_table; do not edit by hand) -->"
END = "<!-- indicator-table:end -->"
COLUMNS = ("id", "Themes", "Kind", "Unit", "Direction", "Source kind", "SSB table", "Level", "Headline")


def table(registry: Registry) -> str:
    """The indicator table as Markdown, one row per indicator in id order, and its footnote."""
    lines = [f"| {' | '.join(COLUMNS)} |", f"| {' | '.join('---' for _ in COLUMNS)} |"]
    for ind in sorted(registry, key=lambda i: i.id):
        cells = (
            f"`{ind.id}`",
            ", ".join(ind.themes),
            ind.kind.value,
            ind.unit.value,
            ind.direction.value,
            ind.source.kind.value,
            ind.source.ssb_table or "" if ind.source.kind == SourceKind.SSB else "",
            ind.level,
            "yes" if ind.headline else "",
        )
        lines.append(f"| {' | '.join(cells)} |")
    lines.append("")
    lines.append(
        f"{len(registry)} indicators, in id order. The SSB table column is filled only for `source.kind: ssb`; "
        "which focus area shows an indicator is the programme's choice (`programmes/<id>/programme.yaml`)."
    )
    return "\n".join(lines)


def with_table(readme: str, registry: Registry) -> str:
    """``readme`` with the text between the markers replaced by the table."""
    if START not in readme or END not in readme:
        raise ValueError(f"{README}: the markers {START!r} and {END!r} are missing")
    head, rest = readme.split(START, 1)
    _, tail = rest.split(END, 1)
    return f"{head}{START}\n{table(registry)}\n{END}{tail}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check; exit 1 when out of date")
    args = parser.parse_args(argv)
    registry = load_registry(PROJECT_ROOT / "indicators")
    current = README.read_text(encoding="utf-8")
    wanted = with_table(current, registry)
    if args.check:
        if wanted != current:
            print(f"{README}: the indicator table is out of date; run python -m scripts.indicator_table")
            return 1
        return 0
    if wanted != current:
        Path(README).write_text(wanted, encoding="utf-8")
    print(f"{README}: {len(registry)} indicators")
    return 0


if __name__ == "__main__":
    sys.exit(main())
