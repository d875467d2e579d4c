"""The SQL console's worker: one process per query, with a hard memory and CPU limit of its own.

Started by ``sql_console`` as a script (``python -I console_worker.py``) and deliberately importing
nothing from the project, so it starts fast and can run ahead of time as a warm spare. It then:

1. imports DuckDB and pyarrow, runs a tiny query in memory (to load what they load lazily), says
   ``ready`` and waits for one job (a JSON line on standard input: the research
   copy's path, the SELECT, the locked-down DuckDB configuration and the limits);
2. limits its own address space (``RLIMIT_AS``) and CPU time (``RLIMIT_CPU``, a backstop should the
   parent die before it can kill the worker at the wall-clock limit);
3. opens the research copy read-only with that configuration, checks the statement again, runs it
   and fetches at most ``row_limit + 1`` rows;
4. writes one JSON header line to its result channel (after the ready line) and, for a result, the rows as an Arrow IPC
   stream no larger than ``result_bytes``;
5. or, for a job with an ``output`` (a path and ``csv`` or ``parquet``), streams every row of the result
   into that file batch by batch (no row limit; the file's size is capped by the kernel, ``RLIMIT_FSIZE``,
   at ``file_bytes``) and replies with the number of rows and bytes.

The result channel is a copy of the original standard output; file descriptor 1 itself is pointed
at standard error first, so nothing DuckDB might print can corrupt the reply.
"""

from __future__ import annotations

import errno
import json
import os
import resource
import signal
import sys
import time

# pyarrow's default pool (mimalloc) reserves about 1 GB of address space on first use, which would
# count against RLIMIT_AS without holding any data; plain malloc reserves only what it uses. Read by
# Arrow's C++ side once, so set before pyarrow is imported.
os.environ["ARROW_DEFAULT_MEMORY_POOL"] = "system"

import duckdb
import pyarrow as pa
import pyarrow.compute as pc  # for whole-result files: loaded while the worker waits as a spare
import pyarrow.csv as pacsv
import pyarrow.parquet as pq


def reply(channel, header: dict, payload: bytes = b"") -> None:
    """The header line, then the payload (if any)."""
    channel.write(json.dumps(header).encode() + b"\n" + payload)
    channel.flush()


def limit_self(memory_bytes: int, cpu_seconds: int) -> None:
    """Cap this process's address space and, counting from now, its CPU time."""
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    used = resource.getrusage(resource.RUSAGE_SELF)
    soft = int(used.ru_utime + used.ru_stime) + cpu_seconds
    resource.setrlimit(resource.RLIMIT_CPU, (soft, soft + 1))


def connect(job: dict) -> duckdb.DuckDBPyConnection:
    """The research copy, read-only. The locks come last: the published figures' Parquet file is
    allowed first, then every other file is refused and the configuration locked, before any statement
    is even parsed."""
    config = dict(job["config"])
    locks = {key: config.pop(key) for key in ("enable_external_access", "lock_configuration") if key in config}
    con = duckdb.connect(job["path"], read_only=True, config=config)
    paths = ", ".join("'" + p.replace("'", "''") + "'" for p in job.get("allowed_paths", []))
    con.execute(f"SET allowed_paths = [{paths}]")
    for key, value in locks.items():
        con.execute(f"SET {key} = {str(value).lower()}")
    return con


def run(job: dict) -> tuple[dict, bytes]:
    """Run the job's SELECT; the reply header and the Arrow payload.

    The connection is not closed: the process exits right after replying, which is quicker, and the
    copy is opened read-only.
    """
    started = time.monotonic()
    try:
        con = connect(job)
        statements = con.extract_statements(job["sql"])  # not duckdb.extract_statements: a second database
        if len(statements) != 1 or statements[0].type != duckdb.StatementType.SELECT:
            return {"status": "error", "kind": "refused", "message": "only a single SELECT is allowed"}, b""
        reader = con.sql(job["sql"]).to_arrow_reader(min(job["row_limit"] + 1, 100_000))
        batches, rows = [], 0
        for batch in reader:
            batches.append(batch)
            rows += batch.num_rows
            if rows > job["row_limit"]:
                break
        table = pa.Table.from_batches(batches, schema=reader.schema).slice(0, job["row_limit"])
        sink = pa.BufferOutputStream()
        with pa.ipc.new_stream(sink, table.schema) as writer:
            writer.write_table(table)
        payload = sink.getvalue().to_pybytes()
    except Exception as exc:  # DuckDB's errors, also as pyarrow passes them on (OSError), and MemoryError
        message = (str(exc).splitlines() or [type(exc).__name__])[0]
        memory = isinstance(exc, duckdb.OutOfMemoryException | MemoryError) or message.startswith("Out of Memory")
        return {"status": "error", "kind": "memory" if memory else "error", "message": message}, b""
    if len(payload) > job["result_bytes"]:
        return {"status": "error", "kind": "result_size", "message": f"{len(payload)} bytes"}, b""
    header = {
        "status": "ok",
        "truncated": rows > job["row_limit"],
        "rows": table.num_rows,
        "seconds": time.monotonic() - started,
    }
    return header, payload


