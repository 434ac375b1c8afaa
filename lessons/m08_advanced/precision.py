"""Single against double precision: the same sum of squares in float64 and in float32.

Every function takes a 1-D array ``x`` and returns the sum of its squares as a
Python float. The array is given in the precision the function works in (listed
in ``INPUT_DTYPE``): converting it is a pass over the data of its own, done once
when the data are made, not in every call. A float32 value takes 4 bytes against
8, so a pass over the array moves half the bytes, and a SIMD register holds twice
as many values. The price is precision: float32 keeps about 7 significant digits
(epsilon 1.2e-7) against 16 (2.2e-16), the error of a long sum grows with its
length, and float32 overflows above 3.4e38 (a square above 1.8e19).
"""

from __future__ import annotations

import numpy as np

# the dtype each function's input is stored in (made once, outside the timed call)
INPUT_DTYPE = {
    "sum_squares_float64": np.float64,
    "sum_squares_float32_wide_sum": np.float32,
    "sum_squares_float32": np.float32,
}


def sum_squares_float64(x: np.ndarray) -> float:
    """Double precision (x in float64): ``np.dot(x, x)``, 8 bytes read per value."""
    return float(np.dot(x, x))


def sum_squares_float32_wide_sum(x: np.ndarray) -> float:
    """x stored in float32, the squares added in float64 (``np.sum(..., dtype=np.float64)``):
    half the bytes to read, and the sum loses nothing to its length; the squares make a
    temporary array."""
    return float(np.sum(x * x, dtype=np.float64))


def sum_squares_float32(x: np.ndarray) -> float:
    """Single precision throughout (x in float32): ``np.dot(x, x)``, 4 bytes read per
    value and twice the values per SIMD instruction; the sum's error grows with n."""
    return float(np.dot(x, x))
