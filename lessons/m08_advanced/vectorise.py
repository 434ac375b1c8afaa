"""Vectorising: the distance of many points from the origin.

Every function takes the x and the y coordinates of n points and returns the n
distances sqrt(x*x + y*y). The first takes and returns lists; the others take
NumPy float64 arrays and return an array.
"""

from __future__ import annotations

import math

import numpy as np


def distance_python_loop(xs: list[float], ys: list[float]) -> list[float]:
    """A Python loop over lists: every step is interpreted, every number a boxed object."""
    return [math.sqrt(x * x + y * y) for x, y in zip(xs, ys)]


def distance_numpy_element_loop(xs: np.ndarray, ys: np.ndarray) -> np.ndarray:
    """The same loop over NumPy arrays, element by element: slower than the lists,
    because every ``xs[i]`` makes a new NumPy scalar object, and its arithmetic is
    slower than a float's."""
    out = np.empty(len(xs))
    for i in range(len(xs)):
        out[i] = math.sqrt(xs[i] * xs[i] + ys[i] * ys[i])
    return out


def distance_numpy_vectorised(xs: np.ndarray, ys: np.ndarray) -> np.ndarray:
    """Whole-array operations: each one loops in compiled code over contiguous memory."""
    return np.sqrt(xs * xs + ys * ys)


def distance_numpy_hypot(xs: np.ndarray, ys: np.ndarray) -> np.ndarray:
    """``np.hypot``: one ufunc, no temporary arrays and no overflow for huge coordinates;
    but it calls the C library's careful hypot element by element, slower than sqrt here."""
    return np.hypot(xs, ys)
