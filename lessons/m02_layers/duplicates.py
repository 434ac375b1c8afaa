"""The algorithm layer alone: finding the values that occur more than once.

Every version takes a list of integers and returns the set of values that
appear at least twice. Comparing all pairs grows as n^2, sorting first as
n log n, a hash set as n: no compiler or extra core makes up for the n^2 once
the data grow.
"""

from __future__ import annotations

from itertools import pairwise

import numpy as np


def duplicates_all_pairs(values: list[int]) -> set[int]:
    """Compare every value with every later one: n(n-1)/2 comparisons."""
    found = set()
    n = len(values)
    for i in range(n):
        v = values[i]
        for j in range(i + 1, n):
            if values[j] == v:
                found.add(v)
                break
    return found


def duplicates_sort_then_scan(values: list[int]) -> set[int]:
    """Sort (n log n), then equal values sit side by side: one pass over neighbours."""
    ordered = sorted(values)
    return {a for a, b in pairwise(ordered) if a == b}


def duplicates_hash_set(values: list[int]) -> set[int]:
    """Remember what was seen in a hash set: one look-up per value, n in all."""
    seen: set[int] = set()
    found = set()
    for v in values:
        if v in seen:
            found.add(v)
        else:
            seen.add(v)
    return found


def duplicates_numpy_unique(values: list[int]) -> set[int]:
    """A library: NumPy sorts in compiled code and counts each value (n log n, a far
    smaller constant); converting the list to an array is part of the cost."""
    if not values:
        return set()
    unique, counts = np.unique(np.asarray(values, dtype=np.int64), return_counts=True)
    return set(unique[counts > 1].tolist())
