"""A CPU-bound task spread over 1..N worker processes: speedup and parallel efficiency.

Every function takes ``numbers`` and ``workers`` and returns the total number of
Collatz steps (n -> n/2 if n is even, else 3n+1, until 1) of all the numbers
1..numbers: plain Python arithmetic, so one process uses one core whatever the
machine has. Processes, each with its own interpreter, use as many cores as
there are workers. Speedup = serial time / parallel time; parallel efficiency =
speedup / workers (1.0: every added core was fully used).
"""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor

# forkserver: workers start from a small clean process, not a copy of this (threaded) one
_CONTEXT = multiprocessing.get_context(
    "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
)
_POOLS: dict[int, ProcessPoolExecutor] = {}


def _collatz_steps(start: int, stop: int) -> int:
    """Total Collatz steps of the numbers start..stop-1."""
    total = 0
    for n in range(max(start, 1), stop):
        while n != 1:
            n = n // 2 if n % 2 == 0 else 3 * n + 1
            total += 1
    return total


def _pool(workers: int) -> ProcessPoolExecutor:
    """A pool of ``workers`` processes, started on first use and kept, as a long-running program would."""
    if workers not in _POOLS:
        _POOLS[workers] = ProcessPoolExecutor(workers, mp_context=_CONTEXT)
    return _POOLS[workers]


def _close_pools() -> None:
    while _POOLS:
        _POOLS.popitem()[1].shutdown(wait=True, cancel_futures=True)


def collatz_serial(numbers: int, workers: int) -> int:
    """One process, one core: the baseline (``workers`` is ignored)."""
    return _collatz_steps(1, numbers + 1)


def collatz_processes(numbers: int, workers: int) -> int:
    """``workers`` processes, each counting a share of the numbers: 8 chunks per worker so that
    a worker that finishes early takes another chunk (the steps per number vary)."""
    chunks = max(1, 8 * workers)
    bounds = [1 + numbers * i // chunks for i in range(chunks + 1)]
    return sum(_pool(workers).map(_collatz_steps, bounds[:-1], bounds[1:]))
