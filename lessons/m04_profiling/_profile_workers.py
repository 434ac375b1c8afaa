"""Profiling work done in worker processes (workers.py): the parent's view, and a profile per task.

    python -m lessons.m04_profiling._profile_workers           # the outputs the book's page quotes

cProfile hooks the calls of the process it runs in. Around ``pool.map`` in the
parent it records the parent: pickling the chunks, then waiting for the results
(``acquire`` of a lock, the queue's thread). The work runs in the workers, each a
Python of its own with no profiler.

The recipe: wrap every task in a profiler inside the worker and dump its statistics
to a file (``_profiled_task``), then merge the files in the parent with
``pstats.Stats.add``. The wrapper is a function at the top level of a module, as a
task must be for spawn and forkserver, which start the workers as fresh processes.
"""

from __future__ import annotations

import cProfile
import functools
import os
import pstats
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from itertools import repeat
from pathlib import Path
from typing import Any

from lessons.m04_profiling import _sensor_log, workers
from lessons.m04_profiling._profile_compiled import listing

Entry = tuple[str, int, float, float]  # function, calls, own seconds, cumulative seconds


def entries(stats: pstats.Stats) -> list[Entry]:
    """The functions of a profile, by own time, largest first: (name, calls, own s, cumulative s)."""
    rows = [(function, row[1], row[2], row[3]) for (_, _, function), row in stats.stats.items()]
    return sorted(rows, key=lambda row: row[2], reverse=True)


def profile_parent(lines: list[str], known_sensors: list[str], n_workers: int) -> pstats.Stats:
    """cProfile in the parent, around the whole pool run: what you get from ``python -m cProfile``."""
    profiler = cProfile.Profile()
    profiler.runcall(workers.summary_in_pool, lines, known_sensors, n_workers)
    return pstats.Stats(profiler)


def _profiled_task(folder: str, task: Callable[..., Any], *args: Any) -> Any:
    """Run ``task(*args)`` under cProfile in this worker and dump the statistics to a file of its own."""
    profiler = cProfile.Profile()
    try:
        return profiler.runcall(task, *args)
    finally:
        profiler.dump_stats(os.path.join(folder, f"task-{os.getpid()}-{time.monotonic_ns()}.prof"))


def summary_in_pool_profiled(
    lines: list[str], known_sensors: list[str], n_workers: int, folder: str
) -> workers.Summary:
    """``workers.summary_in_pool`` with every task profiled inside its worker, into ``folder``."""
    task = functools.partial(_profiled_task, folder, workers._summarise_chunk)
    with ProcessPoolExecutor(n_workers, mp_context=workers._CONTEXT) as pool:
        return workers._merge(pool.map(task, workers._chunks(lines, n_workers), repeat(known_sensors)))


def merged_stats(folder: str) -> tuple[pstats.Stats, int]:
    """The profiles dumped in ``folder`` added into one (``pstats.Stats.add``), and how many there were."""
    files = sorted(str(path) for path in Path(folder).glob("task-*.prof"))
    stats = pstats.Stats(files[0])
    stats.add(*files[1:])
    return stats, len(files)


def profile_in_workers(lines: list[str], known_sensors: list[str], n_workers: int) -> tuple[pstats.Stats, int]:
    """Every task profiled in its worker, the profiles merged: the work the parent's profile misses."""
    with tempfile.TemporaryDirectory() as folder:
        summary_in_pool_profiled(lines, known_sensors, n_workers, folder)
        return merged_stats(folder)


def main() -> None:
    """Print the two profiles the page quotes."""
    n_lines, n_workers = 48_000, 2
    lines, known = _sensor_log.log_lines(n_lines)
    print(f"{n_lines} log lines, {len(known)} known sensors, {n_workers} workers\n")
    print("===== cProfile in the parent, around summary_in_pool =====")
    print(listing(profile_parent(lines, known, n_workers), 8))
    stats, tasks = profile_in_workers(lines, known, n_workers)
    print(f"===== cProfile inside the workers: {tasks} task profiles merged with pstats.Stats.add =====")
    print(listing(stats, 8))


if __name__ == "__main__":
    main()
