"""A loop whose every step depends on the one before: the largest sum of a run of values.

Every function takes a sequence of numbers (daily gains and losses, say) and
returns the largest total of any unbroken run of them (0 for an empty run),
by Kadane's algorithm: the running total restarts at zero whenever it would go
negative. The restart depends on the data, so there is no whole-array NumPy
operation for it: NumPy does not help, a compiler does.
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
