"""Command line for operators of Områdemonitor.

  python -m omrademonitor init                      create or migrate the database
  python -m omrademonitor load-boundaries FOLDER    official boundaries in place of approximate shapes
  python -m omrademonitor load-national FOLDER      counties, municipalities and their population (SSB 07459)
  python -m omrademonitor create-admin USERNAME     the first admin (asks for a password)
  python -m omrademonitor add-user USERNAME --role researcher [--oidc]
  python -m omrademonitor import FILE [--indicator ID] [--area COL] ...   observations or boundaries
  python -m omrademonitor import-measures FILE      the register of measures (Excel or CSV)
  python -m omrademonitor report --date D --out F.pdf   the status report (and F.xlsx), stored with its inputs
  python -m omrademonitor rollback BATCH            undo an import batch
  python -m omrademonitor status | audit            what the database holds; the audit trail
  python -m omrademonitor backup DEST | restore FILE   copy the database out, or put a copy back
  python -m omrademonitor export-static DIR         open data: CSV/JSON per indicator and a dataset zip

Commands act as the operator (``cli:<os user>``, with admin rights): whoever can run them can
read and write the database file anyway; the audit trail names them so (``create-admin`` too).
Commands may run while the app runs: a write waits its turn (``--wait`` seconds, default 15) and,
if the database stays busy, stops with a one-line message and exit code 75 having changed nothing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import os
import pwd
import sys
from dataclasses import replace
from functools import partial
from pathlib import Path

from omrademonitor import backup, figures, national, report, tracking
from omrademonitor.access import AccessDenied, Principal, Role
from omrademonitor.accounts import create_first_admin, hash_password
from omrademonitor.database import Database
from omrademonitor.definitions import DefinitionError
from omrademonitor.errors import DatabaseBusy, Refusal
from omrademonitor.geography import GeographyError, OfficialFiles
from omrademonitor.importing import ImportRefused, ImportSpec, NothingChanged, commit, prepare
from omrademonitor.importing.boundaries import commit_boundaries, is_boundary_file, prepare_boundaries
from omrademonitor.importing.issues import grouped
from omrademonitor.importing.measures import MeasuresRefused, read_measures
from omrademonitor.importing.readers import ReadError, read_table
from omrademonitor.importing.spec import FIELDS, guess_spec, parse_exclusions, parse_filters
from omrademonitor.locking import DEFAULT_WAIT_S, set_wait
from omrademonitor.measures import MeasureContext
from omrademonitor.open_data import ExportError, export_static
from omrademonitor.pdf import PdfError
from omrademonitor.plurals import fill
from omrademonitor.presentation import open_data_texts
from omrademonitor.presentation.import_messages import (
    footnotes_note,
    issue_message,
    nothing_changed_text,
    skipped_areas_note,
    stored_reason,
)
from omrademonitor.presentation.report_document import make_report
from omrademonitor.programme import DEMO_PROFILES_FILE
from omrademonitor.settings import SettingsError, load_settings
from omrademonitor.setup_db import (
    default_programme_id,
    indicators_without_demo,
    initialise,
    load_definitions,
    load_official_boundaries,
    programmes_dir,
    programmes_waiting,
)
from omrademonitor.store import StoreError, database_path
from omrademonitor.vocabulary import MUNICIPAL_LEVELS
from omrademonitor.writer import WriteError, Writer

LEVEL_CODES = [level.value for level in MUNICIPAL_LEVELS]

BUSY_EXIT = 75  # EX_TEMPFAIL: the database was busy; nothing changed, try again
REFUSED = "error: {file} refused, nothing written ({n:# problem|# problems})"


def chosen_programme(programmes: dict, wanted: str | None) -> str:
    """The programme a command works on: ``--programme``, else the deployment's default, else the first."""
    if wanted is not None and wanted not in programmes:
        raise SystemExit(f"no programme '{wanted}' (known: {', '.join(programmes)})")
    return wanted or default_programme_id(programmes, load_settings().default_programme)


