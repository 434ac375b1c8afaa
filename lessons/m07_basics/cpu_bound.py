"""CPU-bound work in parallel: counting primes in pure Python, with threads, processes or Dask.

Every function takes ``jobs``, a list of (start, stop) ranges, and ``workers``,
how many threads or processes to use, and returns the number of primes in each
range, in order. The work is pure Python bytecode, which holds CPython's global
interpreter lock (GIL): only one thread of a process runs Python code at a time.
Pools are started on the first call and reused afterwards (see ``_pools.py``),
except in ``primes_processes_new_pool``.
"""

from __future__ import annotations

import itertools
import sys
from concurrent.futures import ProcessPoolExecutor

from ._pools import CONTEXT, multiprocessing_pool, process_pool, thread_pool


def _count_primes(bounds: tuple[int, int]) -> int:
    """Primes in [start, stop) by trial division: deliberately plain Python."""
    start, stop = bounds
    count = 0
    for n in range(max(start, 2), stop):
        if n % 2 == 0:
            count += n == 2
            continue
        d = 3
        while d * d <= n:
            if n % d == 0:
                break
            d += 2
        else:
            count += 1
    return count


def _count_primes_batch(batch: list[tuple[int, int]]) -> list[int]:
    return [_count_primes(bounds) for bounds in batch]


def _batches(jobs: list, count: int) -> list[list]:
    """``jobs`` split into ``count`` consecutive batches of nearly equal length (none empty)."""
    count = max(1, min(count, len(jobs)))
    bounds = [len(jobs) * i // count for i in range(count + 1)]
    return [jobs[a:b] for a, b in itertools.pairwise(bounds)]


def _chunksize(jobs: list, workers: int) -> int:
    """About four chunks per worker: few round trips, yet the work stays balanced."""
    return max(1, -(-len(jobs) // (4 * workers)))


def primes_serial(jobs: list[tuple[int, int]], workers: int) -> list[int]:
    """One loop on one core (``workers`` is ignored): the baseline."""
    return [_count_primes(bounds) for bounds in jobs]


def primes_threads(jobs: list[tuple[int, int]], workers: int) -> list[int]:
    """A ``ThreadPoolExecutor``: the threads take turns holding the GIL, so pure-Python
    work runs no faster than on one thread, whatever the number of cores. It runs
    slower: the main thread, which hands out the jobs and collects every result,
    needs the GIL too, and the lock passes back and forth between it and the
    workers while they compute (even with a single worker)."""
    return list(thread_pool(workers).map(_count_primes, jobs))


def primes_processes(jobs: list[tuple[int, int]], workers: int) -> list[int]:
    """A ``ProcessPoolExecutor``: each worker is a separate interpreter with its own GIL,
    so the workers compute at the same time. One job per message (chunksize=1)."""
    return list(process_pool(workers).map(_count_primes, jobs))


def primes_processes_chunked(jobs: list[tuple[int, int]], workers: int) -> list[int]:
    """The same pool with ``chunksize``: jobs travel in a few large chunks, so the cost of
    pickling and sending each message is paid a few times instead of once per job."""
    return list(process_pool(workers).map(_count_primes, jobs, chunksize=_chunksize(jobs, workers)))


def primes_multiprocessing_pool(jobs: list[tuple[int, int]], workers: int) -> list[int]:
    """``multiprocessing.Pool.map``, the older interface: it picks a chunksize itself
    (about four chunks per worker)."""
    return multiprocessing_pool(workers).map(_count_primes, jobs)


def primes_processes_new_pool(jobs: list[tuple[int, int]], workers: int) -> list[int]:
    """A new pool in a ``with`` block on every call, as in a short script: the timing
    includes starting and stopping the worker processes."""
    with ProcessPoolExecutor(workers, mp_context=CONTEXT) as pool:
        return list(pool.map(_count_primes, jobs, chunksize=_chunksize(jobs, workers)))


def primes_threads_free_threaded(jobs: list[tuple[int, int]], workers: int) -> list[int]:
    """The thread pool under a free-threaded CPython (3.13t and later, built without the
    GIL): threads of one process run Python code on all cores at once."""
    if getattr(sys, "_is_gil_enabled", lambda: True)():
        raise RuntimeError(_free_threading_missing_reason())
    return list(thread_pool(workers).map(_count_primes, jobs))


def primes_dask(jobs: list[tuple[int, int]], workers: int) -> list[int]:
    """The same function run by the worker processes of the Dask cluster this program
    connected to (``distributed.Client``): on one machine as here, or on many nodes
    with the same code. Jobs go in batches, as with chunksize."""
    from distributed import default_client

    client = default_client()
    addresses = sorted(client.scheduler_info()["workers"])[:workers]
    # pure=False: a new computation every call, never a result remembered from the last one
    futures = client.map(_count_primes_batch, _batches(jobs, 4 * workers), workers=addresses, pure=False)
    return [count for batch in client.gather(futures) for count in batch]


def _free_threading_missing_reason() -> str | None:
    """Why the free-threaded technique cannot run in this interpreter, or None when it can."""
    if not getattr(sys, "_is_gil_enabled", lambda: True)():
        return None
    import shutil
    from pathlib import Path

    found = [p for p in (shutil.which(f"python3.{minor}t") for minor in range(13, 20)) if p]
    found += [str(p) for p in Path.home().glob(".pyenv/versions/*t/bin/python")]
    running = f"Python {sys.version.split()[0]} runs with the GIL"
    if found:
        return (
            f"{running}; a free-threaded CPython is installed at {found[0]}: make a virtual environment "
            "with it, pip install -e . there, and run this lesson with its pytest"
        )
    return (
        f"{running} and no free-threaded CPython is installed: install one (pyenv install 3.13t, "
        "uv python install 3.13t, or python.org's free-threaded build), then run this lesson under it"
    )
