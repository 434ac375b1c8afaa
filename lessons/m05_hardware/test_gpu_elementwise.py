"""Benchmarks and equivalence tests for lessons/m05_hardware/gpu_elementwise.py (GPU ones skipped without a GPU)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from lessons.m05_hardware import gpu_elementwise
from optbook import gpu as _gpu
from optbook.gpu import on_device, skip_without_gpu
from optbook.lesson import by_scale, run, technique_names

N = by_scale(tiny=[2**12], small=[2**20, 2**25], medium=[2**20, 2**26], large=[2**20, 2**28])


def inputs_for(technique: str, b: np.ndarray, c: np.ndarray) -> tuple:
    """The inputs as the technique takes them: already on the device for *_on_device (copied untimed)."""
    if technique.endswith("_on_device"):
        return on_device(b, c)
    return b, c


def assert_triad(result, b: np.ndarray, c: np.ndarray) -> None:
    """b + 3.0 * c within one rounding per operation: GPU compilers may fuse the multiply and the add
    into one FMA, which rounds once instead of twice (a difference of at most an ulp or so)."""
    with np.errstate(over="ignore", invalid="ignore"):
        expected = b + 3.0 * c
    np.testing.assert_allclose(_gpu.as_numpy(result), expected, rtol=4 * np.finfo(np.float64).eps, atol=0)


@pytest.mark.parametrize("n", N)
@pytest.mark.parametrize("technique", technique_names(gpu_elementwise))
def test_gpu_elementwise(benchmark, technique: str, n: int) -> None:
    """The triad on n float64 elements on the CPU or the GPU, with or without the copies."""
    skip_without_gpu(technique)
    rng = np.random.default_rng(n)
    b, c = rng.random(n), rng.random(n)
    result = run(
        benchmark, getattr(gpu_elementwise, technique), *inputs_for(technique, b, c), flops=2 * n, bytes=24 * n
    )
    assert_triad(result, b, c)


@pytest.mark.parametrize("technique", technique_names(gpu_elementwise))
@settings(deadline=None)  # the first GPU call starts the device's context
@given(
    pair=st.integers(0, 40).flatmap(
        lambda n: st.tuples(
            arrays(np.float64, n, elements=st.floats(-1e300, 1e300) | st.just(float("nan"))),
            arrays(np.float64, n, elements=st.floats(-1e300, 1e300) | st.just(float("nan"))),
        )
    )
)
def test_gpu_elementwise_agrees(technique: str, pair: tuple[np.ndarray, np.ndarray]) -> None:
    """The CPU's triad for any arrays: empty, one element, NaN."""
    skip_without_gpu(technique)
    b, c = pair
    assert_triad(getattr(gpu_elementwise, technique)(*inputs_for(technique, b, c)), b, c)
