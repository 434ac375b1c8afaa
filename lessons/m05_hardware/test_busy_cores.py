"""Benchmarks and equivalence tests for lessons/m05_hardware/busy_cores.py, with the monitor's view."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from lessons.m05_hardware import busy_cores
from lessons.m05_hardware._cores import usable_cores
from lessons.m05_hardware._monitoring import monitor_repeated
from optbook import busy
from optbook.lesson import by_scale, run, technique_names

N = by_scale(tiny=[24], small=[160], medium=[200], large=[200])
BLAS_N = 1024  # the monitor's look at BLAS: a product large enough for BLAS to start all its threads


def assert_product(c: np.ndarray, a: np.ndarray, b: np.ndarray) -> None:
    """Within rounding of NumPy's product: m products summed in another order, so at most about
    m machine epsilons times max|a| max|b| apart (+1 for the empty sum)."""
    m = a.shape[1]
    scale = (np.abs(a).max(initial=0) * np.abs(b).max(initial=0)) or 1.0
    np.testing.assert_allclose(c, a @ b, rtol=0, atol=4 * (m + 1) * np.finfo(np.float64).eps * scale)


@pytest.mark.parametrize("n", N)
@pytest.mark.parametrize("technique", technique_names(busy_cores))
def test_busy_cores(benchmark, technique: str, n: int) -> None:
    """Time an n x n product; the monitor records how many cores it kept busy (cores_used, per core)."""
    rng = np.random.default_rng(n)
    a, b = rng.uniform(-1, 1, (n, n)), rng.uniform(-1, 1, (n, n))
    fn = getattr(busy_cores, technique)
    c = run(benchmark, fn, a, b, flops=2 * n**3, bytes=3 * 8 * n**2)
    if benchmark.enabled:
        benchmark.extra_info["monitor"] = monitor_repeated(lambda: fn(a, b), seconds=1.0)
    assert_product(c, a, b)


@pytest.mark.parametrize("technique", technique_names(busy_cores))
@settings(deadline=None)
@given(data=st.data(), n=st.integers(0, 6), m=st.integers(0, 6), p=st.integers(0, 6))
def test_busy_cores_agree(technique: str, data: st.DataObject, n: int, m: int, p: int) -> None:
    """The product of any conformable matrices, empty ones included."""
    values = st.floats(-1e3, 1e3, allow_nan=False)
    a = data.draw(arrays(np.float64, (n, m), elements=values))
    b = data.draw(arrays(np.float64, (m, p), elements=values))
    assert_product(getattr(busy_cores, technique)(a, b), a, b)


def test_the_monitor_sees_one_core_for_python_and_more_for_blas() -> None:
    """Pure Python cannot use more than one core; BLAS on a large product uses more than Python does
    where there are two cores or more (CPU-time ratios, not times: other programs can only lower them)."""
    rng = np.random.default_rng(0)
    small = rng.random((48, 48))
    python = monitor_repeated(lambda: busy_cores.matmul_pure_python(small, small), seconds=0.4)
    assert python["cores_used"] < 1.3
    if usable_cores() >= 2:
        large = rng.random((BLAS_N, BLAS_N))
        start = busy.sample()
        blas = monitor_repeated(lambda: busy_cores.matmul_numpy_blas(large, large), seconds=0.4)
        window = busy.between(start, busy.sample())
        if window is not None and window.disturbed:  # then BLAS really had no second core to use
            pytest.skip(f"other programs kept {window.other_cores:.1f} cores busy while BLAS was watched")
        assert blas["cores_used"] > python["cores_used"]
