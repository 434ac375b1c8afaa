"""Benchmarks and equivalence tests for lessons/m08_advanced/recurrence.py."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from lessons.m08_advanced import recurrence
from optbook.lesson import by_scale, run, technique_names

SIZES = by_scale(tiny=[10_000], small=[1_000_000], medium=[10_000_000])


def inputs_for(technique: str, values: np.ndarray):
    """A list for the pure-Python technique, the float64 array for the others."""
    return values.tolist() if technique == "best_run_python" else values


@pytest.mark.parametrize("n", SIZES)
@pytest.mark.parametrize("technique", technique_names(recurrence))
def test_recurrence(benchmark, technique: str, n: int) -> None:
    """The best run of n gains and losses; the numba kernel is compiled in run()'s warm-up call."""
    values = np.random.default_rng(n).normal(0, 1, n)
    best = run(benchmark, getattr(recurrence, technique), inputs_for(technique, values), items=n)
    assert_same_best(best, recurrence.best_run_python(values.tolist()), technique, values)


def assert_same_best(got: float, expected: float, technique: str, values) -> None:
    """The loops make the same additions in the same order: the same float, exactly. The scan
    subtracts two prefix sums instead: each prefix sum of n terms is within n * eps * sum|v| of
    exact (eps = 2.2e-16, sequential summation), so the difference of two, and the loop's own
    running total, are within 2 * n * eps * sum|v|: 4 * n * eps * sum|v| bounds the gap."""
    if technique != "best_run_numpy_accumulate":
        assert got == expected
        return
    magnitudes = np.abs(np.asarray(values, dtype=np.float64))
    bound = 4 * len(magnitudes) * 2.3e-16 * float(magnitudes.sum())
    assert abs(got - expected) <= bound, (got, expected, bound)


@pytest.mark.parametrize("technique", technique_names(recurrence))
@settings(deadline=None)  # the first call of the numba technique compiles it
@example(values=[])
@example(values=[-3.0])
@example(values=[-1.0, -2.0, -0.5])
@example(values=[1e6, -1e6, 0.1, 0.2])  # a large total cancelled before a small best run
@given(values=st.lists(st.floats(-1e6, 1e6, allow_nan=False), max_size=40))
def test_recurrence_agrees(technique: str, values: list[float]) -> None:
    """The same best run for any values: empty, one, all negative (then 0), ties (exactly the
    loop's float, or within the scan's rounding bound)."""
    got = getattr(recurrence, technique)(inputs_for(technique, np.array(values, dtype=np.float64)))
    assert_same_best(got, recurrence.best_run_python(values), technique, values)
