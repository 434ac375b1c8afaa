"""Sorted data: find where each query belongs in a sorted column.

Every version takes ``(values, queries)``: values sorted in ascending order
(a list for the pure-Python versions, a NumPy array for the others) and the
numbers to look up; it returns, for each query, the index of the first value
not smaller than it (``bisect_left``'s answer: the query's insertion point).
A linear scan reads half the column per query; a binary search reads about
log2(n) values, because the column is sorted.
"""

from __future__ import annotations

import bisect

import numpy as np


def search_linear_scan(values: list[float], queries: list[float]) -> list[int]:
    """Walk the column from the start until a value is not smaller: n/2 steps a query."""
    found = []
    n = len(values)
    for q in queries:
        i = 0
        while i < n and values[i] < q:
            i += 1
        found.append(i)
    return found


def search_numpy_linear(values: np.ndarray, queries: np.ndarray) -> list[int]:
    """The same linear scan done by NumPy: every query compares the whole column in
    compiled code, still n comparisons each."""
    return [int(np.count_nonzero(values < q)) for q in queries]


def search_bisect(values: list[float], queries: list[float]) -> list[int]:
    """Binary search with the standard library's bisect: halve the range each step,
    about log2(n) comparisons a query."""
    return [bisect.bisect_left(values, q) for q in queries]


def search_numpy_searchsorted(values: np.ndarray, queries: np.ndarray) -> list[int]:
    """Binary search for all queries at once with np.searchsorted, in compiled code."""
    return np.searchsorted(values, queries, side="left").tolist()
