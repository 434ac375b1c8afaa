"""A compute-bound kernel over threads: the matrix product C = A @ B.

Every function takes two n x n float64 matrices and ``threads``, the number of
threads it may use, and returns their product. A matrix product does 2n^3
floating-point operations on 3n^2 numbers: each number loaded is used n times,
so the cores' arithmetic, not the memory, sets the pace, and adding cores adds
speed. The thread count is set explicitly and restored afterwards.
"""

from __future__ import annotations

import numba
import numpy as np
from numba import njit, prange
from threadpoolctl import ThreadpoolController

_THREADPOOLS = ThreadpoolController()  # looked up once: it takes milliseconds


def matmul_numba_loops(a: np.ndarray, b: np.ndarray, threads: int) -> np.ndarray:
    """Compiled loops in the cache-friendly order i, k, j, the rows of C shared out over
    ``threads`` threads (numba's prange, numba.set_num_threads)."""
    c = np.zeros((a.shape[0], b.shape[1]))
    previous = numba.get_num_threads()
    numba.set_num_threads(threads)
    try:
        _ikj_parallel(a, b, c)
    finally:
        numba.set_num_threads(previous)
    return c


@njit(parallel=True, cache=False)
def _ikj_parallel(a, b, c):
    n, m = a.shape
    p = b.shape[1]
    for i in prange(n):
        for k in range(m):
            a_ik = a[i, k]
            for j in range(p):
                c[i, j] += a_ik * b[k, j]


def matmul_blas(a: np.ndarray, b: np.ndarray, threads: int) -> np.ndarray:
    """BLAS (a @ b) held to ``threads`` threads (threadpoolctl): blocked for the caches and
    vectorised, it keeps every core's arithmetic units busy."""
    with _THREADPOOLS.limit(limits=threads, user_api="blas"):
        return a @ b
