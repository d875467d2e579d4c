"""A read-only SQL console for researchers, on a research copy of the store.

Layers, each enough on its own for its threat:

- the copy holds only the research tables (``RESEARCH_TABLES``): the published figures, totals and
  by breakdown (never the raw observations), no users, password hashes, audit trail or names of
  people, whatever the query;
- the statement must be a single SELECT (checked by DuckDB's own parser, here and again in the
  worker);
- the copy is opened read-only, unable to touch other files, attach databases, load extensions or
  change its configuration (``store.READ_CONFIG``), with one thread, DuckDB's own memory limit and
  no spilling to disk (``worker_config``);
- every query runs in a process of its own (``console_worker``), whose address space is capped by
  the kernel (``RLIMIT_AS``, ``memory_limit_mb``) and which is killed when ``time_limit`` seconds
  have passed, whether or not DuckDB would have noticed an interrupt (list functions do not); at
  most ``MAX_PARALLEL`` such processes run at once; at most ``row_limit`` rows (and
  ``RESULT_LIMIT_MB``) come back, as Arrow IPC (data, never pickles);
- a download of the whole result (``export_query``) has no row limit: the worker streams the rows into
  a CSV or Parquet file batch by batch, under the same time and memory limits, the file capped by the
  kernel at ``FILE_LIMIT_MB``.

One worker is started ahead of time and waits (a warm spare), so a query does not wait for Python,
DuckDB and pyarrow to start; each worker serves one query and exits.
"""

from __future__ import annotations

import atexit
import json
import math
import os
import select
import shutil
import signal
import subprocess
import sys
import threading
import time
import uuid
import weakref
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa

from omrademonitor.store import READ_CONFIG, RESEARCH_TABLES

ROW_LIMIT = 10_000
TIME_LIMIT_S = 10.0
MEMORY_LIMIT_MB = 2048  # the worker's whole address space, DuckDB, Python and pyarrow included
RESULT_LIMIT_MB = 64  # the largest Arrow payload a worker may send back
FILE_LIMIT_MB = 512  # the largest file a whole-result download may become
EXPORT_FORMATS = {"csv": "text/csv", "parquet": "application/vnd.apache.parquet"}
MAX_PARALLEL = 2  # console queries running at once, server-wide
STARTUP_LIMIT_S = 30.0  # a worker that has not started (imported DuckDB and pyarrow) by then is killed
READY = b"ready\n"  # what a worker says once it has started and waits for its query
WORKER = Path(__file__).with_name("console_worker.py")


class ConsoleError(ValueError):
    """The query was refused or failed; nothing was changed. ``kind`` says why, for the page's lead
    sentence: 'parse', 'statements', 'not_select', 'start' or 'failed'; ``engine_message`` is
    DuckDB's own (English) message where there is one."""

    def __init__(self, message: str, kind: str = "failed", engine_message: str = "") -> None:
        super().__init__(message)
        self.kind = kind
        self.engine_message = engine_message


class ConsoleStopped(ConsoleError):
    """The query was stopped by a limit. ``reason``: 'time', 'memory', 'result_size', 'busy' or
    'crashed' (the worker died without replying; ``detail`` names the signal); ``limit`` is the limit
    that applied (seconds, MB, or the number of queries at once)."""

    def __init__(self, reason: str, limit: float, message: str, detail: str = "") -> None:
        super().__init__(message, "stopped")
        self.reason = reason
        self.limit = limit
        self.detail = detail


@dataclass(frozen=True)
class ConsoleResult:
    """Rows of a query (at most the row limit), whether more were left out, and how long it took."""

    frame: pd.DataFrame
    truncated: bool
    seconds: float


def check_statement(sql: str) -> None:
    """Refuse anything but a single SELECT statement."""
    try:
        statements = duckdb.extract_statements(sql)
    except duckdb.Error as exc:
        raise ConsoleError(f"the query does not parse: {exc}", "parse", str(exc)) from exc
    if len(statements) != 1:
        raise ConsoleError(f"one statement at a time, not {len(statements)}", "statements")
    kind = statements[0].type
    if kind != duckdb.StatementType.SELECT:
        raise ConsoleError(f"only reading (SELECT) is allowed, not {kind.name}", "not_select")


def worker_config(memory_limit_mb: int = MEMORY_LIMIT_MB) -> dict:
    """The DuckDB configuration of a console connection: the app's locked read configuration, one
    thread, DuckDB's buffer memory at half the process's limit, and no temporary files."""
    return {**READ_CONFIG, "max_memory": f"{memory_limit_mb // 2}MiB", "threads": 1, "temp_directory": ""}


