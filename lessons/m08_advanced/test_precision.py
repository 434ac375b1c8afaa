"""Benchmarks and equivalence tests for lessons/m08_advanced/precision.py."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from lessons.m08_advanced import precision
from optbook.lesson import by_scale, run, technique_names

SIZES = by_scale(tiny=[1_000], small=[10_000, 10_000_000], medium=[10_000, 10_000_000, 100_000_000])
EPS32 = float(np.finfo(np.float32).eps)  # 1.19e-7, the spacing of float32 numbers at 1
SMALLEST32 = float(np.finfo(np.float32).smallest_subnormal)  # 1.4e-45


@pytest.fixture
def one_blas_thread(benchmark):
    """Hold BLAS to one thread (``np.dot`` may split a long vector over BLAS's threads), record
    it, and lift it afterwards; the harness re-applies the limit while it times."""
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1, user_api="blas"):
        benchmark.extra_info["blas_threads"] = 1
        yield


def tolerance(x: np.ndarray, n: int) -> float:
    """How far a float32 sum of squares may be from the float64 one.

    Unit roundoff u = eps32 / 2. Rounding x to float32 changes each square by a factor within
    (1 + u)^2, the square itself rounds once more (u), and a sum of n non-negative terms in
    float32 adds at most (n - 1) u of the total, whatever order BLAS uses: (n + 2) u of the
    total in all, and we allow (n + 2) eps32, twice that. Near underflow relative error does not
    hold: a square below 1.2e-38 is subnormal (or 0) in float32, off by up to one subnormal
    step, 1.4e-45, so n such steps are allowed on top. The float64 sum's own error is 1e9 times
    smaller and is ignored.
    """
    total = float(np.sum(np.square(x, dtype=np.float64)))
    return (n + 2) * EPS32 * total + n * SMALLEST32


@pytest.mark.parametrize("n", SIZES)
@pytest.mark.parametrize("technique", technique_names(precision))
def test_precision(benchmark, technique: str, n: int, one_blas_thread) -> None:
    """Sum of squares of n values on one core; bytes= counts the array's bytes in its dtype."""
    values = np.random.default_rng(n).uniform(-1, 1, n)
    x = values.astype(precision.INPUT_DTYPE[technique])  # the conversion is not timed
    benchmark.extra_info["input_dtype"] = x.dtype.name
    total = run(benchmark, getattr(precision, technique), x, bytes=x.nbytes, items=n)
    assert abs(total - float(np.sum(np.square(values)))) <= tolerance(values, n)


# |x| <= 1e18: then x^2 <= 1e36 and a sum of up to 300 squares stays below float32's largest
# value, 3.4e38; above 1.8e19 a single float32 square overflows to inf, which is float32's
# range, not a rounding difference. Subnormal and tiny values are included on purpose (the
# squares underflow in float32), hence the absolute part of the tolerance.
VALUES = arrays(
    np.float64,
    st.integers(0, 300),
    elements=st.floats(-1e18, 1e18, allow_nan=False, allow_subnormal=True),
)


@pytest.mark.parametrize("technique", technique_names(precision))
@given(values=VALUES)
def test_precision_agrees(technique: str, values: np.ndarray) -> None:
    """Within the float32 bound of the float64 result for any values in range: empty, one
    value, tiny values whose squares underflow, and values whose squares approach 1e36."""
    x = values.astype(precision.INPUT_DTYPE[technique])
    got = getattr(precision, technique)(x)
    expected = precision.sum_squares_float64(values)
    assert np.isfinite(got)
    assert abs(got - expected) <= tolerance(values, values.size)


def test_the_wide_sum_loses_nothing_to_its_length() -> None:
    """The float32 squares added in float64 come within n float64 epsilons of their exact sum
    (math.fsum), where a float32 sum of 10,000 squares is off by about 1e-6 of it."""
    x = np.random.default_rng(3).uniform(-1, 1, 10_000).astype(np.float32)
    exact = math.fsum((x * x).astype(np.float64))
    got = precision.sum_squares_float32_wide_sum(x)
    assert abs(got - exact) <= x.size * float(np.finfo(np.float64).eps) * exact
    assert abs(precision.sum_squares_float32(x) - exact) > x.size * float(np.finfo(np.float64).eps) * exact
