"""Benchmarks and equivalence tests for lessons/m01_motivation/fannkuch_redux.py."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lessons.m01_motivation import fannkuch_redux
from lessons.m01_motivation._testing import record_cost, skip_without_c
from optbook.lesson import by_scale, run, technique_names

SIZES = by_scale(tiny=[7], small=[9], medium=[10], large=[11])
PUBLISHED = {7: (228, 16), 10: (73196, 38), 12: (3968050, 65)}  # the Benchmarks Game's outputs


@pytest.mark.parametrize("n", SIZES)
@pytest.mark.parametrize("technique", technique_names(fannkuch_redux))
def test_fannkuch_redux(benchmark, c_programs, technique: str, n: int) -> None:
    """Time one version over all n! permutations; check the checksum and the flips."""
    skip_without_c(technique, c_programs)
    fn = getattr(fannkuch_redux, technique)
    result = run(benchmark, fn, n, items=math.factorial(n))  # items: permutations
    record_cost(benchmark, fn, n)
    assert result == PUBLISHED.get(n, fannkuch_redux.fannkuch_redux_numba(n))


@pytest.mark.parametrize("technique", technique_names(fannkuch_redux))
def test_fannkuch_redux_published_output(c_programs, technique: str) -> None:
    """Every version gives the Benchmarks Game's published output for n = 7."""
    skip_without_c(technique, c_programs)
    assert getattr(fannkuch_redux, technique)(7) == PUBLISHED[7]


@pytest.mark.parametrize("technique", technique_names(fannkuch_redux))
@settings(deadline=None, max_examples=10)  # numba compiles on the first call
@given(n=st.integers(min_value=0, max_value=7))
def test_fannkuch_redux_agrees_with_python(c_programs, technique: str, n: int) -> None:
    """Every version gives the plain-Python checksum and flips (integers: exactly), n = 0 to 7."""
    skip_without_c(technique, c_programs)
    assert getattr(fannkuch_redux, technique)(n) == fannkuch_redux.fannkuch_redux_python(n)
