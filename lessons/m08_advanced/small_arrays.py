"""Small arrays: where NumPy's call overhead is larger than the work.

Every function takes n numbers (a list for the pure-Python functions, a float64
array for the NumPy ones) and returns the sum of their squares. A NumPy call
costs about a microsecond before it touches the first element; Python's own
loop costs tens of nanoseconds per element. Below some n, plain Python wins.

Every function here runs on one core: BLAS would split a long dot product over
its threads (OpenBLAS did at 30,000 numbers on the book's machine), so the
benchmark holds it to one thread (threadpoolctl), and the comparison stays one
core against one core.
"""

from __future__ import annotations

import math

import numpy as np


def sum_squares_python(values: list[float]) -> float:
    """``sum`` of a generator over a list: no call overhead, but interpreted per element."""
    return sum(v * v for v in values)


def sum_squares_python_fsum(values: list[float]) -> float:
    """``math.fsum`` of a list comprehension: one C call doing the additions (exactly rounded)."""
    return math.fsum([v * v for v in values])


def sum_squares_numpy(values: np.ndarray) -> float:
    """``np.sum(values * values)``: two NumPy calls and a temporary array."""
    return float(np.sum(values * values))


def sum_squares_numpy_dot(values: np.ndarray) -> float:
    """``values @ values``: one call, handed to BLAS (vectorised, no temporary)."""
    return float(values @ values)
