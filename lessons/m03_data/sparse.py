"""Sparse against dense: a matrix-vector product where most of the matrix is zero.

Every version takes ``(matrix, vector)`` and returns ``matrix @ vector`` as a
NumPy array. The baseline stores every entry, zeros included; the others store
only the non-zero ones in scipy.sparse's compressed formats. The tests build
each format once, outside the timed call, and vary the share of non-zeros
(the density) to find where dense wins again.
"""

from __future__ import annotations

import numpy as np
from numba import njit


def matvec_dense(matrix: np.ndarray, vector: np.ndarray) -> np.ndarray:
    """Dense storage: n^2 numbers of 8 bytes, all read and multiplied, zeros included."""
    return matrix @ vector


def matvec_coo(matrix, vector: np.ndarray) -> np.ndarray:
    """Coordinate (COO) storage: a (row, column, value) triple per non-zero, easy to
    build but 16 bytes of indices each and no row order to exploit."""
    return matrix @ vector


def matvec_csr(matrix, vector: np.ndarray) -> np.ndarray:
    """Compressed sparse rows (CSR): the non-zeros row by row, a column index each and
    one offset per row: each row's products are summed in one pass."""
    return matrix @ vector


def matvec_csr_numba(matrix, vector: np.ndarray) -> np.ndarray:
    """The CSR product written out in numba, to show what CSR is: for row i, the
    values data[indptr[i]:indptr[i+1]] sit in the columns indices[same range]."""
    return _csr_matvec(matrix.indptr, matrix.indices, matrix.data, vector)


@njit(cache=False)
def _csr_matvec(indptr, indices, data, vector):
    out = np.zeros(len(indptr) - 1, dtype=np.float64)
    for i in range(len(indptr) - 1):
        total = 0.0
        for k in range(indptr[i], indptr[i + 1]):
            total += data[k] * vector[indices[k]]
        out[i] = total
    return out
