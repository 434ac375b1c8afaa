"""Views against copies: summing a block of a large matrix.

Every function takes a 2-D float64 array and returns the sum of the block of
every second row and the first half of the columns. Slicing returns a view (new
shape and strides over the same memory); fancy indexing and ``.copy()`` copy.
"""

from __future__ import annotations

import numpy as np


def block_sum_fancy_index(a: np.ndarray) -> float:
    """Index with arrays of row and column numbers: NumPy must gather the elements into a new array."""
    rows = np.arange(0, a.shape[0], 2)
    cols = np.arange(a.shape[1] // 2)
    return float(a[np.ix_(rows, cols)].sum())


def block_sum_slice_copy(a: np.ndarray) -> float:
    """A slice, then ``.copy()`` "to be safe": the copy costs a read and a write of the block."""
    return float(a[::2, : a.shape[1] // 2].copy().sum())


def block_sum_slice_view(a: np.ndarray) -> float:
    """A slice is a view: no data moves until ``sum`` reads the elements where they are."""
    return float(a[::2, : a.shape[1] // 2].sum())