FORMULA_START = r"^[=+\-@\t\r]"  # as omrademonitor.exports: text a spreadsheet would run as a formula


def neutralised(batch: pa.RecordBatch) -> pa.RecordBatch:
    """The batch with an apostrophe before every text cell that a spreadsheet would run as a formula."""
    columns = []
    for column in batch.columns:
        if pa.types.is_string(column.type) or pa.types.is_large_string(column.type):
            risky = pc.fill_null(pc.match_substring_regex(column, FORMULA_START), False)
            column = pc.if_else(risky, pc.binary_join_element_wise("'", column, ""), column)
        columns.append(column)
    return pa.RecordBatch.from_arrays(columns, schema=batch.schema)


def write_file(job: dict) -> dict:
    """Stream the whole result of the job's SELECT into ``job["output"]["path"]``; the reply header."""
    started = time.monotonic()
    path, fmt = job["output"]["path"], job["output"]["format"]
    resource.setrlimit(resource.RLIMIT_FSIZE, (job["file_bytes"], job["file_bytes"]))
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # past the cap a write fails (EFBIG) instead of killing us
    try:
        con = connect(job)
        statements = con.extract_statements(job["sql"])
        if len(statements) != 1 or statements[0].type != duckdb.StatementType.SELECT:
            return {"status": "error", "kind": "refused", "message": "only a single SELECT is allowed"}
        reader = con.sql(job["sql"]).to_arrow_reader(50_000)
        rows = 0
        if fmt == "csv":
            with open(path, "wb") as sink, pacsv.CSVWriter(sink, reader.schema) as writer:
                for batch in reader:
                    writer.write_batch(neutralised(batch))
                    rows += batch.num_rows
        else:
            with pq.ParquetWriter(path, reader.schema, compression="zstd") as writer:
                for batch in reader:
                    writer.write_batch(batch)
                    rows += batch.num_rows
    except OSError as exc:
        if exc.errno == errno.EFBIG or "File too large" in str(exc):
            return {"status": "error", "kind": "file_size", "message": f"larger than {job['file_bytes']} bytes"}
        return {"status": "error", "kind": "error", "message": (str(exc).splitlines() or ["OSError"])[0]}
    except Exception as exc:  # DuckDB's errors, also as pyarrow passes them on, and MemoryError
        message = (str(exc).splitlines() or [type(exc).__name__])[0]
        memory = isinstance(exc, duckdb.OutOfMemoryException | MemoryError) or message.startswith("Out of Memory")
        return {"status": "error", "kind": "memory" if memory else "error", "message": message}
    return {"status": "ok", "rows": rows, "bytes": os.path.getsize(path), "seconds": time.monotonic() - started}


def warm_up() -> None:
    """Load what DuckDB and pyarrow load lazily on first use, while the worker is still a spare."""
    con = duckdb.connect(config={"threads": 1})
    try:
        table = con.sql("SELECT 1 AS x").to_arrow_table()
    finally:
        con.close()
    with pa.ipc.new_stream(pa.BufferOutputStream(), table.schema) as writer:
        writer.write_table(table)
    pc.match_substring_regex(pa.array(["=x"]), FORMULA_START)  # compiles the regex kernel once


def main() -> None:
    """Wait for one job, run it within the limits, reply, exit (without tearing down the modules)."""
    channel = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    warm_up()
    channel.write(b"ready\n")
    channel.flush()
    line = sys.stdin.buffer.readline()
    if not line:  # the parent went away (or never sent a job)
        os._exit(0)
    job = json.loads(line)
    limit_self(job["memory_bytes"], job["cpu_seconds"])
    header, payload = (write_file(job), b"") if job.get("output") else run(job)
    reply(channel, header, payload)
    channel.close()
    sys.stderr.flush()
    os._exit(0)


if __name__ == "__main__":
    main()
