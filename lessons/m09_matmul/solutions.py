"""Solution to the exercise of lesson 9 (exercises.py): one way to do it, not the only one."""

from __future__ import annotations

import numpy as np
from numba import njit


@njit(cache=False)
def _add_product_ikj(a, b, c):
    n, m = a.shape
    p = b.shape[1]
    for i in range(n):
        for k in range(m):
            aik = a[i, k]
            for j in range(p):
                c[i, j] += aik * b[k, j]


def matmul_exercise(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """The loops compiled by numba, in the order i, k, j: the inner loop runs along a row
    of B and a row of C, contiguous in memory, which the compiler turns into SIMD code."""
    c = np.zeros((a.shape[0], b.shape[1]), dtype=np.result_type(a, b))
    _add_product_ikj(a, b, c)
    return c
