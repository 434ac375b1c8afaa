"""Benchmarks and equivalence tests for lessons/m08_advanced/object_arrays.py."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from lessons.m08_advanced import object_arrays
from optbook.lesson import by_scale, run, technique_names

SIZES = by_scale(tiny=[10_000], small=[1_000_000], medium=[10_000_000])
RATE = 0.21


def inputs_for(technique: str, prices: list[float]):
    """The prices as the technique takes them, converted outside the timed call."""
    if technique == "total_object_array":
        return np.array(prices, dtype=object)
    if technique == "total_float_array":
        return np.array(prices, dtype=np.float64)
    return prices


@pytest.mark.parametrize("n", SIZES)
@pytest.mark.parametrize("technique", technique_names(object_arrays))
def test_object_arrays(benchmark, technique: str, n: int) -> None:
    """The taxed total of n prices."""
    prices = np.round(np.random.default_rng(n).uniform(1, 100, n), 2).tolist()
    total = run(benchmark, getattr(object_arrays, technique), inputs_for(technique, prices), RATE, items=n)
    # n positive terms added in different orders: relative error below n * eps
    assert math.isclose(total, math.fsum(prices) * (1 + RATE), rel_tol=n * 2.3e-16)


@pytest.mark.parametrize("technique", technique_names(object_arrays))
@given(prices=st.lists(st.floats(0, 1e6), max_size=40), rate=st.floats(0, 1))
def test_object_arrays_agrees(technique: str, prices: list[float], rate: float) -> None:
    """The same total for any prices (none, one, zeros) and rate.

    Non-negative terms added in different orders (left to right, pairwise): the results
    differ by at most about n * eps relative (eps = 2.2e-16).
    """
    got = getattr(object_arrays, technique)(inputs_for(technique, prices), rate)
    expected = object_arrays.total_python_list(prices, rate)
    assert math.isclose(got, expected, rel_tol=max(1, len(prices)) * 2.3e-16 * 2, abs_tol=1e-300)