def os_user() -> str:
    """The operating-system account running this command, for the audit trail.

    Taken from the process's user id, not from ``$USER``/``$LOGNAME`` (which anyone can set); when
    run through sudo, the account that called sudo is named too (``omrademonitor (sudo: kari)``).
    """
    uid = os.getuid()
    try:
        name = pwd.getpwuid(uid).pw_name
    except KeyError:  # a user id without a passwd entry (some containers)
        name = f"uid {uid}"
    caller = os.environ.get("SUDO_USER")
    return f"{name} (sudo: {caller})" if caller and caller != name else name


def operator() -> Principal:
    """The person at the command line: ``cli:<os user>``, with admin rights."""
    return Principal(f"cli:{os_user()}", Role.ADMIN, via="system")


def read_password(from_stdin: bool) -> str:
    """A new password from standard input (one line) or typed twice at a prompt."""
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass("Password: ")
    if first != getpass.getpass("Repeat password: "):
        raise WriteError(Refusal.PASSWORDS_DIFFER)
    return first


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every command."""
    parser = argparse.ArgumentParser(
        prog="python -m omrademonitor", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--db", type=Path, default=None, help="database file (default: $OMRADEMONITOR_DB or data/omrademonitor.duckdb)"
    )
    parser.add_argument(
        "--wait",
        type=float,
        default=DEFAULT_WAIT_S,
        metavar="SECONDS",
        help=f"how long to wait for another process's write to finish (default {DEFAULT_WAIT_S:g})",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    init = commands.add_parser("init", help="create or migrate the database; add bundled data if missing")
    init.add_argument("--no-demo", action="store_true", help="do not generate demonstration observations")
    init.add_argument(
        "--programme", help="take in only this programme folder's files (default: every programme in programmes/)"
    )
    bounds = commands.add_parser("load-boundaries", help="replace the approximate shapes with official boundary files")
    bounds.add_argument("folder", type=Path, nargs="?", help="folder in the shared data layout (e.g. ../shared/data)")
    bounds.add_argument("--zones", type=Path, help="levekårssoner file (GeoJSON, GeoPackage, Shapefile)")
    bounds.add_argument("--districts", type=Path, help="bydeler file")
    bounds.add_argument("--municipality", type=Path, help="municipality outline file")
    national = commands.add_parser(
        "load-national", help="load Norway's counties and municipalities with real population (SSB table 07459)"
    )
    national.add_argument("folder", type=Path, help="the shared data folder (norway-kommuner-2024/, ssb-raw-exports/)")
    admin = commands.add_parser("create-admin", help="create the first admin account (refused if one exists)")
    admin.add_argument("username")
    admin.add_argument("--name", default="", help="display name")
    admin.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    user = commands.add_parser("add-user", help="add a user with a role")
    user.add_argument("username", help="--oidc users: the provider's identity_claim value (e-mail; pid for ID-porten)")
    user.add_argument("--role", required=True, choices=[r.value for r in Role])
    user.add_argument("--name", default="", help="display name")
    user.add_argument("--oidc", action="store_true", help="logs in through the identity provider (no password)")
    user.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    imp = commands.add_parser("import", help="import observations (CSV, Excel, JSON-stat) or boundaries")
    imp.add_argument("file", type=Path)
    imp.add_argument("--indicator", help="indicator id for every row (when the file has no indicator column)")
    for field_name in FIELDS:
        imp.add_argument(
            f"--{field_name.replace('_', '-')}-column",
            dest=f"col_{field_name}",
            metavar="COLUMN",
            help=f"the file's column holding {field_name.replace('_', ' ')}",
        )
    imp.add_argument("--sheet", help="Excel sheet (default: the first)")
    imp.add_argument("--header-row", type=int, help="row number of the header (default: found)")
    imp.add_argument(
        "--filter",
        action="append",
        default=[],
        metavar="COLUMN=VALUE",
        help="keep only matching rows; COLUMN!=VALUE leaves matching rows out",
    )
    imp.add_argument("--sum-rows", action="store_true", help="add up rows sharing indicator, area and period")
    imp.add_argument(
        "--skip-unknown-areas",
        action="store_true",
        help="leave out areas the monitor does not know (rows, or a boundary file's features); counted",
    )
    imp.add_argument("--source", default="", help="where the figures come from, e.g. 'SSB tabell 10826'")
    imp.add_argument(
        "--area-level",
        choices=LEVEL_CODES,
        help="the level of areas given by name (Midtbyen is both a bydel and a levekårssone)",
    )
    imp.add_argument(
        "--level",
        choices=LEVEL_CODES,
        help="boundary files: the level of the areas",
    )
    imp.add_argument("--code-column", help="boundary files: the column with area codes or names")
    imp.add_argument(
        "--accept-valid-rows",
        action="store_true",
        help="import the valid rows and record the rejected ones (default: refuse the whole file)",
    )
    imp.add_argument("--dry-run", action="store_true", help="check and report, write nothing")
    measures = commands.add_parser(
        "import-measures", help="import the register of measures from Excel or CSV (refused whole if a row is bad)"
    )
    measures.add_argument("file", type=Path)
    measures.add_argument("--sheet", help="the Excel sheet (default: the first)")
    measures.add_argument("--programme", help="programme id (default: the deployment's default, else the first)")
    rep = commands.add_parser("report", help="make the status report (PDF and Excel) and store it with its inputs")
    rep.add_argument("--date", type=dt.date.fromisoformat, default=dt.date.today(), help="reference date (YYYY-MM-DD)")
    rep.add_argument("--lang", choices=["nb", "en"], default="nb")
    rep.add_argument("--out", type=Path, required=True, help="where to write the PDF (the Excel pack goes beside it)")
    rep.add_argument("--programme", help="programme id (default: the deployment's default, else the first)")
    back = commands.add_parser("rollback", help="undo an import batch (see `status` for ids)")
    back.add_argument("batch", type=int)
    commands.add_parser("status", help="list the import batches behind the data")
    save = commands.add_parser("backup", help="copy the database, taken between writes (a file or a folder)")
    save.add_argument("destination", type=Path)
    put_back = commands.add_parser("restore", help="put a backup in place of the database (the old file is kept)")
    put_back.add_argument("source", type=Path)
    commands.add_parser("audit", help="print the audit trail, newest first")
    static = commands.add_parser(
        "export-static", help="write the published figures as CSV/JSON per indicator, in DIR/<data version>/"
    )
    static.add_argument("directory", type=Path)
    static.add_argument("--licence", help="the data's licence for the codebook (default: the data_licence setting)")
    return parser


def spec_from(args) -> ImportSpec:
    """The column mapping given on the command line, on top of the guess from the file's header."""
    filters = "\n".join(args.filter)
    chosen = {f: getattr(args, f"col_{f}") for f in FIELDS if getattr(args, f"col_{f}")}
    return ImportSpec(
        indicator_id=args.indicator,
        columns=chosen,
        sheet=args.sheet,
        header_row=args.header_row,
        filters=parse_filters(filters),
        exclude=parse_exclusions(filters),
        sum_rows=args.sum_rows,
        skip_unknown_areas=args.skip_unknown_areas,
        area_level=args.area_level,
        source=args.source,
    )


