"""Growing an array: collecting n results computed one at a time.

Every function takes n and returns a float64 array of the n values sqrt(i) * 0.5
for i = 0..n-1, computed one by one (as if each came from a step that cannot be
vectorised).
"""

from __future__ import annotations

import math

import numpy as np


def collect_list_append(n: int) -> np.ndarray:
    """Append to a Python list (amortised constant time), convert to an array once at the end."""
    values = []
    for i in range(n):
        values.append(math.sqrt(i) * 0.5)
    return np.array(values, dtype=np.float64)


def collect_np_append(n: int) -> np.ndarray:
    """``np.append`` in the loop: it copies the whole array every time, so the time grows
    as n squared. NumPy arrays have a fixed size; this is slower than plain Python."""
    values = np.empty(0)
    for i in range(n):
        values = np.append(values, math.sqrt(i) * 0.5)
    return values


def collect_preallocated(n: int) -> np.ndarray:
    """``np.empty(n)`` first, then fill by index: no copies, but each store goes through
    NumPy's item assignment (slower than a list append)."""
    values = np.empty(n)
    for i in range(n):
        values[i] = math.sqrt(i) * 0.5
    return values


def collect_fromiter(n: int) -> np.ndarray:
    """``np.fromiter`` with ``count``: the array is allocated once and filled straight from a generator."""
    return np.fromiter((math.sqrt(i) * 0.5 for i in range(n)), dtype=np.float64, count=n)
