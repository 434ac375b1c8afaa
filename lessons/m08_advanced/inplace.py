"""In-place operations: evaluating a polynomial without temporary arrays.

Every function takes a float64 array x and returns the array 3x^3 + 2x^2 + x + 1.
Each NumPy operator returns a new array: ``3 * x**3`` allocates two. On large
arrays, allocating (and touching fresh pages) costs as much as the arithmetic.
"""

from __future__ import annotations

import numpy as np


def poly_temporaries(x: np.ndarray) -> np.ndarray:
    """The formula as written: six operators, six temporary arrays the size of x."""
    return 3 * x**3 + 2 * x**2 + x + 1


def poly_horner(x: np.ndarray) -> np.ndarray:
    """Horner's rule, ((3x + 2)x + 1)x + 1: fewer operations, still a new array for each."""
    return ((3 * x + 2) * x + 1) * x + 1


def poly_horner_inplace(x: np.ndarray) -> np.ndarray:
    """Horner's rule with augmented assignment: one array allocated, then updated in place."""
    y = 3 * x
    y += 2
    y *= x
    y += 1
    y *= x
    y += 1
    return y


def poly_horner_out(x: np.ndarray) -> np.ndarray:
    """The same with the ufuncs' ``out=`` argument: every step writes into the one result array."""
    y = np.multiply(x, 3.0, out=np.empty_like(x))
    np.add(y, 2.0, out=y)
    np.multiply(y, x, out=y)
    np.add(y, 1.0, out=y)
    np.multiply(y, x, out=y)
    np.add(y, 1.0, out=y)
    return y
