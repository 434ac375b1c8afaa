"""Benchmarks and equivalence tests for lessons/m01_motivation/spectral_norm.py."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from lessons.m01_motivation import spectral_norm
from lessons.m01_motivation._testing import record_cost, skip_without_c
from optbook.lesson import by_scale, run, skip_if_too_slow, technique_names

SIZES = by_scale(tiny=[50], small=[100, 200], medium=[200, 400, 800], large=[400, 1600, 5500])


@pytest.mark.parametrize("n", SIZES)
@pytest.mark.parametrize("technique", technique_names(spectral_norm))
def test_spectral_norm(benchmark, c_programs, technique: str, n: int) -> None:
    """Time one version at size n; check its norm against the numba version's."""
    skip_without_c(technique, c_programs)
    skip_if_too_slow(benchmark, grows_as=2)
    fn = getattr(spectral_norm, technique)
    norm = run(benchmark, fn, n, flops=40 * n * n * 2)  # 40 n^2 multiply-adds, A's entries not counted
    record_cost(benchmark, fn, n)
    assert norm == pytest.approx(spectral_norm.spectral_norm_numba(n), rel=1e-12)


@pytest.mark.parametrize("technique", technique_names(spectral_norm))
def test_spectral_norm_published_output(c_programs, technique: str) -> None:
    """Every version gives the Benchmarks Game's published output for n = 100."""
    skip_without_c(technique, c_programs)
    assert f"{getattr(spectral_norm, technique)(100):.9f}" == "1.274219991"


@pytest.mark.parametrize("technique", technique_names(spectral_norm))
@settings(deadline=None, max_examples=25)  # numba compiles on the first call
@given(n=st.integers(min_value=0, max_value=40))
@example(n=0)  # drawn or not, the two edge cases the docstring promises are always tried
@example(n=1)
def test_spectral_norm_agrees_with_python(c_programs, technique: str, n: int) -> None:
    """Every version gives the plain-Python norm, n = 0 (no matrix: 0.0) and n = 1 included."""
    skip_without_c(technique, c_programs)
    # numba and C add each row's n terms left to right, as Python's sum() did up to 3.11; from
    # Python 3.12 sum() of floats is compensated (Neumaier), and NumPy's BLAS adds in blocks, so
    # the sums of n terms differ by rounding: about n * 1e-16 relative after 20 products
    assert getattr(spectral_norm, technique)(n) == pytest.approx(spectral_norm.spectral_norm_python(n), rel=1e-12)
