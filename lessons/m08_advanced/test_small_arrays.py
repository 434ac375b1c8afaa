"""Benchmarks and equivalence tests for lessons/m08_advanced/small_arrays.py."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from lessons.m08_advanced import small_arrays
from optbook.lesson import by_scale, run, technique_names

SIZES = by_scale(tiny=[3, 1_000], small=[3, 30, 300, 3_000, 30_000], medium=[3, 30, 300, 3_000, 30_000, 300_000])


@pytest.fixture
def one_blas_thread(benchmark):
    """Hold BLAS to one thread while the test runs (the harness re-applies the limit in force
    at run() while it times), record it, and lift it afterwards."""
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1, user_api="blas"):
        benchmark.extra_info["blas_threads"] = 1
        yield


def inputs_for(technique: str, values: list[float]):
    """A list for the pure-Python techniques, a float64 array for the NumPy ones."""
    return values if "python" in technique else np.array(values, dtype=np.float64)


@pytest.mark.parametrize("n", SIZES)
@pytest.mark.parametrize("technique", technique_names(small_arrays))
def test_small_arrays(benchmark, technique: str, n: int, one_blas_thread) -> None:
    """Sum of squares of n numbers on one core: watch which is fastest as n grows."""
    values = np.random.default_rng(n).uniform(-1, 1, n).tolist()
    total = run(benchmark, getattr(small_arrays, technique), inputs_for(technique, values), items=n)
    # the sums add n positive terms in different orders: relative error n * eps at most
    assert math.isclose(total, math.fsum(v * v for v in values), rel_tol=n * 2.3e-16)


@pytest.mark.parametrize("technique", technique_names(small_arrays))
@given(values=st.lists(st.floats(-1e6, 1e6, allow_nan=False), max_size=40))
def test_small_arrays_agrees(technique: str, values: list[float]) -> None:
    """The same sum for any numbers, none and one included.

    Positive terms only, added in different orders (pairwise, BLAS blocks, exactly rounded):
    the relative difference stays below n * eps, eps = 2.2e-16.
    """
    got = getattr(small_arrays, technique)(inputs_for(technique, values))
    expected = math.fsum(v * v for v in values)
    assert math.isclose(got, expected, rel_tol=max(1, len(values)) * 2.3e-16, abs_tol=1e-300)
