"""The cache hierarchy: the same sum over a working set that grows from L1 through L2 and L3 to main memory.

Every function takes an array ``x`` and ``repeats`` and returns the sum of x
added up ``repeats`` times (read the array, again and again). While the array
fits a cache, every pass after the first reads it from that cache; once it is
larger than the last-level cache, every pass streams it from main memory. The
tests choose the sizes from this machine's detected caches and move the same
number of bytes at every size, so that the throughput (GB/s) can be compared.
"""

from __future__ import annotations

import numpy as np
from numba import njit


def sum_numpy(x: np.ndarray, repeats: int) -> float:
    """NumPy's sum, called once per pass: fast per element, but every call costs about a
    microsecond before the first element is read, which hides the fastest caches."""
    total = 0.0
    for _ in range(repeats):
        total += float(x.sum())
    return total


def sum_compiled(x: np.ndarray, repeats: int) -> float:
    """All passes in one compiled loop (numba, SIMD with several partial sums): no per-pass cost, so
    the throughput shows where the data comes from."""
    return _sum_repeated(x, repeats)


@njit(fastmath=True, cache=False)  # fastmath lets the compiler keep several partial sums (SIMD)
def _sum_repeated(x, repeats):
    total = 0.0
    for _ in range(repeats):
        partial = 0.0
        for i in range(x.size):
            partial += x[i]
        total += partial
    return total
