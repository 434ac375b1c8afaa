"""A compound expression over large arrays: the law of cosines, c^2 = a^2 + b^2 - 2ab cos(gamma).

Every function takes three float64 arrays of the same length, ``a``, ``b`` and
``cos_gamma``, and returns the array of c^2. NumExpr's thread count is set by
the caller (``numexpr.set_num_threads``); NumPy's element-wise operations use
one thread.
"""

from __future__ import annotations

import numpy as np


def expression_numpy(a: np.ndarray, b: np.ndarray, cos_gamma: np.ndarray) -> np.ndarray:
    """NumPy evaluates one operator at a time: seven passes over memory, each making a
    temporary array as large as the inputs."""
    return a**2 + b**2 - 2 * a * b * cos_gamma


def expression_numexpr(a: np.ndarray, b: np.ndarray, cos_gamma: np.ndarray) -> np.ndarray:
    """NumExpr compiles the whole expression and evaluates it block by block (a few
    thousand elements, in cache), on several threads: one read of each input, one write."""
    import numexpr

    return numexpr.evaluate("a**2 + b**2 - 2 * a * b * cos_gamma")
