"""Benchmarks and equivalence tests for lessons/m08_advanced/inplace.py."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from lessons.m08_advanced import inplace
from optbook.lesson import by_scale, run, technique_names

SIZES = by_scale(tiny=[10_000], small=[10_000, 10_000_000], medium=[10_000, 100_000_000])


def assert_poly(got: np.ndarray, x: np.ndarray) -> None:
    """Check against Horner's rule in long double (80-bit on x86; float64 where there is none).

    Horner and the expanded sum round differently: each step adds a relative error of eps/2,
    and terms of opposite signs may cancel, so the bound is relative to the sum of the
    terms' magnitudes, 3|x|^3 + 2|x|^2 + |x| + 1, times 8 eps.
    """
    xl = x.astype(np.longdouble)
    exact = ((3 * xl + 2) * xl + 1) * xl + 1
    magnitude = 3 * np.abs(x) ** 3 + 2 * x**2 + np.abs(x) + 1
    assert np.all(np.abs(got - exact) <= 8 * np.finfo(np.float64).eps * magnitude)


@pytest.mark.parametrize("n", SIZES)
@pytest.mark.parametrize("technique", technique_names(inplace))
def test_inplace(benchmark, technique: str, n: int) -> None:
    """The polynomial of n random numbers; bytes= counts one read of x and one write of the result."""
    x = np.random.default_rng(n).uniform(-2, 2, n)
    got = run(benchmark, getattr(inplace, technique), x, bytes=2 * 8 * n)
    assert got.shape == x.shape
    assert_poly(got, x)


@pytest.mark.parametrize("technique", technique_names(inplace))
@given(x=arrays(np.float64, st.integers(0, 30), elements=st.floats(-1e4, 1e4, allow_nan=False)))
def test_inplace_agrees(technique: str, x: np.ndarray) -> None:
    """The same values for any array (empty, one element, zeros, large values), and x unchanged."""
    before = x.copy()
    got = getattr(inplace, technique)(x)
    np.testing.assert_array_equal(x, before)  # working in place must not overwrite the input
    assert got.shape == x.shape and got is not x
    assert_poly(got, x)
