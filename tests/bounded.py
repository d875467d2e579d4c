"""Running one step in a forked child to measure its time and peak memory, and to stop it if it hangs.

The child starts as a copy of the test process (no imports to repeat), runs the step, and sends
the result back pickled. Its peak memory is the growth of its resident set (VmHWM at the end less
VmRSS at the start); an address-space limit and an alarm end a runaway step instead of the machine.
"""

from __future__ import annotations

import os
import pickle
import resource
import signal
import time
import traceback
from dataclasses import dataclass

MIB = 1 << 20


@dataclass
class Bounded:
    """What a step returned, how long it took and how much memory it added at its peak."""

    result: object
    seconds: float
    peak_mib: float


def _status_kib(field: str) -> int:
    with open("/proc/self/status") as status:
        line = next(line for line in status if line.startswith(field + ":"))
    return int(line.split()[1])


def run_bounded(step, *args, timeout: int = 60, headroom_mib: int = 2048) -> Bounded:
    """``step(*args)`` in a child process; raises AssertionError if it fails, hangs or dies."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child
        try:
            os.close(read_end)
            signal.alarm(timeout)
            limit = _status_kib("VmSize") * 1024 + headroom_mib * MIB
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
            start_rss, start = _status_kib("VmRSS"), time.perf_counter()
            try:
                outcome = ("ok", step(*args))
            except BaseException:
                outcome = ("error", traceback.format_exc()[-4000:])
            seconds = time.perf_counter() - start
            peak = (_status_kib("VmHWM") - start_rss) / 1024
            with os.fdopen(write_end, "wb") as pipe:
                pickle.dump((outcome, seconds, peak), pipe)
        finally:
            os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        payload = pipe.read()
    _, status = os.waitpid(pid, 0)
    if not payload:
        raise AssertionError(f"the step died (wait status {status}); after {timeout} s it is stopped")
    (kind, result), seconds, peak = pickle.loads(payload)
    if kind == "error":
        raise AssertionError(f"the step raised:\n{result}")
    return Bounded(result, seconds, peak)
