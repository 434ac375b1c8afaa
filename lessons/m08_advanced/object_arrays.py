"""Object arrays: NumPy holding Python objects instead of numbers.

Every function takes n prices and a tax rate and returns the total with tax,
sum(price * (1 + rate)). The prices come as a list, as a NumPy array of
``dtype=object`` (what you get from mixed data, or from ``np.array`` of
Python objects), or as a float64 array.
"""

from __future__ import annotations

import numpy as np


def total_python_list(prices: list[float], rate: float) -> float:
    """A list and ``sum`` of a generator: the plain-Python reference."""
    factor = 1 + rate
    return sum(p * factor for p in prices)


def total_object_array(prices: np.ndarray, rate: float) -> float:
    """The same vectorised code on an object array: NumPy loops in C but calls Python's
    float multiplication and addition for each element, and makes a temporary array of
    new float objects. It runs at about the list's speed, a little faster or slower
    depending on the state of the process's memory, and nowhere near the float64 array."""
    return float((prices * (1 + rate)).sum())


def total_float_array(prices: np.ndarray, rate: float) -> float:
    """A float64 array: the numbers sit unboxed side by side and the loop is compiled and vectorised."""
    return float((prices * (1 + rate)).sum())
