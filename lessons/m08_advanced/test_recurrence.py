"""Benchmarks and equivalence tests for lessons/m08_advanced/recurrence.py."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
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
    # the same additions in the same order everywhere: the same float
    assert best == recurrence.best_run_python(values.tolist())


@pytest.mark.parametrize("technique", technique_names(recurrence))
@settings(deadline=None)  # the first call of the numba technique compiles it
@given(values=st.lists(st.floats(-1e6, 1e6, allow_nan=False), max_size=40))
def test_recurrence_agrees(technique: str, values: list[float]) -> None:
    """Exactly the same best run for any values: empty, one, all negative (then 0), ties."""
    got = getattr(recurrence, technique)(inputs_for(technique, np.array(values, dtype=np.float64)))
    assert got == recurrence.best_run_python(values)