def run_import(db: Path, args) -> int:
    """Check a file, print the validation report, and commit it unless refused or a dry run."""
    initialise(db, actor=operator())
    data = args.file.read_bytes()
    store = Database(db)
    try:
        if is_boundary_file(args.file.name, data):
            if not args.level:
                raise WriteError(Refusal.BOUNDARY_LEVEL_REQUIRED, levels=list(LEVEL_CODES))
            prepared = prepare_boundaries(
                data,
                args.file.name,
                args.level,
                store.query("areas"),
                figures.shapes(store, "levekarssone"),
                args.code_column,
                skip_unknown_areas=args.skip_unknown_areas,
            )
            commit_step = commit_boundaries
        else:
            _, registry = load_definitions()
            spec = spec_from(args)
            guessed = (
                guess_spec(read_table(data, args.file.name, spec.sheet, spec.header_row).frame)
                if not spec.columns
                else spec
            )
            spec = replace(spec, columns={**guessed.columns, **spec.columns})
            areas = store.query("areas")
            prepared = prepare(data, args.file.name, spec, registry, set(areas["code"]), areas=areas)
            commit_step = partial(commit, reason=stored_reason)
    except ReadError as exc:
        print(f"error: {issue_message(exc.issue)}", file=sys.stderr)
        return 2
    finally:
        store.close()
    for issue in grouped(prepared.issues):  # many problems of one kind: one line with a count and examples
        print(issue_message(issue), file=sys.stderr)
    if getattr(prepared, "skipped", None):
        print(f"{prepared.file}: {skipped_areas_note(prepared)}", file=sys.stderr)
    if getattr(prepared, "footnotes", None):
        print(f"{prepared.file}: {footnotes_note(prepared)}", file=sys.stderr)
    if args.dry_run:
        print(
            fill(
                "{file}: {n:# problem|# problems}; nothing written (dry run)",
                file=prepared.file,
                n=len(prepared.issues),
            )
        )
        return 2 if prepared.issues else 0
    try:
        with Writer(db) as writer:
            batch = commit_step(writer, prepared, operator(), args.accept_valid_rows)
    except ImportRefused as exc:
        for issue in (i for i in exc.issues if i not in prepared.issues):
            print(issue_message(issue), file=sys.stderr)
        print(fill(REFUSED, file=prepared.file, n=len(exc.issues)), file=sys.stderr)
        return 2
    except NothingChanged as exc:
        print(f"{db}: {prepared.file}: {nothing_changed_text(exc)}")
        return 0
    print(f"{db}: {prepared.file} imported as batch {batch}")
    return 0


