"""Solutions to the exercises of lesson 7 (exercises.py): one way to do each, not the only one."""

from __future__ import annotations

import math
from collections import Counter
from types import SimpleNamespace


def counting_exercise(words: list[str]) -> dict[str, int]:
    """collections.Counter counts in a loop written in C."""
    return Counter(words)


def hoisting_exercise(values: list[float], scale: SimpleNamespace) -> list[int]:
    """The constants computed once, local names, and a comprehension instead of append."""
    low = scale.low
    per_unit = scale.steps / (scale.high - scale.low)
    floor = math.floor
    return [floor((v - low) * per_unit + 0.5) for v in values]
