"""Benchmarks and equivalence tests for lessons/m05_hardware/compute_bound.py."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from lessons.m05_hardware import compute_bound
from lessons.m05_hardware._monitoring import monitor_repeated
from lessons.m05_hardware._threads import THREADS
from optbook.lesson import by_scale, run, technique_names

N = by_scale(tiny=[64], small=[1024], medium=[2048], large=[4096])


def assert_product(c: np.ndarray, a: np.ndarray, b: np.ndarray) -> None:
    """Within rounding of NumPy's product: each element sums m products in some order, so results
    differ by at most about m machine epsilons times max|a| max|b| (+1 for the empty sum)."""
    m = a.shape[1]
    scale = (np.abs(a).max(initial=0) * np.abs(b).max(initial=0)) or 1.0
    np.testing.assert_allclose(c, a @ b, rtol=0, atol=4 * (m + 1) * np.finfo(np.float64).eps * scale)


@pytest.mark.parametrize("threads", THREADS)
@pytest.mark.parametrize("n", N)
@pytest.mark.parametrize("technique", technique_names(compute_bound))
def test_compute_bound(benchmark, technique: str, n: int, threads: int) -> None:
    """An n x n product on ``threads`` threads: 2 n^3 flops on 3 n^2 numbers (8 bytes each) at least."""
    rng = np.random.default_rng(n)
    a, b = rng.uniform(-1, 1, (n, n)), rng.uniform(-1, 1, (n, n))
    fn = getattr(compute_bound, technique)
    c = run(benchmark, fn, a, b, threads, flops=2 * n**3, bytes=3 * 8 * n**2)
    if benchmark.enabled:
        benchmark.extra_info["monitor"] = monitor_repeated(lambda: fn(a, b, threads))
    assert_product(c, a, b)


dims = st.integers(min_value=0, max_value=9)


@pytest.mark.parametrize("technique", technique_names(compute_bound))
@settings(deadline=None)  # the first call compiles the numba kernel
@given(data=st.data(), n=dims, m=dims, p=dims, threads=st.sampled_from(THREADS))
def test_compute_bound_agrees(technique: str, data: st.DataObject, n: int, m: int, p: int, threads: int) -> None:
    """The product of any conformable matrices (empty and 1 x 1 included), on any thread count."""
    values = st.floats(-1e3, 1e3, allow_nan=False)
    a = data.draw(arrays(np.float64, (n, m), elements=values))
    b = data.draw(arrays(np.float64, (m, p), elements=values))
    assert_product(getattr(compute_bound, technique)(a, b, threads), a, b)