def run_load_national(db: Path, folder: Path) -> str:
    """Load the national level; returns the line to print."""
    initialise(db, actor=operator())
    _, registry = load_definitions()
    with Writer(db) as writer:
        result = national.load_national(writer, national.NationalFiles.in_folder(folder), registry, operator())
    initialise(db, actor=operator())  # programmes that waited for these areas are taken in now
    missing = ", ".join(result["municipalities_without_population"]) or "none"
    return (
        f"{db}: {result['counties']} counties, {result['municipalities']} municipalities "
        f"(boundaries batch {result['boundaries_batch'] or 'unchanged'}); population {result['period']} for "
        f"{result['municipalities_with_population']} municipalities, every county and the country "
        f"({result['national_population']:,.0f}) (batch {result['population_batch'] or 'unchanged'}); "
        f"no figure for {missing} (split after the file's year)"
    )


def run_import_measures(db: Path, args) -> int:
    """Check a register of measures and store it, or print every problem and write nothing."""
    initialise(db, actor=operator())
    programmes, registry = load_definitions()
    programme = programmes[chosen_programme(programmes, args.programme)]
    store = Database(db)
    try:
        goals = tracking.stored_goals(store, programme, registry, programmes_dir())
    finally:
        store.close()
    context = MeasureContext(programme, goals, registry)
    try:
        measures = read_measures(args.file.read_bytes(), args.file.name, context, args.sheet)
    except MeasuresRefused as exc:
        for issue in grouped(exc.issues):
            print(issue_message(issue), file=sys.stderr)
        print(fill(REFUSED, file=args.file.name, n=len(exc.issues)), file=sys.stderr)
        return 2
    with Writer(db) as writer:
        outcome = writer.import_measures(measures, context, args.file.name, operator())
    print(f"{db}: " + ", ".join(f"{len(ids)} {kind}" for kind, ids in outcome.items()))
    return 0


