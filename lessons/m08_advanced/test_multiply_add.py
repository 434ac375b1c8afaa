"""Benchmarks and equivalence tests for lessons/m08_advanced/multiply_add.py."""

from __future__ import annotations

import os

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from lessons.m08_advanced import multiply_add
from optbook.lesson import by_scale, run, technique_names

CORES = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
THREADS = sorted({1, CORES})
# in L1/L2 cache (32 KB for the four arrays) and far beyond the last-level cache (640 MB)
SIZES = by_scale(tiny=[1_000, 100_000], small=[1_000, 20_000_000], medium=[1_000, 100_000_000])


def assert_close(got: np.ndarray, a: np.ndarray, x: np.ndarray, b: np.ndarray) -> None:
    """Against a * x + b in long double: two roundings of at most eps/2 each, relative to
    |a * x| + |b| (a * x and b may cancel), and underflow below the smallest normal float64."""
    exact = a.astype(np.longdouble) * x + b
    kind = np.finfo(np.float64)
    assert np.all(np.abs(got - exact) <= kind.eps * (np.abs(a * x) + np.abs(b)) + 4 * kind.smallest_normal)


@pytest.mark.parametrize("threads", THREADS)
@pytest.mark.parametrize("n", SIZES)
@pytest.mark.parametrize("technique", technique_names(multiply_add))
def test_multiply_add(benchmark, technique: str, n: int, threads: int, numexpr_threads) -> None:
    """a * x + b for n elements; bytes= counts three arrays read and one written."""
    rng = np.random.default_rng(n)
    a, x, b = rng.uniform(-1, 1, n), rng.uniform(-1, 1, n), rng.uniform(-1, 1, n)
    got = run(benchmark, getattr(multiply_add, technique), a, x, b, bytes=4 * 8 * n)
    assert_close(got, a, x, b)


@pytest.mark.parametrize("technique", technique_names(multiply_add))
@given(
    axb=st.integers(0, 50).flatmap(
        lambda n: st.tuples(*[arrays(np.float64, n, elements=st.floats(-1e6, 1e6, allow_nan=False))] * 3)
    )
)
def test_multiply_add_agrees(technique: str, axb: tuple[np.ndarray, np.ndarray, np.ndarray]) -> None:
    """The same values for any arrays: empty, one element, cancellation, tiny values."""
    pytest.importorskip("numexpr", reason="NumExpr is not installed: pip install numexpr")
    a, x, b = axb
    got = getattr(multiply_add, technique)(a, x, b)
    assert got.shape == a.shape
    assert_close(got, a, x, b)
