"""Solutions to the exercises of lesson 8 (exercises.py): one way to do each, not the only one."""

from __future__ import annotations

import numpy as np


def vectorise_exercise(xs: np.ndarray, ys: np.ndarray) -> np.ndarray:
    """np.hypot: the whole loop in compiled code, and no overflow or underflow in x * x."""
    return np.hypot(xs, ys)


def inplace_exercise(x: np.ndarray) -> np.ndarray:
    """Horner's rule with every step written into the one result array (out=)."""
    y = np.multiply(x, 3.0, out=np.empty_like(x))
    np.add(y, 2.0, out=y)
    np.multiply(y, x, out=y)
    np.add(y, 1.0, out=y)
    np.multiply(y, x, out=y)
    np.add(y, 1.0, out=y)
    return y
