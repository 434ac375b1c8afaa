"""Benchmarks and equivalence tests for lessons/m05_hardware/caches.py."""

from __future__ import annotations

import functools
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from lessons.m05_hardware import caches
from optbook.lesson import by_scale, run, technique_names
from optbook.machine import cache_bytes, fingerprint

# Where the working set should fit: half of L1d, half of L2, half of L3, and 8 x L3 (main memory).
LEVELS = ["L1d", "L2", "L3", "memory"]
FALLBACK = {"L1d": "32K", "L2": "1024K", "L3": "32768K"}  # where the OS does not say (not Linux)
BYTES_PER_CALL = by_scale(tiny=2**22, small=2**28, medium=2**29, large=2**30)


@functools.cache
def detected_caches() -> dict[str, int]:
    """This machine's data-cache sizes in bytes (from the fingerprint; typical sizes where unknown)."""
    found = fingerprint("caches")["caches"]
    return {level: cache_bytes(found.get(level) or FALLBACK[level]) for level in FALLBACK}


def working_set(level: str) -> int:
    """Bytes of the array for a level: half the cache (room for the rest of the program) or 8 x L3."""
    sizes = detected_caches()
    return 8 * sizes["L3"] if level == "memory" else sizes[level] // 2


@pytest.mark.parametrize("fits_in", LEVELS)
@pytest.mark.parametrize("technique", technique_names(caches))
def test_caches(benchmark, technique: str, fits_in: str) -> None:
    """Sum an array that fits in ``fits_in`` again and again; the same bytes per call at every size."""
    size = working_set(fits_in)
    x = np.random.default_rng(0).random(size // 8)
    repeats = max(1, BYTES_PER_CALL // x.nbytes)
    benchmark.extra_info.update(working_set_bytes=x.nbytes, repeats=repeats, caches=detected_caches())
    total = run(benchmark, getattr(caches, technique), x, repeats, bytes=x.nbytes * repeats)
    # read from a cache, not from memory: the memory roof does not apply and no cache roof is measured
    benchmark.extra_info["no_roof"] = "in-cache bandwidth: above the memory roof by design"
    # sums of the same positive numbers in different orders: relative rounding below n * eps
    assert math.isclose(total, repeats * float(x.sum()), rel_tol=1e-9)


@pytest.mark.parametrize("technique", technique_names(caches))
@settings(deadline=None)  # the first call compiles the numba kernel
@given(
    x=arrays(np.float64, st.integers(0, 200), elements=st.floats(-1e6, 1e6, allow_nan=False)),
    repeats=st.integers(0, 5),
)
def test_caches_agree(technique: str, x: np.ndarray, repeats: int) -> None:
    """The same total as repeats x NumPy's sum for any array (empty, one element, mixed signs) and any
    number of passes (none included). The order of additions differs (SIMD partial sums), so the
    results agree within the rounding of a sum: len(x) machine epsilons of the sum of |x|, per pass."""
    expected = repeats * float(x.sum())
    bound = repeats * (len(x) + 1) * np.finfo(np.float64).eps * float(np.abs(x).sum())
    assert abs(getattr(caches, technique)(x, repeats) - expected) <= bound + 1e-300