LOCKS = ("enable_external_access", "lock_configuration")  # applied last, in this order, after allowed_paths


def open_research_copy(path: Path, memory_limit_mb: int = MEMORY_LIMIT_MB) -> duckdb.DuckDBPyConnection:
    """The research copy, opened read-only and sandboxed exactly as a console worker opens it: the
    published figures' Parquet file is the one file outside it that it may read."""
    config = worker_config(memory_limit_mb)
    con = duckdb.connect(str(path), read_only=True, config={k: v for k, v in config.items() if k not in LOCKS})
    con.execute(f"SET allowed_paths = {_sql_list(research_files(path))}")
    for key in LOCKS:
        con.execute(f"SET {key} = {str(config[key]).lower()}")
    return con


def research_files(path: Path) -> list[str]:
    """The files beside a research copy that its views read (the published figures, totals and by
    breakdown, as Parquet)."""
    files = [Path(path).with_name(name) for name in FIGURES_FILES.values()]
    return [str(f) for f in files if f.exists()]


def _sql_list(paths: list[str]) -> str:
    return "[" + ", ".join("'" + p.replace("'", "''") + "'" for p in paths) + "]"


def _launch() -> subprocess.Popen:
    """A new worker: isolated Python (no PYTHON* variables, no user site), an empty environment."""
    return subprocess.Popen(
        [sys.executable, "-I", str(WORKER)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={"PATH": os.defpath, "LC_ALL": "C.UTF-8"},
    )


class _Workers:
    """Hands out one fresh worker per query and keeps one started ahead as a warm spare (started after
    a query has finished, so that its start does not compete with the query for the processor)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._spare: subprocess.Popen | None = None

    def take(self) -> subprocess.Popen:
        with self._lock:
            spare, self._spare = self._spare, None
        return spare if spare is not None and spare.poll() is None else _launch()

    def replenish(self) -> None:
        with self._lock:
            if self._spare is None or self._spare.poll() is not None:
                self._spare = _launch()

    def ready_spare(self) -> None:
        self.replenish()
        with self._lock:  # held while waiting, so that no query takes the spare half-read
            if self._spare is not None:
                _wait_until_ready(self._spare)

    def close(self) -> None:
        with self._lock:
            if self._spare is not None:
                self._spare.kill()
                self._spare.communicate()
                self._spare = None


_workers = _Workers()
atexit.register(_workers.close)
_ready: weakref.WeakSet[subprocess.Popen] = weakref.WeakSet()  # workers whose ready line has been read


def start_worker() -> None:
    """Start the spare worker now, if there is none, and wait until it is ready."""
    _workers.ready_spare()


_slots = threading.BoundedSemaphore(MAX_PARALLEL)

_NULLABLE = {
    pa.int8(): pd.Int8Dtype(),
    pa.int16(): pd.Int16Dtype(),
    pa.int32(): pd.Int32Dtype(),
    pa.int64(): pd.Int64Dtype(),
    pa.uint8(): pd.UInt8Dtype(),
    pa.uint16(): pd.UInt16Dtype(),
    pa.uint32(): pd.UInt32Dtype(),
    pa.uint64(): pd.UInt64Dtype(),
    pa.bool_(): pd.BooleanDtype(),
}


def _signal_name(returncode: int) -> str:
    try:
        return signal.Signals(-returncode).name
    except ValueError:
        return f"exit status {returncode}"


def run_query(
    path: Path,
    sql: str,
    row_limit: int = ROW_LIMIT,
    time_limit: float = TIME_LIMIT_S,
    memory_limit_mb: int = MEMORY_LIMIT_MB,
) -> ConsoleResult:
    """Run one SELECT on the research copy at ``path`` in a worker process, within the limits.

    The time limit counts from handing the query to its worker, once that has started (a warm spare
    has); the worker is killed when it is reached. The memory limit is the worker's whole address space.
    """
    check_statement(sql)
    job = {
        "path": str(path),
        "allowed_paths": research_files(path),
        "sql": sql,
        "config": worker_config(memory_limit_mb),
        "row_limit": row_limit,
        "memory_bytes": memory_limit_mb * 2**20,
        "cpu_seconds": math.ceil(time_limit) + 2,
        "result_bytes": RESULT_LIMIT_MB * 2**20,
    }
    out, err, returncode, seconds = _run_job(job, time_limit)
    return _result(out, err, returncode, seconds, time_limit, memory_limit_mb)


def _run_job(job: dict, time_limit: float) -> tuple[bytes, bytes, int, float]:
    """Hand ``job`` to a fresh worker (within the server-wide slots) and wait at most ``time_limit`` for it:
    its reply, its standard error, its exit status and the seconds it took."""
    if not _slots.acquire(timeout=time_limit):
        raise ConsoleStopped("busy", MAX_PARALLEL, f"{MAX_PARALLEL} console queries are running; try again shortly")
    try:
        worker = _workers.take()
        _wait_until_ready(worker)
        started = time.monotonic()
        try:
            out, err = worker.communicate(json.dumps(job).encode() + b"\n", timeout=time_limit)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.communicate()
            raise ConsoleStopped(
                "time", time_limit, f"stopped after the time limit of {time_limit:g} s (its process was killed)"
            ) from None
        seconds = time.monotonic() - started
    finally:
        _slots.release()
        _workers.replenish()
    return out, err, worker.returncode, seconds


@dataclass(frozen=True)
class ConsoleExport:
    """The whole result of a query written to a file: where, how many rows and bytes, how long it took."""

    path: Path
    file_format: str
    rows: int
    bytes: int
    seconds: float


def export_query(
    path: Path,
    sql: str,
    target: Path,
    file_format: str,
    time_limit: float = TIME_LIMIT_S,
    memory_limit_mb: int = MEMORY_LIMIT_MB,
    file_limit_mb: int = FILE_LIMIT_MB,
) -> ConsoleExport:
    """Run one SELECT on the research copy at ``path`` and stream every row of its result into ``target``
    as CSV (UTF-8, formulas neutralised) or Parquet, in a worker process within the same time and memory
    limits as a query, with no row limit and the file capped at ``file_limit_mb``. A stopped or failed
    export leaves no file behind."""
    if file_format not in EXPORT_FORMATS:
        raise ValueError(f"the file format must be one of {', '.join(EXPORT_FORMATS)}, not '{file_format}'")
    check_statement(sql)
    target = Path(target)
    job = {
        "path": str(path),
        "allowed_paths": research_files(path),
        "sql": sql,
        "config": worker_config(memory_limit_mb),
        "row_limit": 0,
        "memory_bytes": memory_limit_mb * 2**20,
        "cpu_seconds": math.ceil(time_limit) + 2,
        "result_bytes": 0,
        "file_bytes": file_limit_mb * 2**20,
        "output": {"path": str(target), "format": file_format},
    }
    try:
        out, err, returncode, seconds = _run_job(job, time_limit)
        header_line = out.partition(b"\n")[0]
        if not header_line:
            _result(out, err, returncode, seconds, time_limit, memory_limit_mb)  # raises: what stopped it
        header = json.loads(header_line)
        if header["status"] == "error" and header["kind"] == "file_size":
            raise ConsoleStopped(
                "file_size", file_limit_mb, f"the file grew larger than {file_limit_mb} MB and was not made"
            )
        if header["status"] == "error":
            _result(out, err, returncode, seconds, time_limit, memory_limit_mb)  # raises the query's error
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    return ConsoleExport(target, file_format, int(header["rows"]), int(header["bytes"]), seconds)


def _wait_until_ready(worker: subprocess.Popen) -> None:
    """Wait for the worker's ready line (read unbuffered: nothing else may be taken from the pipe)."""
    if worker in _ready:
        return
    ready, _, _ = select.select([worker.stdout], [], [], STARTUP_LIMIT_S)
    line = os.read(worker.stdout.fileno(), len(READY)) if ready else b""
    if line != READY:
        worker.kill()
        _, err = worker.communicate()
        last = (err.decode(errors="replace").strip().splitlines() or ["no message"])[-1]
        raise ConsoleError(f"the query's process did not start ({last})", "start", last)
    _ready.add(worker)


def _result(out: bytes, err: bytes, returncode: int, seconds: float, time_limit: float, memory_mb: int):
    header_line, _, payload = out.partition(b"\n")
    if not header_line:
        if returncode == -signal.SIGXCPU:
            raise ConsoleStopped("time", time_limit, f"stopped at the CPU time limit of {math.ceil(time_limit) + 2} s")
        name = _signal_name(returncode)
        raise ConsoleStopped(
            "crashed",
            memory_mb,
            f"the query's process ended ({name}) without a result; with a memory limit of {memory_mb} MB "
            "that usually means it ran out of memory",
            detail=name,
        )
    header = json.loads(header_line)
    if header["status"] == "ok":
        table = pa.ipc.open_stream(payload).read_all()
        return ConsoleResult(table.to_pandas(types_mapper=_NULLABLE.get), header["truncated"], seconds)
    kind, message = header["kind"], header["message"]
    if kind == "memory":
        raise ConsoleStopped("memory", memory_mb, f"stopped at the memory limit of {memory_mb} MB: {message}")
    if kind == "result_size":
        raise ConsoleStopped(
            "result_size", RESULT_LIMIT_MB, f"the result is larger than {RESULT_LIMIT_MB} MB ({message}); select less"
        )
    raise ConsoleError(message, "failed", message)


# The large research tables, exported once per data version to Parquet beside the copy and read through views.
FIGURES_FILES = {
    "published_observations": "published_observations.parquet",
    "published_breakdowns": "published_breakdowns.parquet",
}
COPY_MEMORY = "512MB"  # DuckDB's buffer while making a copy: the published figures stream through it


def build_research_copy(store, path: Path) -> Path:
    """Make the research copy of ``store`` (a ``Store`` or ``Database``, read through its file):
    a new database file with the small research tables, and the published figures (totals and by
    breakdown) exported once to Parquet beside it, read through views (``FIGURES_FILES``). DuckDB does
    all of it, streaming: nothing passes through pandas, memory stays within ``COPY_MEMORY`` at any size."""
    path = Path(path)
    path.unlink(missing_ok=True)
    for name in FIGURES_FILES.values():
        path.with_name(name).unlink(missing_ok=True)
    with store.reading() as source:
        con = duckdb.connect(
            config={
                "memory_limit": COPY_MEMORY,
                "temp_directory": "",
                "autoinstall_known_extensions": False,
                "autoload_known_extensions": False,
            }
        )
        try:
            con.execute(f"ATTACH {_sql_string(source)} AS store (READ_ONLY)")
            con.execute(f"ATTACH {_sql_string(path)} AS research")
            con.execute("USE store")
            for table, sql in RESEARCH_TABLES.items():
                if table not in FIGURES_FILES:
                    con.execute(f"CREATE TABLE research.main.{table} AS {sql}")
            for table, name in FIGURES_FILES.items():
                figures = path.with_name(name)
                con.execute(f"COPY ({RESEARCH_TABLES[table]}) TO {_sql_string(figures)} (FORMAT parquet)")
                con.execute(f"CREATE VIEW research.main.{table} AS SELECT * FROM read_parquet({_sql_string(figures)})")
            con.execute("USE research")
            con.execute("DETACH store")
            con.execute("CHECKPOINT research")
        finally:
            con.close()
    return path


def _sql_string(value) -> str:
    return "'" + str(value).replace("'", "''") + "'"


class ResearchCopy:
    """A research copy in a folder of its own, open for queries until closed (which deletes it).

    The app holds no connection to it: each query's worker opens it read-only itself.
    """

    def __init__(
        self, store, folder: Path, time_limit: float = TIME_LIMIT_S, memory_limit_mb: int = MEMORY_LIMIT_MB
    ) -> None:
        self.folder = Path(folder)
        self.time_limit = time_limit
        self.memory_limit_mb = memory_limit_mb
        self.path = build_research_copy(store, self.folder / "research.duckdb")
        self._schema: pd.DataFrame | None = None

    def run(self, sql: str, row_limit: int = ROW_LIMIT) -> ConsoleResult:
        """Run one SELECT within the limits."""
        return run_query(self.path, sql, row_limit, self.time_limit, self.memory_limit_mb)

    def export(self, sql: str, file_format: str) -> ConsoleExport:
        """Stream the whole result of one SELECT into a new file in this copy's folder (deleted with it)."""
        folder = self.folder / "exports"
        folder.mkdir(exist_ok=True)
        target = folder / f"{uuid.uuid4().hex}.{file_format}"
        return export_query(self.path, sql, target, file_format, self.time_limit, self.memory_limit_mb)

    def schema(self) -> pd.DataFrame:
        """Tables and their columns (asked once per copy)."""
        if self._schema is None:
            self._schema = self.run(SCHEMA_QUERY).frame
        return self._schema

    def close(self) -> None:
        """Delete the copy."""
        shutil.rmtree(self.folder, ignore_errors=True)


SCHEMA_QUERY = """
    SELECT table_name, string_agg(column_name || ' ' || data_type, ', ' ORDER BY ordinal_position) AS columns
    FROM information_schema.columns WHERE table_schema = 'main' GROUP BY table_name ORDER BY table_name"""
