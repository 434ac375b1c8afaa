"""Sending a large array to worker processes: pickling against shared memory.

Every function takes a large NumPy array and ``workers`` and returns the sum of
its elements, computed in ``workers`` parts, by worker processes (the last
function sums the same parts here, for comparison). The work per element is
tiny on purpose: what is measured is the cost of getting the data to the workers.
"""

from __future__ import annotations

import itertools
import sys
from multiprocessing import shared_memory

import numpy as np

from ._pools import process_pool

# From Python 3.13 a process that only attaches to a block can say that it does not own it.
_ATTACH = {"track": False} if sys.version_info >= (3, 13) else {}


def _bounds(size: int, workers: int) -> list[tuple[int, int]]:
    """``workers`` consecutive (start, stop) parts of nearly equal length."""
    cuts = [size * i // workers for i in range(workers + 1)]
    return list(itertools.pairwise(cuts))


def _partial_sum(part: np.ndarray) -> float:
    return float(part.sum())


def _partial_sum_shared(task: tuple[str, tuple[int, ...], str, int, int]) -> float:
    """Attach to the shared block by its name and sum elements start..stop of the array in it."""
    name, shape, dtype, start, stop = task
    block = shared_memory.SharedMemory(name=name, **_ATTACH)
    array = np.ndarray(shape, dtype=dtype, buffer=block.buf)
    total = float(array[start:stop].sum())
    del array  # no view of the block may outlive it
    block.close()
    return total


def sum_in_processes_pickled(array: np.ndarray, workers: int) -> float:
    """Pass each worker its part as an argument: every part is pickled into bytes,
    written through a pipe and unpickled into a new array on the other side."""
    parts = [array[a:b] for a, b in _bounds(array.size, workers)]
    return sum(process_pool(workers).map(_partial_sum, parts))


def sum_in_processes_shared_memory(array: np.ndarray, workers: int) -> float:
    """Copy the array once into a ``multiprocessing.shared_memory`` block and send the
    workers only its name and their bounds: they read the same pages, nothing is pickled."""
    block = shared_memory.SharedMemory(create=True, size=max(1, array.nbytes))
    try:
        shared = np.ndarray(array.shape, dtype=array.dtype, buffer=block.buf)
        shared[...] = array
        del shared
        tasks = [(block.name, array.shape, array.dtype.str, a, b) for a, b in _bounds(array.size, workers)]
        return sum(process_pool(workers).map(_partial_sum_shared, tasks))
    finally:
        block.close()
        block.unlink()


def sum_in_this_process(array: np.ndarray, workers: int) -> float:
    """No worker processes: for work this light, moving the data costs more than the
    work itself, and staying in one process is fastest."""
    return sum(_partial_sum(array[a:b]) for a, b in _bounds(array.size, workers))
