"""Exercises of lesson 7: make these functions faster, keeping their answers.

Each function below is the slow baseline of one topic of the lesson, copied here for
you to edit. Its docstring says which idea of the lesson to apply. Check and time your
versions with::

    pytest lessons/m07_basics --exercises

which runs the topic's equivalence tests on them (a wrong answer is shown with the
smallest input that gives it) and times them beside the baseline and the book's
fastest version. The book's answers are in solutions.py: try first.
"""

from __future__ import annotations

import math
from types import SimpleNamespace


def counting_exercise(words: list[str]) -> dict[str, int]:
    """Count how often each word occurs (counting.py).

    This loop tests ``if word in counts`` and then looks the word up again: two hash
    lookups per word, in Python. Use a tool of the standard library that counts for you,
    so that the loop runs in C. Return a dict (or a subclass of dict) from word to count.
    """
    counts: dict[str, int] = {}
    for word in words:
        if word in counts:
            counts[word] += 1
        else:
            counts[word] = 1
    return counts


def hoisting_exercise(values: list[float], scale: SimpleNamespace) -> list[int]:
    """Place each reading on a scale of ``scale.steps`` steps between ``scale.low`` and
    ``scale.high`` (hoisting.py).

    Everything inside the loop runs once per value, even what never changes: three
    attribute lookups, the step width, ``out.append`` and ``math.floor``. Compute the
    constant part once, before the loop, and look up as little as possible inside it.
    """
    out = []
    for v in values:
        out.append(math.floor((v - scale.low) / ((scale.high - scale.low) / scale.steps) + 0.5))
    return out
