"""Solution to the exercise of lesson 3 (exercises.py): one way to do it, not the only one."""

from __future__ import annotations

import bisect


def sorted_search_exercise(values: list[float], queries: list[float]) -> list[int]:
    """bisect_left: a binary search, written in C, about log2(n) comparisons a query."""
    return [bisect.bisect_left(values, q) for q in queries]
