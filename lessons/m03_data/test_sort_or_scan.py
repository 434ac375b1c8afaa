"""Benchmarks and equivalence tests for lessons/m03_data/sort_or_scan.py."""

from __future__ import annotations

import bisect

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from lessons.m03_data import sort_or_scan
from optbook.lesson import by_scale, run, technique_names

ROWS = by_scale(tiny=[10_000], small=[1_000_000], medium=[10_000_000], large=[10_000_000])
QUERIES = by_scale(tiny=[1, 100], small=[1, 10, 100, 1000], medium=[1, 10, 100, 1000], large=[1, 10, 100, 1000])


@pytest.mark.parametrize("queries", QUERIES)
@pytest.mark.parametrize("rows", ROWS)
@pytest.mark.parametrize("technique", technique_names(sort_or_scan))
def test_sort_or_scan(benchmark, technique: str, rows: int, queries: int) -> None:
    """Time ``queries`` look-ups in an unsorted column of ``rows`` values, sorting included;
    check the counts against the standard library's binary search in a sorted list."""
    rng = np.random.default_rng(rows)
    values, wanted = rng.random(rows), rng.random(queries)
    found = run(benchmark, getattr(sort_or_scan, technique), values, wanted, items=queries)
    ordered = sorted(values.tolist())
    assert found == [bisect.bisect_left(ordered, q) for q in wanted.tolist()]


@pytest.mark.parametrize("technique", technique_names(sort_or_scan))
@given(
    values=st.lists(st.integers(-20, 20) | st.floats(-1e6, 1e6), max_size=50),
    queries=st.lists(st.integers(-25, 25) | st.floats(-1e6, 1e6), max_size=20),
)
def test_sort_or_scan_agrees_with_counting(technique: str, values: list[float], queries: list[float]) -> None:
    """Every version counts the smaller values as plain Python does: repeated values, queries
    below, above and equal to the values, no values and no queries included. (Queries are
    numbers: a NaN query has no place in a sorted column.)"""
    values = [float(v) for v in values]
    queries = [float(q) for q in queries]
    expected = [sum(v < q for v in values) for q in queries]
    got = getattr(sort_or_scan, technique)(np.array(values, dtype=np.float64), np.array(queries, dtype=np.float64))
    assert got == expected
