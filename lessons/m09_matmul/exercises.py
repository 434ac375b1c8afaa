"""Exercise of lesson 9: make this function faster, keeping its answer.

The function below is the slow baseline of the lesson, copied here for you to edit; its
docstring says what to try. Check and time your version with::

    pytest lessons/m09_matmul --exercises

which runs the lesson's equivalence test on it (a wrong answer is shown with the smallest
input that gives it) and times it beside the baseline and the book's fastest version,
with the share of this machine's peak GFLOP/s it reaches. The book's answer is in
solutions.py: try first.
"""

from __future__ import annotations

import numpy as np


def matmul_exercise(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """The matrix product C = A @ B of an n x m and an m x p array (matmul.py), in the
    precision ``a @ b`` gives: float32 times float32 stays float32 (np.result_type).

    The textbook triple loop, interpreted: every ``a[i, k]`` is a Python object, and the
    inner loop walks B down a column, one scattered element at a time. Compile the loops
    (numba's ``@njit``) and change the loop order to i, k, j, so that the inner loop walks
    rows of B and C in memory order. Do not call ``a @ b`` or np.dot: write the loops.
    """
    n, m = a.shape
    p = b.shape[1]
    c = np.zeros((n, p), dtype=np.result_type(a, b))
    for i in range(n):
        for j in range(p):
            total = 0.0
            for k in range(m):
                total += a[i, k] * b[k, j]
            c[i, j] = total
    return c
