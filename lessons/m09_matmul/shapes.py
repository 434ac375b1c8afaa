"""Shapes and memory layouts: the same product on matrices that are not square, or not in C order.

Every function takes two NumPy matrices ``a`` (n x m) and ``b`` (m x p), in any memory
layout (C order, Fortran order, or a transposed view such as ``x.T``), and returns their
product as a new C-ordered array. A transposed view costs nothing to make: ``x.T`` is the
same memory read with the strides swapped, so a C-ordered ``x`` gives a Fortran-ordered
``x.T``. What a layout costs depends on who reads it: a loop written for C order, or BLAS.
"""

from __future__ import annotations

import numpy as np

from lessons.m09_matmul import matmul


def product_loops(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Compiled loops in the order i, k, j, written for C order: the inner loop walks a row
    of B and a row of C. On a Fortran-ordered B each step of that loop jumps a whole column
    (m numbers) ahead, and most loads miss the cache; with one column in B (a matrix times a
    vector) the inner loop has one step, and all the work is loop overhead."""
    return matmul.matmul_numba_ikj(a, b)  # the i, k, j loops of matmul.py


def product_loops_on_c_copies(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """The same loops on C-ordered copies (np.ascontiguousarray copies only what is not
    C-ordered already): one pass over each matrix buys the loops their stride-1 rows back."""
    return product_loops(np.ascontiguousarray(a), np.ascontiguousarray(b))


def product_blas_on_c_copies(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """BLAS on C-ordered copies: the copies are made in vain, BLAS did not need them."""
    return np.ascontiguousarray(a) @ np.ascontiguousarray(b)


def product_blas(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """a @ b: NumPy reads each matrix's layout from its strides and tells BLAS's dgemm to
    read it as it is or transposed (a flag, "N" or "T"), so nothing is copied; a matrix
    times a vector goes to the matrix-vector routine (dgemv)."""
    return a @ b
