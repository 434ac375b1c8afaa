"""Benchmarks and equivalence tests for lessons/m08_advanced/numba_jit.py."""

from __future__ import annotations

import math
import os
import time

import numba
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from lessons.m08_advanced import numba_jit
from optbook.lesson import by_scale, run, skip_if_too_slow, technique_names

CORES = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
SIZES = by_scale(tiny=[1_000], small=[10_000, 1_000_000, 10_000_000], medium=[10_000, 1_000_000, 100_000_000])


def inputs_for(technique: str, xs: np.ndarray, ys: np.ndarray) -> tuple:
    return (xs.tolist(), ys.tolist()) if technique == "total_length_python" else (xs, ys)


@pytest.fixture(scope="module")
def compile_seconds() -> dict[str, float]:
    """Time of each technique's first call on a 4-element input: for the numba techniques,
    the compilation (the run itself takes microseconds). Measured before any benchmark of
    this module, while nothing is compiled yet."""
    xs, ys = np.ones(4), np.ones(4)
    seconds = {}
    for technique in technique_names(numba_jit):
        start = time.perf_counter()
        getattr(numba_jit, technique)(*inputs_for(technique, xs, ys))
        seconds[technique] = time.perf_counter() - start
    return seconds


@pytest.fixture
def numba_threads(benchmark):
    """Use every usable core for numba's parallel loops, record it, and restore the old count."""
    old = numba.get_num_threads()
    numba.set_num_threads(min(CORES, numba.config.NUMBA_NUM_THREADS))
    benchmark.extra_info["numba_threads"] = numba.get_num_threads()
    yield
    numba.set_num_threads(old)


@pytest.mark.parametrize("n", SIZES)
@pytest.mark.parametrize("technique", technique_names(numba_jit))
def test_numba_jit(benchmark, technique: str, n: int, compile_seconds, numba_threads) -> None:
    """Total length of n random vectors; bytes= counts the two arrays read once."""
    skip_if_too_slow(benchmark, grows_as=1)
    benchmark.extra_info["compile_seconds"] = compile_seconds[technique]
    rng = np.random.default_rng(n)
    xs, ys = rng.uniform(-1, 1, n), rng.uniform(-1, 1, n)
    total = run(benchmark, getattr(numba_jit, technique), *inputs_for(technique, xs, ys), bytes=2 * 8 * n)
    # positive terms summed in different orders (in order, SIMD lanes, threads): relative error below n * eps
    assert math.isclose(total, math.fsum(np.hypot(xs, ys)), rel_tol=n * 4.5e-16)


@pytest.mark.parametrize("technique", technique_names(numba_jit))
@settings(deadline=None)  # the first call of a numba technique compiles it
@given(
    xy=st.integers(0, 40).flatmap(
        lambda n: st.tuples(*[arrays(np.float64, n, elements=st.floats(-1e3, 1e3, allow_nan=False))] * 2)
    )
)
def test_numba_jit_agrees(technique: str, xy: tuple[np.ndarray, np.ndarray]) -> None:
    """The same total for any vectors: none, one, zero vectors.

    Non-negative lengths, each within about 2 eps of exact, added in different orders:
    the totals differ by at most about (n + 2) * eps relative (eps = 2.2e-16). Below 1e-154,
    x * x underflows to zero where np.hypot does not: hence the absolute 1e-150.
    """
    xs, ys = xy
    got = getattr(numba_jit, technique)(*inputs_for(technique, xs, ys))
    expected = math.fsum(np.hypot(xs, ys))
    assert math.isclose(got, expected, rel_tol=(len(xs) + 2) * 2.3e-16, abs_tol=1e-150)
