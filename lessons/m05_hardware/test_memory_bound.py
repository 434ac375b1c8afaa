"""Benchmarks and equivalence tests for lessons/m05_hardware/memory_bound.py."""

from __future__ import annotations

import numexpr
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from lessons.m05_hardware import memory_bound
from lessons.m05_hardware._monitoring import monitor_repeated
from lessons.m05_hardware._threads import THREADS, beyond_numexpr
from optbook.lesson import by_scale, run, technique_names

# 2**25 float64 elements: three arrays of 256 MiB, eight times this machine's 32 MiB L3 cache
N = by_scale(tiny=[2**16], small=[2**25], medium=[2**26], large=[2**27])


@pytest.fixture(scope="module")
def arrays_of() -> dict:
    """Input arrays made once per size (filling 2**25 random numbers takes a while)."""
    return {}


@pytest.mark.parametrize("threads", THREADS)
@pytest.mark.parametrize("n", N)
@pytest.mark.parametrize("technique", technique_names(memory_bound))
def test_memory_bound(benchmark, technique: str, n: int, threads: int, arrays_of: dict) -> None:
    """The triad on n elements with ``threads`` threads: 2 flops and 24 bytes of traffic per element."""
    if technique == "triad_numexpr" and beyond_numexpr(threads):
        pytest.skip(beyond_numexpr(threads))
    if n not in arrays_of:
        arrays_of.clear()
        rng = np.random.default_rng(n)
        arrays_of[n] = (rng.random(n), rng.random(n))
    b, c = arrays_of[n]
    # np.zeros only maps pages that read as zero; the first write (run()'s warm-up call, which is
    # not timed) makes the page faults, so the timed rounds write to memory that is already there
    out = np.zeros(n)
    fn = getattr(memory_bound, technique)
    result = run(benchmark, fn, out, b, c, threads, flops=2 * n, bytes=24 * n)
    # NumPy's elementwise operations use one thread; numexpr and numba refuse a count they cannot use
    benchmark.extra_info["threads_used"] = 1 if technique.startswith("triad_numpy") else threads
    if benchmark.enabled:
        benchmark.extra_info["monitor"] = monitor_repeated(lambda: fn(out, b, c, threads))
    # the same two roundings (3.0 * c, then + b) in every technique: equal to the last bit
    np.testing.assert_array_equal(result, b + 3.0 * c)


def test_numexpr_refuses_more_threads_than_it_has() -> None:
    """Asked for more threads than NUMEXPR_MAX_THREADS allowed, the numexpr technique says so
    rather than running on fewer threads than its row's label."""
    b = c = np.ones(4)
    before = numexpr.get_num_threads()
    with pytest.raises(ValueError, match="NUMEXPR_MAX_THREADS"):
        memory_bound.triad_numexpr(np.empty(4), b, c, numexpr.MAX_THREADS + 1)
    assert numexpr.get_num_threads() == before


@pytest.mark.parametrize("technique", technique_names(memory_bound))
@settings(deadline=None)  # the first call compiles the numba kernel
@given(
    pair=st.integers(0, 50).flatmap(
        lambda n: st.tuples(
            arrays(np.float64, n, elements=st.floats(allow_nan=True, allow_infinity=True)),
            arrays(np.float64, n, elements=st.floats(allow_nan=True, allow_infinity=True)),
        )
    ),
    threads=st.sampled_from(THREADS),
)
def test_memory_bound_agrees(technique: str, pair: tuple[np.ndarray, np.ndarray], threads: int) -> None:
    """Bit for bit the same as NumPy's b + 3.0 * c for any arrays (empty, one element, NaN, inf, huge
    values that overflow): every technique rounds 3.0 * c and then the sum, like NumPy."""
    if technique == "triad_numexpr" and beyond_numexpr(threads):
        threads = 1  # this process's numexpr cannot start more threads (see _threads.py)
    b, c = pair
    out = np.empty_like(b)
    with np.errstate(over="ignore", invalid="ignore"):
        expected = b + 3.0 * c
        result = getattr(memory_bound, technique)(out, b, c, threads)
    np.testing.assert_array_equal(result, expected)
