"""A light compound expression over large arrays: y = a * x + b, element by element.

Every function takes three float64 arrays of the same length, ``a``, ``x`` and
``b``, and returns a * x + b. Two operations for every 32 bytes moved: the speed
is set by memory bandwidth, not by arithmetic (compare ``expression.py``, which
does seven). NumExpr's thread count is set by the caller.
"""

from __future__ import annotations

import numpy as np


def multiply_add_numpy(a: np.ndarray, x: np.ndarray, b: np.ndarray) -> np.ndarray:
    """NumPy: ``a * x`` makes a temporary array, ``+ b`` a second pass over it."""
    return a * x + b


def multiply_add_numexpr(a: np.ndarray, x: np.ndarray, b: np.ndarray) -> np.ndarray:
    """NumExpr: one pass in cache-sized blocks on several threads, no temporary in memory."""
    import numexpr

    return numexpr.evaluate("a * x + b")
