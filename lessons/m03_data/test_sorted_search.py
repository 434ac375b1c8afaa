"""Benchmarks and equivalence tests for lessons/m03_data/sorted_search.py."""

from __future__ import annotations

import bisect

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from lessons.m03_data import sorted_search
from optbook.lesson import by_scale, run, skip_if_too_slow, technique_names

SIZES = by_scale(tiny=[1_000, 4_000], small=[1_000, 10_000, 100_000, 1_000_000], medium=[10_000, 1_000_000, 10_000_000])
QUERIES = 200


def inputs_for(technique: str, values: np.ndarray, queries: np.ndarray) -> tuple:
    """Lists for the pure-Python versions, arrays for the NumPy ones (converted outside the timed call)."""
    if "numpy" in technique:
        return values, queries
    return values.tolist(), queries.tolist()


@pytest.mark.parametrize("n", SIZES)
@pytest.mark.parametrize("technique", technique_names(sorted_search))
def test_sorted_search(benchmark, technique: str, n: int) -> None:
    """Time 200 look-ups in n sorted values; check the positions against np.searchsorted."""
    skip_if_too_slow(benchmark, grows_as=1 if "linear" in technique else 0.2)
    rng = np.random.default_rng(n)
    values, queries = np.sort(rng.random(n)), rng.random(QUERIES)
    found = run(benchmark, getattr(sorted_search, technique), *inputs_for(technique, values, queries), items=QUERIES)
    assert found == np.searchsorted(values, queries).tolist()


@pytest.mark.parametrize("technique", technique_names(sorted_search))
@given(
    values=st.lists(st.integers(-20, 20) | st.floats(-1e6, 1e6), max_size=50).map(sorted),
    queries=st.lists(st.integers(-25, 25) | st.floats(-1e6, 1e6), max_size=20),
)
def test_sorted_search_agrees_with_linear_scan(technique: str, values: list[float], queries: list[float]) -> None:
    """Every version finds the linear scan's positions: repeated values (the first of them),
    queries below, above and equal to the values, no values and no queries included."""
    values = [float(v) for v in values]  # the NumPy versions compare float64 arrays
    queries = [float(q) for q in queries]
    args = inputs_for(technique, np.array(values, dtype=np.float64), np.array(queries, dtype=np.float64))
    expected = sorted_search.search_linear_scan(values, queries)
    assert getattr(sorted_search, technique)(*args) == expected
    assert expected == [bisect.bisect_left(values, q) for q in queries]
