"""The same product from three libraries: BLIS, BLAS's dgemm called by name, and NumPy.

Every function takes two float64 matrices ``a`` (n x m) and ``b`` (m x p), C-ordered,
and returns their product (n x p). NumPy and SciPy each bring their own copy of OpenBLAS,
each with its own threads; BLIS (the ``blis`` package) is a third library. They are timed
here, apart from matmul.py's techniques: two BLAS libraries in one process, each of whose
threads spin a while after their work to be ready for the next call, can take each other's
cores. Interleaved with SciPy's copy, NumPy's product at n = 1024 took 66.7 ms in the book's
run (reference/0017), against 36.3 ms in matmul.py's group, where no other BLAS ran between
its rounds; before it had its own topic, interleaved there with the one-thread technique's
change of NumPy's thread count too, it ran slower on two threads than on one
(reference/0016). Load one BLAS where you can.
"""

from __future__ import annotations

import numpy as np


def product_blis(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """BLIS, the BLAS-like library built on the method of matmul.py's packed kernel (its
    micro-kernels written in assembly per processor), through the ``blis`` package
    (``pip install blis``); the package's build runs on one thread."""
    import blis.py  # optional: the test skips this technique where it is missing

    return blis.py.gemm(a, b)


def product_scipy_dgemm(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """BLAS's dgemm called by name (scipy.linalg.blas), as a C or Fortran program would. BLAS
    stores matrices by columns (Fortran order); a C-ordered A read that way is A transposed,
    so this asks for B.T @ A.T, whose transpose is C, and nothing is copied. (Passing a and b
    as they are makes SciPy copy both into Fortran order first.) SciPy's own OpenBLAS."""
    from scipy.linalg.blas import dgemm

    return dgemm(1.0, b.T, a.T).T


def product_numpy(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """a @ b: NumPy's OpenBLAS on every core."""
    return a @ b
