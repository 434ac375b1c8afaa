"""Compiling loops with Numba: the total length of n 2-D vectors, sum of sqrt(x^2 + y^2).

Every function takes the x and y components (lists for the pure-Python
function, float64 arrays for the others) and returns the total length. Numba
compiles a function the first time it is called with new argument types; that
compile time is paid once and reported apart from the run time.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit, prange, vectorize


def total_length_python(xs: list[float], ys: list[float]) -> float:
    """A plain Python loop."""
    total = 0.0
    for x, y in zip(xs, ys):
        total += math.sqrt(x * x + y * y)
    return total


def total_length_numpy(xs: np.ndarray, ys: np.ndarray) -> float:
    """NumPy, vectorised: three temporary arrays, then a sum."""
    return float(np.sqrt(xs * xs + ys * ys).sum())


def total_length_numba(xs: np.ndarray, ys: np.ndarray) -> float:
    """The Python loop compiled by ``@njit``: no temporaries, one pass. The additions stay
    in order (IEEE rules), which keeps the loop from using SIMD for the sum."""
    return _total_length(xs, ys)


@njit(cache=False)
def _total_length(xs, ys):
    total = 0.0
    for i in range(xs.size):
        total += math.sqrt(xs[i] * xs[i] + ys[i] * ys[i])
    return total


def total_length_numba_fastmath(xs: np.ndarray, ys: np.ndarray) -> float:
    """``@njit(fastmath=True)`` lets the compiler reorder the additions, so it keeps
    several partial sums in SIMD registers. The result changes in the last bits."""
    return _total_length_fastmath(xs, ys)


@njit(fastmath=True, cache=False)
def _total_length_fastmath(xs, ys):
    total = 0.0
    for i in range(xs.size):
        total += math.sqrt(xs[i] * xs[i] + ys[i] * ys[i])
    return total


def total_length_numba_parallel(xs: np.ndarray, ys: np.ndarray) -> float:
    """``@njit(parallel=True)`` with ``prange`` (and fastmath, as above): the iterations are
    split over numba's threads (``numba.set_num_threads``), each with its own partial sum."""
    return _total_length_parallel(xs, ys)


@njit(parallel=True, fastmath=True, cache=False)
def _total_length_parallel(xs, ys):
    total = 0.0
    for i in prange(xs.size):
        total += math.sqrt(xs[i] * xs[i] + ys[i] * ys[i])
    return total


def total_length_numba_vectorize(xs: np.ndarray, ys: np.ndarray) -> float:
    """A scalar function made into a NumPy ufunc by ``@vectorize``: one compiled pass for
    the lengths (no temporaries between operators), then NumPy's sum."""
    return float(_length(xs, ys).sum())


@vectorize(cache=False)
def _length(x, y):
    return math.sqrt(x * x + y * y)