def run_export_static(db: Path, args) -> int:
    """Write the open-data files of the current data version; print where and how many."""
    licence = args.licence if args.licence is not None else load_settings().data_licence
    store = Database(db)
    try:
        folder = export_static(store, args.directory, licence, wording=open_data_texts.WORDING)
    except ExportError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    finally:
        store.close()
    count = len(list((folder / "data").glob("*.csv")))
    print(f"{db}: {count} indicators written to {folder} (latest.json updated)")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Run one command; returns the process exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    db = args.db or database_path()
    if args.wait < 0:
        parser.error("--wait cannot be negative")
    set_wait(args.wait)
    try:
        if args.command == "init":
            added = initialise(db, with_demo=not args.no_demo, programme_id=args.programme, actor=operator())
            print(f"{db}: ready ({', '.join(f'{k} added: {v}' for k, v in added.items())})")
            if not args.no_demo:
                for programme_id, absent in indicators_without_demo().items():
                    print(f"programme '{programme_id}': no demonstration figures for {', '.join(absent)}", end=" ")
                    print(f"(no row in its {DEMO_PROFILES_FILE}; import real figures, or add a row)")
            for programme_id, reason in programmes_waiting(db).items():
                print(f"programme '{programme_id}' not taken in yet, its areas are missing ({reason});")
                print("  load them (e.g. `python -m omrademonitor load-national ../shared/data`), then run init again")
        elif args.command == "load-boundaries":
            if args.folder:
                files = OfficialFiles.in_folder(args.folder)
            elif args.zones:
                files = OfficialFiles(args.zones, args.districts, args.municipality)
            else:
                parser.error("give a folder or --zones FILE")
            print(f"{db}: {load_official_boundaries(db, files, operator())} official shapes stored")
        elif args.command == "load-national":
            print(run_load_national(db, args.folder))
        elif args.command == "create-admin":
            initialise(db, actor=operator())
            password = read_password(args.password_stdin)
            with Writer(db) as writer:
                create_first_admin(writer, args.username, password, args.name, actor=operator())
            print(f"{db}: admin '{args.username.strip().lower()}' created")
        elif args.command == "add-user":
            initialise(db, actor=operator())
            password_hash = None if args.oidc else hash_password(read_password(args.password_stdin))
            with Writer(db) as writer:
                writer.create_user(args.username, Role(args.role), operator(), password_hash, args.name)
            print(f"{db}: user '{args.username.strip().lower()}' ({args.role}) created")
        elif args.command == "import":
            return run_import(db, args)
        elif args.command == "import-measures":
            return run_import_measures(db, args)
        elif args.command == "report":
            initialise(db, actor=operator())
            programmes, registry = load_definitions()
            database = Database(db)
            try:
                policy = figures.published_policy(database)
                report_id, made = report.generate(
                    database,
                    programmes[chosen_programme(programmes, args.programme)],
                    registry,
                    policy,
                    args.date,
                    args.lang,
                    operator(),
                    make_report,
                )
            finally:
                database.close()
            args.out.write_bytes(made.pdf)
            args.out.with_suffix(".xlsx").write_bytes(made.workbook)
            print(f"{db}: report {report_id} ({made.pages} pages) written to {args.out}")
        elif args.command == "rollback":
            with Writer(db) as writer:
                writer.rollback_batch(args.batch, operator())
            print(f"{db}: batch {args.batch} rolled back")
        elif args.command == "backup":
            copy = backup.backup(db, args.destination)
            print(f"{db}: backed up to {copy} ({copy.stat().st_size / 1e6:.1f} MB)")
        elif args.command == "restore":
            version = backup.restore(args.source, db)
            print(f"{db}: restored from {args.source} (schema version {version}); run `init` to migrate it if older")
        elif args.command == "export-static":
            return run_export_static(db, args)
        elif args.command in ("status", "audit"):
            store = Database(db)
            frame = store.query("batches" if args.command == "status" else "audit_log")
            store.close()
            print(frame.to_string(index=False))
    except DatabaseBusy as exc:
        print(f"error: {exc}", file=sys.stderr)
        return BUSY_EXIT
    except national.NationalError as exc:  # refused by the import pipeline: its problems written out
        problems = "; ".join(issue_message(issue) for issue in exc.issues[:5])
        print(
            f"error: {exc.issues[0].file}: {problems} (nothing written)" if exc.issues else f"error: {exc}",
            file=sys.stderr,
        )
        return 2
    except (
        DefinitionError,
        GeographyError,
        WriteError,
        AccessDenied,
        StoreError,
        SettingsError,
        PdfError,
    ) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
