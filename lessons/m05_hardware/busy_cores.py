"""How many cores the work really uses: the same matrix product in pure Python and through BLAS.

Every function takes two n x n float64 matrices and returns their product as a
NumPy array. The tests watch each one with optbook's monitor (``optbook monitor
-- python script.py`` on the command line): plain Python keeps one core busy
however many the machine has, BLAS keeps them all busy. Asking a batch system
for more cores helps only the second.
"""

from __future__ import annotations

import numpy as np
from threadpoolctl import ThreadpoolController

from lessons.m05_hardware._cores import usable_cores

_THREADPOOLS = ThreadpoolController()  # looked up once: it takes milliseconds


def matmul_pure_python(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Pure Python over lists (each row times each column with zip and sum): the interpreter runs
    one instruction at a time, on one core."""
    rows, columns = a.tolist(), b.T.tolist()
    return np.array([[sum(x * y for x, y in zip(row, col)) for col in columns] for row in rows]).reshape(
        a.shape[0], b.shape[1]
    )


def matmul_numpy_blas(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """a @ b: NumPy hands the product to BLAS, here held to one thread per usable core
    (threadpoolctl), which is also what BLAS starts by default."""
    with _THREADPOOLS.limit(limits=usable_cores(), user_api="blas"):
        return a @ b
