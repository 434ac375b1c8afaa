"""Benchmarks and equivalence tests for lessons/m01_motivation/mandelbrot.py."""

from __future__ import annotations

import hashlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lessons.m01_motivation import mandelbrot
from lessons.m01_motivation._testing import record_cost, skip_without_c
from optbook.lesson import by_scale, run, skip_if_too_slow, technique_names

SIZES = by_scale(tiny=[64], small=[200, 400], medium=[400, 1600], large=[1600, 16000])

# A published bitmap: the MD5 of the 504 x 504 bitmap (the PBM's body, its header left out) that
# the Benchmarks Game's mandelbrot gives, as published by hanabi1224/Programming-Language-Benchmarks
# (bench/algorithm/mandelbrot/500_out: its programs round 500 up to whole bytes, 504).
PUBLISHED_N, PUBLISHED_MD5 = 504, "15c00e9a39837854b019d7d1c4c04d30"


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
def test_mandelbrot_published_output(c_programs, technique: str) -> None:
    """Every version gives the published 504 x 504 bitmap, bit for bit."""
    skip_without_c(technique, c_programs)
    assert hashlib.md5(getattr(mandelbrot, technique)(PUBLISHED_N)).hexdigest() == PUBLISHED_MD5


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
