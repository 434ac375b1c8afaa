"""A memory-bound kernel over threads: the triad a = b + 3 c on arrays far larger than the caches.

Every function takes the output array ``out``, two input arrays ``b`` and ``c``
of the same length and ``threads``, the number of threads it may use; it writes
b + 3 c into ``out`` and returns it. Each element costs 2 floating-point
operations but 24 bytes of memory traffic (two 8-byte loads, one store): the
cores wait for memory, so once the memory bus is saturated more threads add
little. The thread count is set explicitly and restored afterwards.
"""

from __future__ import annotations

import numba
import numexpr
import numpy as np
from numba import njit, prange


def triad_numpy(out: np.ndarray, b: np.ndarray, c: np.ndarray, threads: int) -> np.ndarray:
    """NumPy, as usually written: one thread whatever ``threads`` says (NumPy's elementwise
    operations do not use threads), and a temporary array for 3 c."""
    out[:] = b + 3.0 * c
    return out


def triad_numpy_in_place(out: np.ndarray, b: np.ndarray, c: np.ndarray, threads: int) -> np.ndarray:
    """NumPy without temporaries: 3 c written straight into ``out``, then b added to it in place
    (the ``out=`` argument of every ufunc). Still one thread, and two passes over ``out``, but no
    new array to allocate, fault in and copy."""
    np.multiply(c, 3.0, out=out)
    np.add(b, out, out=out)
    return out


def triad_numexpr(out: np.ndarray, b: np.ndarray, c: np.ndarray, threads: int) -> np.ndarray:
    """numexpr evaluates the expression in cache-sized blocks, no temporaries, on ``threads``
    threads (numexpr.set_num_threads; at most numexpr.MAX_THREADS, which NUMEXPR_MAX_THREADS
    sets when numexpr is imported: asked for more, numexpr keeps its old count and returns -1)."""
    previous = numexpr.set_num_threads(threads)
    if previous < 0 or numexpr.get_num_threads() != threads:
        raise ValueError(f"numexpr cannot use {threads} threads: NUMEXPR_MAX_THREADS is {numexpr.MAX_THREADS}")
    try:
        return numexpr.evaluate("b + 3.0 * c", out=out)
    finally:
        numexpr.set_num_threads(previous)


def triad_numba(out: np.ndarray, b: np.ndarray, c: np.ndarray, threads: int) -> np.ndarray:
    """One compiled loop, its range shared out over ``threads`` threads (numba's prange,
    numba.set_num_threads)."""
    previous = numba.get_num_threads()
    numba.set_num_threads(threads)
    try:
        _triad_parallel(out, b, c)
    finally:
        numba.set_num_threads(previous)
    return out


@njit(parallel=True, cache=False)
def _triad_parallel(out, b, c):
    for i in prange(out.size):
        out[i] = b[i] + 3.0 * c[i]
