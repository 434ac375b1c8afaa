"""Memory order: the same code on a C-ordered and on a Fortran-ordered array.

Every function takes an n x m float64 array and returns its m column sums. The
code of the pairs is the same; what differs is how the array lies in memory,
listed in ``INPUT_ORDER`` (the test makes each layout once, before timing).
NumPy's default, C order, stores each row contiguously: walking along a row reads
consecutive bytes, while walking down a column jumps a whole row's bytes (8 m) per
step, so every value costs a cache line of its own. Fortran order (``np.asfortranarray``,
the layout of Fortran, MATLAB and Julia) stores each column contiguously. A Python
loop over columns is fast or slow depending on the layout; NumPy's own
``a.sum(axis=0)`` picks a good traversal for either.
"""

from __future__ import annotations

import numpy as np

# the layout each function's input is stored in ("C": rows contiguous, "F": columns contiguous)
INPUT_ORDER = {
    "column_sums_loop_c_order": "C",
    "column_sums_loop_fortran_order": "F",
    "column_sums_axis_fortran_order": "F",
    "column_sums_axis_c_order": "C",
}


def column_sums_loop_c_order(a: np.ndarray) -> np.ndarray:
    """A loop over the columns of a C-ordered array: each ``a[:, j]`` is a strided view whose
    values lie 8 m bytes apart, one cache line (64 bytes) fetched per value used."""
    return np.array([a[:, j].sum() for j in range(a.shape[1])], dtype=np.float64)


def column_sums_loop_fortran_order(a: np.ndarray) -> np.ndarray:
    """The same loop on a Fortran-ordered array: each column is contiguous, so every cache
    line fetched is used whole."""
    return np.array([a[:, j].sum() for j in range(a.shape[1])], dtype=np.float64)


def column_sums_axis_fortran_order(a: np.ndarray) -> np.ndarray:
    """``a.sum(axis=0)`` on a Fortran-ordered array: one call, each column summed along
    contiguous memory."""
    return a.sum(axis=0)


def column_sums_axis_c_order(a: np.ndarray) -> np.ndarray:
    """``a.sum(axis=0)`` on a C-ordered array: NumPy adds whole rows into the m sums, reading
    memory in order, so no line is fetched twice."""
    return a.sum(axis=0)
