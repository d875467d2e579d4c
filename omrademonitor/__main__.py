"""Command line: ``python -m omrademonitor init | load-boundaries FOLDER | status``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from omrademonitor.definitions import DefinitionError
from omrademonitor.geography import GeographyError, OfficialFiles
from omrademonitor.ingest import WriteError
from omrademonitor.setup_db import initialise, load_official_boundaries
from omrademonitor.store import Store, database_path


def main(argv: list[str] | None = None) -> int:
    """Run one command; returns the process exit code."""
    parser = argparse.ArgumentParser(prog="python -m omrademonitor", description=__doc__)
    parser.add_argument(
        "--db", type=Path, default=None, help="database file (default: $OMRADEMONITOR_DB or data/omrademonitor.duckdb)"
    )
    commands = parser.add_subparsers(dest="command", required=True)
    init = commands.add_parser(
        "init", help="create or migrate the database; add bundled areas, shapes and demo data if missing"
    )
    init.add_argument("--no-demo", action="store_true", help="do not generate demonstration observations")
    bounds = commands.add_parser("load-boundaries", help="replace the approximate shapes with official boundary files")
    bounds.add_argument("folder", type=Path, nargs="?", help="folder in the shared data layout (e.g. ../shared/data)")
    bounds.add_argument("--zones", type=Path, help="levekårssoner file (GeoJSON, GeoPackage, Shapefile)")
    bounds.add_argument("--districts", type=Path, help="bydeler file")
    bounds.add_argument("--municipality", type=Path, help="municipality outline file")
    commands.add_parser("status", help="print what the database holds")
    args = parser.parse_args(argv)
    db = args.db or database_path()
    try:
        if args.command == "init":
            added = initialise(db, with_demo=not args.no_demo)
            print(f"{db}: ready ({', '.join(f'{k} added: {v}' for k, v in added.items())})")
        elif args.command == "load-boundaries":
            if args.folder:
                files = OfficialFiles.in_folder(args.folder)
            elif args.zones:
                files = OfficialFiles(args.zones, args.districts, args.municipality)
            else:
                parser.error("give a folder or --zones FILE")
            count = load_official_boundaries(db, files)
            print(f"{db}: {count} official shapes stored")
        elif args.command == "status":
            store = Store(db)
            print(store.query("batches").to_string(index=False))
            store.close()
    except (DefinitionError, GeographyError, WriteError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
