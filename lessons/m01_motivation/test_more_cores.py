"""Benchmarks and equivalence tests for lessons/m01_motivation/more_cores.py."""

from __future__ import annotations

import hashlib

import numba
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lessons.m01_motivation import more_cores
from lessons.m01_motivation._testing import record_cost, skip_without_c
from lessons.m01_motivation.mandelbrot import mandelbrot_numba
from lessons.m01_motivation.test_mandelbrot import PUBLISHED_MD5, PUBLISHED_N
from optbook.lesson import by_scale, run, skip_if_too_slow, technique_names

SIZES = by_scale(tiny=[64], small=[600], medium=[1200], large=[4000])


@pytest.mark.parametrize("n", SIZES)
@pytest.mark.parametrize("technique", technique_names(more_cores))
def test_more_cores(benchmark, c_programs, technique: str, n: int) -> None:
    """Time one version on an n x n image; record its CPU-seconds; check its bitmap."""
    skip_without_c(technique, c_programs)
    skip_if_too_slow(benchmark, grows_as=2)
    fn = getattr(more_cores, technique)
    bitmap = run(benchmark, fn, n, items=n * n)
    record_cost(benchmark, fn, n)
    one_core = technique.endswith("one_core")
    benchmark.extra_info["workers"] = 1 if one_core else more_cores._cores()
    if technique == "mandelbrot_numba_all_cores":
        benchmark.extra_info["numba_threads"] = numba.get_num_threads()
    assert bitmap == mandelbrot_numba(n)


@pytest.mark.parametrize("technique", technique_names(more_cores))
def test_more_cores_published_output(c_programs, technique: str) -> None:
    """Every version, on one core or all of them, gives the published 504 x 504 bitmap."""
    skip_without_c(technique, c_programs)
    assert hashlib.md5(getattr(more_cores, technique)(PUBLISHED_N)).hexdigest() == PUBLISHED_MD5


@pytest.mark.parametrize("technique", technique_names(more_cores))
@settings(deadline=None, max_examples=10)  # processes start and numba compiles
@given(n=st.integers(min_value=0, max_value=30))
def test_more_cores_agrees_with_python(c_programs, technique: str, n: int) -> None:
    """Every version gives the one-core plain-Python bitmap, byte for byte (n = 0 and 1 included)."""
    skip_without_c(technique, c_programs)
    assert getattr(more_cores, technique)(n) == more_cores.mandelbrot_python_one_core(n)
