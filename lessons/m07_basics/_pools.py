"""Worker pools that stay up between calls, as in a long-running program.

Starting a pool costs time (a process pool starts new Python interpreters), so a
program that calls a parallel function many times starts the pool once and
reuses it. The lesson's techniques take their pool from here: the first call
starts it, later calls reuse it. ``close_all`` shuts every pool down.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from typing import Any

# forkserver: workers are forked from a small clean server process, not from this
# (possibly multi-threaded) one; the default on Linux from Python 3.14. spawn elsewhere.
START_METHOD = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
CONTEXT = multiprocessing.get_context(START_METHOD)

# The cores this process may run on (on Linux, those of its CPU affinity, as a batch job's allotment).
USABLE_CORES = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1

_POOLS: dict[tuple[str, int], Any] = {}


def thread_pool(workers: int) -> Executor:
    """A pool of ``workers`` threads in this process, started on first use."""
    key = ("threads", workers)
    if key not in _POOLS:
        _POOLS[key] = ThreadPoolExecutor(workers)
    return _POOLS[key]


def process_pool(workers: int) -> Executor:
    """A pool of ``workers`` worker processes, started on first use."""
    key = ("processes", workers)
    if key not in _POOLS:
        _POOLS[key] = ProcessPoolExecutor(workers, mp_context=CONTEXT)
    return _POOLS[key]


def multiprocessing_pool(workers: int) -> Any:
    """A ``multiprocessing.Pool`` of ``workers`` processes, started on first use."""
    key = ("multiprocessing", workers)
    if key not in _POOLS:
        _POOLS[key] = CONTEXT.Pool(workers)
    return _POOLS[key]


def close_all() -> None:
    """Shut down every pool started here."""
    while _POOLS:
        _, pool = _POOLS.popitem()
        if isinstance(pool, Executor):
            pool.shutdown(wait=True, cancel_futures=True)
        else:
            pool.terminate()
            pool.join()
