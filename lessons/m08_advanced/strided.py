"""Strided access: summing every k-th column of a C-ordered array, as a view or as a copy.

Every function takes ``b``, the columns ``a[:, ::k]`` of an n x m float64 array
``a``, and returns their sum. ``INPUT_LAYOUT`` says how each function gets them
(the test prepares them once, before timing): as a view, which shares ``a``'s
memory and steps 8 k bytes from one value to the next, or as a contiguous copy
(``np.ascontiguousarray``). A cache line holds 8 float64 values: with k >= 8 the
view uses one value per line fetched, so it reads k times the bytes it needs
(up to 8 times). A copy costs a pass over the view once; it pays when the
columns are read several times.
"""

from __future__ import annotations

import numpy as np

# how each function's input is prepared from a: "view" is a[:, ::k], "copy" is a contiguous copy of it
INPUT_LAYOUT = {
    "sum_strided_view": "view",
    "sum_contiguous_copy": "copy",
}


def sum_strided_view(b: np.ndarray) -> float:
    """The sum of a strided view: no copy, but the values are k * 8 bytes apart, and every
    cache line brought in for one value carries up to seven that are not wanted."""
    return float(b.sum())


def sum_contiguous_copy(b: np.ndarray) -> float:
    """The same sum over a contiguous copy (made beforehand): every byte read is a wanted
    value, and NumPy's SIMD loop runs over consecutive memory."""
    return float(b.sum())
