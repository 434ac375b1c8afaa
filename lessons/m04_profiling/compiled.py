"""Bursts in a detector's counts: a pipeline whose hot function is compiled with numba.

Every function takes ``counts``, the number of events a detector counted in each
millisecond (a 1-D array of integers), and ``width``, and returns how many
milliseconds are bursts: a count more than ``BURST_FACTOR`` times the mean of
the ``width`` counts before it. (In integers, exactly: ``count * width >
BURST_FACTOR * window_sum``.) The first ``width`` milliseconds have no full
window before them and are never bursts.

The pipeline has two stages: the sum of the window before every millisecond,
then the comparison. ``bursts_compiled`` compiles both with ``@njit``; to a
profiler such as cProfile, a compiled function is one opaque entry: its time is
there, but not what happens inside it, and the compiled helper it calls
(``_sum_of``) does not appear at all. Profiling the Python original
(``_window_sums_naive.py_func``, or the whole program with
``NUMBA_DISABLE_JIT=1``) shows the hot spot: the window's sum recomputed from
scratch for every millisecond, ``width`` additions each. The last function keeps
a running sum instead.
"""

from __future__ import annotations

import numpy as np
from numba import njit

BURST_FACTOR = 3  # a burst: more than three times the recent mean


# --- the pure-Python original ----------------------------------------------------------------


def _window_sums_python(counts: list[int], width: int) -> list[int]:
    sums = []
    for i in range(width, len(counts)):
        total = 0
        for j in range(i - width, i):  # the whole window added again for every millisecond
            total += counts[j]
        sums.append(total)
    return sums


def _count_bursts_python(counts: list[int], sums: list[int], width: int) -> int:
    bursts = 0
    for i, window_sum in enumerate(sums):
        if counts[i + width] * width > BURST_FACTOR * window_sum:
            bursts += 1
    return bursts


# --- the same stages compiled ----------------------------------------------------------------


@njit
def _sum_of(counts: np.ndarray, start: int, stop: int) -> int:
    """The sum of counts[start:stop], one element at a time."""
    total = 0
    for j in range(start, stop):
        total += counts[j]
    return total


@njit
def _window_sums_naive(counts: np.ndarray, width: int) -> np.ndarray:
    """For every millisecond, the sum of the window before it, recomputed from scratch."""
    sums = np.zeros(max(len(counts) - width, 0), dtype=np.int64)
    for i in range(width, len(counts)):
        sums[i - width] = _sum_of(counts, i - width, i)  # width additions for every millisecond
    return sums


@njit
def _window_sums_running(counts: np.ndarray, width: int) -> np.ndarray:
    """The same sums kept running: add the count that enters the window, subtract the one that leaves."""
    sums = np.zeros(max(len(counts) - width, 0), dtype=np.int64)
    if len(counts) <= width:
        return sums
    total = _sum_of(counts, 0, width)
    sums[0] = total
    for i in range(width + 1, len(counts)):
        total += counts[i - 1] - counts[i - 1 - width]
        sums[i - width] = total
    return sums


@njit
def _count_bursts(counts: np.ndarray, sums: np.ndarray, width: int) -> int:
    """How many milliseconds count more than BURST_FACTOR times the mean of their window."""
    bursts = 0
    for i in range(len(sums)):
        if counts[i + width] * width > BURST_FACTOR * sums[i]:
            bursts += 1
    return bursts


# --- the techniques --------------------------------------------------------------------------


def bursts_python(counts: np.ndarray, width: int) -> int:
    """Plain Python on a list: the window's sum recomputed for every millisecond, each addition
    a bytecode loop over boxed integers."""
    values = counts.tolist()
    return _count_bursts_python(values, _window_sums_python(values, width), width)


def bursts_compiled(counts: np.ndarray, width: int) -> int:
    """The same two stages compiled with numba's @njit: machine code, but still ``width``
    additions for every millisecond. cProfile sees each stage as one entry, nothing inside."""
    counts = np.ascontiguousarray(counts, dtype=np.int64)
    return int(_count_bursts(counts, _window_sums_naive(counts, width), width))


def bursts_compiled_running_sum(counts: np.ndarray, width: int) -> int:
    """The fix the Python profile points at (``_sum_of`` called once per millisecond): a running
    sum, two operations per millisecond whatever the width."""
    counts = np.ascontiguousarray(counts, dtype=np.int64)
    return int(_count_bursts(counts, _window_sums_running(counts, width), width))
