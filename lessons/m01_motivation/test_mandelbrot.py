"""Benchmarks and equivalence tests for lessons/m01_motivation/mandelbrot.py."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lessons.m01_motivation import mandelbrot
from lessons.m01_motivation._testing import record_cost, skip_without_c
from optbook.lesson import by_scale, run, skip_if_too_slow, technique_names

SIZES = by_scale(tiny=[64], small=[200, 400], medium=[400, 1600], large=[1600, 16000])


@pytest.mark.parametrize("n", SIZES)
@pytest.mark.parametrize("technique", technique_names(mandelbrot))
def test_mandelbrot(benchmark, c_programs, technique: str, n: int) -> None:
    """Time one version on an n x n image; check its bitmap against the numba version's."""
    skip_without_c(technique, c_programs)
    skip_if_too_slow(benchmark, grows_as=2)
    fn = getattr(mandelbrot, technique)
    bitmap = run(benchmark, fn, n, items=n * n)  # items: pixels
    record_cost(benchmark, fn, n)
    assert bitmap == mandelbrot.mandelbrot_numba(n)


@pytest.mark.parametrize("technique", technique_names(mandelbrot))
@settings(deadline=None, max_examples=25)  # numba compiles on the first call
@given(n=st.integers(min_value=0, max_value=40))
def test_mandelbrot_agrees_with_python(c_programs, technique: str, n: int) -> None:
    """Every version gives the plain-Python bitmap, byte for byte, for any n (0, 1 and
    widths that are not whole bytes included)."""
    skip_without_c(technique, c_programs)
    # the same roundings in the same order everywhere (C without fused multiply-add), so the
    # pixels at the set's edge agree exactly
    assert getattr(mandelbrot, technique)(n) == mandelbrot.mandelbrot_python(n)
