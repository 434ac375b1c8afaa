"""A summary of sensor log lines computed in worker processes, where the parent's profile cannot look.

Every function takes the log lines (``2024-03-01T06:15:00 S0042 71.37 F OK``:
time, sensor, reading, unit, status), the list of known sensors and a number of
worker processes, and returns, for every known sensor with a good reading (status
OK, not nan), the number of its readings and their minimum and maximum as
written: ``{sensor: (count, low, high)}``. The lines are cut into chunks; each
chunk is summarised by ``_summarise_chunk`` and the partial summaries are merged.

In a pool, the chunks are summarised in other processes: cProfile in the parent
sees only the parent waiting for their results (locks, the pool's queue), not the
planted hot spot, a lookup in the *list* of known sensors for every line. A
profile taken inside every task (``_profile_workers.py``) finds it; the last
function fixes it.

The workers start with forkserver (spawn where there is none): a fresh process that
imports this module, so the task is a function at the top level of a module, and
every pool is closed (a ``with`` block) when its work is done.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Collection, Iterable
from concurrent.futures import ProcessPoolExecutor
from itertools import repeat

Summary = dict[str, tuple[int, float, float]]

_CONTEXT = multiprocessing.get_context(
    "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
)
_CHUNKS_PER_WORKER = 4  # a worker that finishes early takes another chunk


def _is_known(sensor: str, known_sensors: Collection[str]) -> bool:
    return sensor in known_sensors  # a list: compared with every known sensor until one matches


def _summarise_chunk(lines: list[str], known_sensors: Collection[str]) -> Summary:
    """Count, minimum and maximum of the good readings of each known sensor in ``lines``."""
    summary: Summary = {}
    for line in lines:
        _, sensor, reading, _, status = line.split(" ")
        if status != "OK" or not _is_known(sensor, known_sensors):
            continue
        value = float(reading)
        if value != value:  # nan
            continue
        count, low, high = summary.get(sensor, (0, value, value))
        summary[sensor] = (count + 1, min(low, value), max(high, value))
    return summary


def _merge(summaries: Iterable[Summary]) -> Summary:
    """The summaries of the chunks as one: counts added, the least minimum, the largest maximum."""
    merged: Summary = {}
    for summary in summaries:
        for sensor, (count, low, high) in summary.items():
            if sensor in merged:
                total, least, most = merged[sensor]
                merged[sensor] = (total + count, min(least, low), max(most, high))
            else:
                merged[sensor] = (count, low, high)
    return dict(sorted(merged.items()))


def _chunks(lines: list[str], workers: int) -> list[list[str]]:
    pieces = max(1, _CHUNKS_PER_WORKER * workers)
    size = -(-len(lines) // pieces)  # rounded up
    return [lines[i : i + size] for i in range(0, len(lines), max(size, 1))]


def summary_serial(lines: list[str], known_sensors: list[str], workers: int) -> Summary:
    """One process: the chunks one after the other (``workers`` is ignored); the baseline."""
    return _merge(_summarise_chunk(chunk, known_sensors) for chunk in _chunks(lines, workers))


def summary_in_pool(lines: list[str], known_sensors: list[str], workers: int) -> Summary:
    """The chunks summarised by ``workers`` processes of a pool (started and closed in the call):
    the time a profile of this process cannot see."""
    with ProcessPoolExecutor(workers, mp_context=_CONTEXT) as pool:
        return _merge(pool.map(_summarise_chunk, _chunks(lines, workers), repeat(known_sensors)))


def summary_in_pool_set_lookup(lines: list[str], known_sensors: list[str], workers: int) -> Summary:
    """The fix the workers' profiles point at: the known sensors sent to the workers as a set, so
    that each lookup is one hash instead of a scan of the list."""
    with ProcessPoolExecutor(workers, mp_context=_CONTEXT) as pool:
        return _merge(pool.map(_summarise_chunk, _chunks(lines, workers), repeat(set(known_sensors))))
