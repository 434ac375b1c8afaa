"""The same n numbers held in seven structures: the memory each one takes.

Every function takes ``n`` and returns a structure that holds the numbers
0.0, 1.0, ..., n - 1 (as floats), made from nothing, so that the memory it
holds afterwards is all its own. A Python float is an object of 24 bytes;
a list holds an 8-byte pointer to each; ``array.array`` and NumPy hold the
8-byte values themselves, side by side. The order is from the most memory to
the least. The time to build each is measured too, but footprint is not time:
the test measures the bytes held with ``tracemalloc``.
"""

from __future__ import annotations

from array import array

import numpy as np


class Point:
    """An object with one attribute, stored the ordinary way: in a per-object ``__dict__``."""

    def __init__(self, value: float) -> None:
        self.value = value


class SlotPoint:
    """The same object with ``__slots__``: a fixed slot for the attribute, no ``__dict__``."""

    __slots__ = ("value",)

    def __init__(self, value: float) -> None:
        self.value = value


def hold_objects(n: int) -> list[Point]:
    """One ordinary object per number: an object header, its attribute values and a 24-byte float each."""
    return [Point(float(i)) for i in range(n)]


def hold_dict(n: int) -> dict[int, float]:
    """A dict from position to number: a hash table of entries, an int key per number."""
    return {i: float(i) for i in range(n)}


def hold_slots_objects(n: int) -> list[SlotPoint]:
    """One small object per number with ``__slots__``: no per-object dict."""
    return [SlotPoint(float(i)) for i in range(n)]


def hold_list(n: int) -> list[float]:
    """A list: an 8-byte pointer per number, plus the 24-byte float object it points to."""
    return [float(i) for i in range(n)]


def hold_tuple(n: int) -> tuple[float, ...]:
    """A tuple: like a list without the spare room a list keeps for appending."""
    return tuple(float(i) for i in range(n))


def hold_array(n: int) -> array:
    """``array.array('d')``: the 8-byte values themselves, no object per number."""
    return array("d", map(float, range(n)))


def hold_numpy(n: int) -> np.ndarray:
    """A NumPy float64 array: 8 bytes a number and a header of about a hundred bytes."""
    return np.arange(n, dtype=np.float64)
