"""Benchmark: what running each SQL console query in a process of its own costs, and how quickly the
heavy list queries of the issue are stopped.

Prints figures; asserts nothing. Run with `python -m benchmarks.bench_console` (part of `make bench`).
"""

from __future__ import annotations

import resource
import statistics
import tempfile
import time
from pathlib import Path

from omrademonitor import sql_console
from omrademonitor.setup_db import initialise
from omrademonitor.sql_console import ConsoleError, build_research_copy, open_research_copy, run_query
from omrademonitor.store import Store

TRIVIAL = "SELECT 42 AS answer"
TYPICAL = "SELECT indicator_id, count(*) AS n FROM current_observations GROUP BY ALL ORDER BY 1"
HEAVY = [
    "SELECT len(list_concat(range(100000000), range(100000000)))",
    "SELECT list_sort(range(30000000))[1]",
]


def median_ms(func, repeat: int, pause: float = 0.0) -> float:
    times = []
    for _ in range(repeat):
        time.sleep(pause)
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def in_process(con, sql: str) -> None:
    """The former way: a cursor of a connection held by the app, rows fetched as tuples."""
    cursor = con.cursor()
    try:
        cursor.execute(sql)
        cursor.fetchmany(sql_console.ROW_LIMIT + 1)
    finally:
        cursor.close()


def cold(path: Path, sql: str) -> None:
    """A worker started for the query (no warm spare waiting)."""
    sql_console._workers.close()
    run_query(path, sql)


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "demo.duckdb"
        initialise(db)
        store = Store(db)
        try:
            path = build_research_copy(store, Path(folder) / "research.duckdb")
        finally:
            store.close()
        con = open_research_copy(path)
        run_query(path, TRIVIAL)  # imports done, a spare waits
        for label, sql in (("trivial", TRIVIAL), ("typical (42 rows)", TYPICAL)):
            ways = [
                ("in-process, connection held", lambda s=sql: in_process(con, s), 20, 0.0),
                ("worker, warm spare", lambda s=sql: run_query(path, s), 20, 1.0),
                ("worker, back to back", lambda s=sql: run_query(path, s), 20, 0.0),
                ("worker, cold start", lambda s=sql: cold(path, s), 10, 1.0),
            ]
            for way, func, repeat, pause in ways:
                print(f"{label + ': ' + way:<48} {median_ms(func, repeat, pause):8.1f} ms")
        con.close()
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        for sql in HEAVY:
            time.sleep(1.0)
            start = time.perf_counter()
            try:
                run_query(path, sql)
                outcome = "returned"
            except ConsoleError as exc:
                outcome = f"{getattr(exc, 'reason', 'error')}: {exc}"[:100]
            print(f"{sql[:60]:<60} {time.perf_counter() - start:6.2f} s  {outcome}")
        after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(f"this process's peak memory: {before:.0f} MB before the heavy queries, {after:.0f} MB after")
        print(f"largest worker's peak memory: {children:.0f} MB (limit {sql_console.MEMORY_LIMIT_MB} MB address space)")


if __name__ == "__main__":
    main()
