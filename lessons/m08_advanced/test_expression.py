"""Benchmarks and equivalence tests for lessons/m08_advanced/expression.py."""

from __future__ import annotations

import os

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from lessons.m08_advanced import expression
from optbook.lesson import by_scale, run, technique_names

CORES = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
THREADS = sorted({1, CORES})
# from in L1/L2 cache (1,000 x 4 arrays x 8 bytes = 32 KB) to far beyond the last-level cache (640 MB)
SIZES = by_scale(tiny=[1_000, 100_000], small=[1_000, 100_000, 20_000_000], medium=[1_000, 1_000_000, 100_000_000])


def law_of_cosines_inputs(n: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    return rng.uniform(1, 2, n), rng.uniform(1, 2, n), np.cos(rng.uniform(0, np.pi, n))


def assert_close(got: np.ndarray, a: np.ndarray, b: np.ndarray, cos_gamma: np.ndarray) -> None:
    """Against the expression in long double. a^2 + b^2 and 2ab cos(gamma) may nearly cancel,
    so the bound is relative to the sum of the terms' magnitudes, times a few eps; products
    below the smallest normal float64 (2.2e-308) lose digits to underflow, hence the absolute term."""
    al, bl, cl = (x.astype(np.longdouble) for x in (a, b, cos_gamma))
    exact = al**2 + bl**2 - 2 * al * bl * cl
    magnitude = a**2 + b**2 + 2 * np.abs(a * b * cos_gamma)
    kind = np.finfo(np.float64)
    assert np.all(np.abs(got - exact) <= 4 * kind.eps * magnitude + 8 * kind.smallest_normal)


@pytest.mark.parametrize("threads", THREADS)
@pytest.mark.parametrize("n", SIZES)
@pytest.mark.parametrize("technique", technique_names(expression))
def test_expression(benchmark, technique: str, n: int, threads: int, numexpr_threads) -> None:
    """c^2 for n triangles; bytes= counts three arrays read and one written (the least any method moves)."""
    a, b, cos_gamma = law_of_cosines_inputs(n, seed=n)
    got = run(benchmark, getattr(expression, technique), a, b, cos_gamma, bytes=4 * 8 * n)
    assert_close(got, a, b, cos_gamma)


@pytest.mark.parametrize("technique", technique_names(expression))
@given(
    abc=st.integers(0, 50).flatmap(
        lambda n: st.tuples(*[arrays(np.float64, n, elements=st.floats(-1e3, 1e3, allow_nan=False))] * 3)
    )
)
def test_expression_agrees(technique: str, abc: tuple[np.ndarray, np.ndarray, np.ndarray]) -> None:
    """The same values for any arrays: empty, one element, negative numbers, cancellation."""
    pytest.importorskip("numexpr", reason="NumExpr is not installed: pip install numexpr")
    a, b, c = abc
    got = getattr(expression, technique)(a, b, c)
    assert got.shape == a.shape
    assert_close(got, a, b, c)
