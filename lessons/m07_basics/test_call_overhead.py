"""Benchmarks and equivalence tests for lessons/m07_basics/call_overhead.py."""

from __future__ import annotations

import math
import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lessons.m07_basics import call_overhead
from optbook.lesson import by_scale, run, technique_names

SIZES = by_scale(tiny=[10_000], small=[1_000_000], medium=[10_000_000])


@pytest.mark.parametrize("n", SIZES)
@pytest.mark.parametrize("technique", technique_names(call_overhead))
def test_call_overhead(benchmark, technique: str, n: int) -> None:
    """Sum of squares of n random floats."""
    rng = random.Random(n)
    values = [rng.random() for _ in range(n)]
    total = run(benchmark, getattr(call_overhead, technique), values, items=n)
    assert math.isclose(total, math.fsum(v * v for v in values), rel_tol=1e-9)  # n * eps = 2e-10


@pytest.mark.parametrize("technique", technique_names(call_overhead))
@given(values=st.lists(st.floats(-1e3, 1e3, allow_nan=False), max_size=40))
def test_call_overhead_agrees(technique: str, values: list[float]) -> None:
    """The same sum as the helper loop, up to rounding.

    From Python 3.12 on ``sum`` of floats compensates rounding errors (Neumaier) and a
    plain ``total +=`` does not: they may differ by about n * eps * sum of squares
    (40 * 2.2e-16 * 4e7 = 4e-7 at most here).
    """
    expected = call_overhead.sum_squares_helper_call(values)
    assert math.isclose(getattr(call_overhead, technique)(values), expected, rel_tol=1e-12, abs_tol=1e-6)
