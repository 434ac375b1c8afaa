"""Benchmarks and equivalence tests for lessons/m05_hardware/gpu_matmul.py (GPU ones skipped without a GPU)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from lessons import _gpu as _lessons_gpu
from lessons.m05_hardware import gpu_matmul
from optbook import gpu as _gpu
from optbook.gpu import on_device, skip_without_gpu
from optbook.lesson import by_scale, run, technique_names

N = by_scale(tiny=[64], small=[1024, 4096], medium=[2048, 8192], large=[4096, 16384])


def inputs_for(technique: str, a: np.ndarray, b: np.ndarray) -> tuple:
    """The inputs as the technique takes them: already on the device for *_on_device (copied untimed)."""
    if technique.endswith("_on_device"):
        return on_device(a, b)
    return a, b


def assert_product(c, a: np.ndarray, b: np.ndarray) -> None:
    """Within rounding of NumPy's product (m products summed in another order: about m machine
    epsilons times max|a| max|b|, +1 for the empty sum)."""
    m = a.shape[1]
    scale = (np.abs(a).max(initial=0) * np.abs(b).max(initial=0)) or 1.0
    tolerance = 4 * (m + 1) * np.finfo(np.float64).eps * scale
    np.testing.assert_allclose(_gpu.as_numpy(c), a @ b, rtol=0, atol=tolerance)


@pytest.mark.parametrize("n", N)
@pytest.mark.parametrize("technique", technique_names(gpu_matmul))
def test_gpu_matmul(benchmark, technique: str, n: int) -> None:
    """An n x n float64 product on the CPU or the GPU, with or without the copies."""
    skip_without_gpu(technique)
    rng = np.random.default_rng(n)
    a, b = rng.uniform(-1, 1, (n, n)), rng.uniform(-1, 1, (n, n))
    c = run(benchmark, getattr(gpu_matmul, technique), *inputs_for(technique, a, b), flops=2 * n**3, bytes=24 * n**2)
    assert_product(c, a, b)


@pytest.mark.parametrize("technique", technique_names(gpu_matmul))
@settings(deadline=None)  # the first GPU call starts the device's context
@given(data=st.data(), n=st.integers(0, 8), m=st.integers(0, 8), p=st.integers(0, 8))
def test_gpu_matmul_agrees(technique: str, data: st.DataObject, n: int, m: int, p: int) -> None:
    """The CPU's product for any conformable matrices, empty ones included."""
    skip_without_gpu(technique)
    values = st.floats(-1e3, 1e3, allow_nan=False)
    a = data.draw(arrays(np.float64, (n, m), elements=values))
    b = data.draw(arrays(np.float64, (m, p), elements=values))
    assert_product(getattr(gpu_matmul, technique)(*inputs_for(technique, a, b)), a, b)


def test_without_a_gpu_the_reason_says_what_to_install() -> None:
    reason = _gpu.missing_reason()
    if reason is None:
        pytest.skip("a GPU is usable here")
    assert "pip install" in reason and ("cupy" in reason.lower() or "torch" in reason.lower())
    with pytest.raises(RuntimeError, match="pip install"):
        gpu_matmul.matmul_gpu_with_copies(np.eye(2), np.eye(2))


def test_the_techniques_find_the_gpu_the_tests_skip_on() -> None:
    """The topic modules find their GPU library themselves (they do not import the harness); the
    tests skip through the harness's optbook.gpu. Both must agree on what is usable here."""
    lesson, harness = _lessons_gpu._find(), _gpu._find()
    assert isinstance(lesson, str) == isinstance(harness, str)
    if isinstance(lesson, str):
        assert lesson == harness  # the same reason, naming what to install
    else:
        assert lesson.name == harness.name
