"""A loop whose every step depends on the one before: the largest sum of a run of values.

Every function takes a sequence of numbers (daily gains and losses, say) and
returns the largest total of any unbroken run of them (0 for an empty run),
by Kadane's algorithm: the running total restarts at zero whenever it would go
negative. The restart depends on the data, so no single element-wise NumPy
operation does it, but the problem has a whole-array form all the same: a scan.
The best run ending at j is the running total at j minus the smallest running
total before it, and ``np.cumsum`` and ``np.minimum.accumulate`` (every ufunc
has ``.accumulate``) give those for every j in two passes. Before reaching for a
compiler, ask whether the recurrence is a scan of +, max or min.

The price of the scan is precision: it subtracts two running totals, which grow
with n (like the square root of n for random gains and losses, like n for a
trend), so the answer loses the low digits that the loop keeps, and loses more
the longer the array. The loop's own total restarts at zero and stays small.
"""

from __future__ import annotations

import numpy as np
from numba import njit


def best_run_python(values: list[float]) -> float:
    """The loop in plain Python over a list."""
    best = current = 0.0
    for v in values:
        current = max(0.0, current + v)
        best = max(best, current)
    return best


def best_run_numpy_elements(values: np.ndarray) -> float:
    """The same loop over a NumPy array: each element is taken out as a NumPy scalar,
    so it runs slower than the list version."""
    best = current = 0.0
    for v in values:
        current = max(0.0, current + v)
        best = max(best, current)
    return float(best)


def best_run_numpy_accumulate(values: np.ndarray) -> float:
    """The scan: prefix sums (with a leading 0 for the empty run), minus the smallest
    prefix sum so far, maximised. Three whole-array passes, no Python loop; the result
    can differ from the loop's in the last digits (see the module's note)."""
    prefix = np.concatenate(([0.0], np.cumsum(values)))
    return float(np.max(prefix - np.minimum.accumulate(prefix)))


def best_run_numba(values: np.ndarray) -> float:
    """The same loop compiled by numba (``@njit``): machine code over raw float64s,
    the dependency from step to step costing one or two cycles."""
    return float(_best_run_kernel(values))


@njit(cache=False)
def _best_run_kernel(values):
    best = current = 0.0
    for v in values:
        current = max(0.0, current + v)
        best = max(best, current)
    return best
