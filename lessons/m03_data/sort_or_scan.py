"""Unsorted data: scan it for every query, or sort it once and then search?

Every version takes ``(values, queries)``: values in any order (a NumPy array of
float64) and the numbers to look up; it returns, for each query, how many values
are smaller than it (the query's position in the sorted column, ``bisect_left``'s
answer). Without sorting, every query reads the whole column: n comparisons.
Sorting costs about n log2(n) comparisons once; after it every query is a binary
search of about log2(n). So sorting pays for itself once there are enough
queries, and the benchmark finds after how many, by timing both for a growing
number of queries on the same column.
"""

from __future__ import annotations

import numpy as np


def count_smaller_scan(values: np.ndarray, queries: np.ndarray) -> list[int]:
    """No sorting: every query compares the whole column, in compiled code (n comparisons
    a query, each of them cheap, in one stream through memory)."""
    return [int(np.count_nonzero(values < q)) for q in queries]


def count_smaller_sort_first(values: np.ndarray, queries: np.ndarray) -> list[int]:
    """Sort a copy of the column once (np.sort, n log n), then a binary search for every
    query (np.searchsorted, log n each); the sort is paid on every call, as it would be for
    data that arrive unsorted."""
    return np.searchsorted(np.sort(values), queries, side="left").tolist()
