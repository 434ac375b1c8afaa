"""Benchmarks and equivalence tests for lessons/m01_motivation/nbody.py."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lessons.m01_motivation import nbody
from lessons.m01_motivation._testing import record_cost, skip_without_c
from optbook.lesson import by_scale, run, skip_if_too_slow, technique_names

STEPS = by_scale(tiny=[1000], small=[50_000], medium=[1_000_000], large=[5_000_000])


@pytest.mark.parametrize("steps", STEPS)
@pytest.mark.parametrize("technique", technique_names(nbody))
def test_nbody(benchmark, c_programs, technique: str, steps: int) -> None:
    """Time one version over ``steps`` steps; check its energies against the numba version's."""
    skip_without_c(technique, c_programs)
    skip_if_too_slow(benchmark, grows_as=1)
    fn = getattr(nbody, technique)
    energies = run(benchmark, fn, steps, items=steps)
    record_cost(benchmark, fn, steps)
    # NumPy sums the forces in another order: rounding differences grow over the steps
    assert energies == pytest.approx(nbody.nbody_numba(steps), rel=1e-9)


@pytest.mark.parametrize("technique", technique_names(nbody))
def test_nbody_published_output(c_programs, technique: str) -> None:
    """Every version gives the Benchmarks Game's published output for 1000 steps, printed
    with nine decimals."""
    skip_without_c(technique, c_programs)
    assert [f"{e:.9f}" for e in getattr(nbody, technique)(1000)] == ["-0.169075164", "-0.169087605"]


@pytest.mark.parametrize("technique", technique_names(nbody))
@settings(deadline=None, max_examples=25)  # numba compiles on the first call; C is built once
@given(steps=st.integers(min_value=0, max_value=300))
def test_nbody_agrees_with_python(c_programs, technique: str, steps: int) -> None:
    """Every version gives the plain-Python energies, for 0 steps (energy unchanged) and more."""
    skip_without_c(technique, c_programs)
    before, after = getattr(nbody, technique)(steps)
    expected = nbody.nbody_python(steps)
    # numba and C do the Python loop's operations in the same order, with no fused multiply-add
    # (C is built with -ffp-contract=off), and gave the same bits on CPython 3.11; NumPy adds the
    # forces in another order, a few ulps (1e-16) per step: the tolerance is for NumPy
    assert (before, after) == pytest.approx(expected, rel=1e-12, abs=0)
    if steps == 0:
        assert before == after
