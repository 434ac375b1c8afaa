"""Benchmarks and equivalence tests for lessons/m07_basics/builtins_reduce.py."""

from __future__ import annotations

import math
import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lessons.m07_basics import builtins_reduce
from optbook.lesson import by_scale, run, technique_names

SIZES = by_scale(tiny=[10_000], small=[1_000_000], medium=[10_000_000])


@pytest.mark.parametrize("n", SIZES)
@pytest.mark.parametrize("technique", technique_names(builtins_reduce))
def test_builtins_reduce(benchmark, technique: str, n: int) -> None:
    """Total and maximum of n random floats."""
    rng = random.Random(n)
    values = [rng.random() for _ in range(n)]
    total, largest = run(benchmark, getattr(builtins_reduce, technique), values, items=n)
    assert largest == max(values)
    assert math.isclose(total, math.fsum(values), rel_tol=1e-9)  # n * eps = 2e-10 bounds the rounding error


@pytest.mark.parametrize("technique", technique_names(builtins_reduce))
@given(values=st.lists(st.integers(-(10**6), 10**6) | st.floats(-1e6, 1e6, allow_nan=False), max_size=40))
def test_builtins_reduce_agrees(technique: str, values: list[float]) -> None:
    """The same total and maximum as the loop: empty lists, ints and floats mixed, ties.

    Both add from left to right, but from Python 3.12 on ``sum`` also carries the rounding
    error along (Neumaier summation), so float totals may differ in the last bits: at most
    about n * eps * sum(|v|), far below the tolerance used here (40 values of at most 1e6).
    """
    total, largest = getattr(builtins_reduce, technique)(values)
    expected_total, expected_largest = builtins_reduce.total_and_max_loop(values)
    assert largest == expected_largest
    assert math.isclose(total, expected_total, rel_tol=1e-12, abs_tol=1e-6)
