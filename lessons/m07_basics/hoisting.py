"""Hoisting: do once, before the loop, what does not change inside it.

Every function takes a list of readings and a ``scale`` object with attributes
``low``, ``high`` and ``steps``, and returns each reading placed on a scale of
``steps`` steps between low and high (rounded to a whole step).
"""

from __future__ import annotations

import math
from types import SimpleNamespace


def rescale_naive(values: list[float], scale: SimpleNamespace) -> list[int]:
    """Every pass looks up three attributes, ``out.append`` and ``math.floor``, and
    recomputes ``high - low`` and the step width, which never change."""
    out = []
    for v in values:
        out.append(math.floor((v - scale.low) / ((scale.high - scale.low) / scale.steps) + 0.5))
    return out


def rescale_hoisted(values: list[float], scale: SimpleNamespace) -> list[int]:
    """The constant part is computed once before the loop: one subtraction and one
    multiplication left per value."""
    low = scale.low
    per_unit = scale.steps / (scale.high - scale.low)
    out = []
    for v in values:
        out.append(math.floor((v - low) * per_unit + 0.5))
    return out


def rescale_local_names(values: list[float], scale: SimpleNamespace) -> list[int]:
    """Also bind ``out.append`` and ``math.floor`` to local names: a local is found by
    index, a global or attribute by a dictionary lookup on every use."""
    low = scale.low
    per_unit = scale.steps / (scale.high - scale.low)
    out = []
    append, floor = out.append, math.floor
    for v in values:
        append(floor((v - low) * per_unit + 0.5))
    return out


def rescale_comprehension(values: list[float], scale: SimpleNamespace) -> list[int]:
    """Hoisted constants and a list comprehension: no append to look up at all."""
    low = scale.low
    per_unit = scale.steps / (scale.high - scale.low)
    floor = math.floor
    return [floor((v - low) * per_unit + 0.5) for v in values]
