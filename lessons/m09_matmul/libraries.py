"""The same product from three libraries: BLIS, BLAS's dgemm called by name, and NumPy.

Every function takes two float64 matrices ``a`` (n x m) and ``b`` (m x p), C-ordered,
and returns their product (n x p). NumPy and SciPy each bring their own copy of OpenBLAS,
each with its own threads; BLIS (the ``blis`` package) is a third library. They are timed
here, apart from matmul.py's techniques, whose test changes the number of NumPy's BLAS
threads between them (``matmul_numpy_one_thread``): on the book's machine, interleaving
that change with calls into SciPy's copy made NumPy's two-thread product up to five times
slower than on its own (24 against 4.5 ms at n = 512). Two thread pools in one process,
each spinning a while after its work to be ready for the next call, can take each
other's cores: load one BLAS where you can.
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
