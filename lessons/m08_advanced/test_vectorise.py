"""Benchmarks and equivalence tests for lessons/m08_advanced/vectorise.py."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from lessons.m08_advanced import vectorise
from optbook.lesson import by_scale, run, skip_if_too_slow, technique_names

SIZES = by_scale(tiny=[1_000], small=[1_000, 1_000_000], medium=[1_000, 1_000_000, 10_000_000])


def inputs_for(technique: str, xs: np.ndarray, ys: np.ndarray) -> tuple:
    """Lists for the pure-Python technique, arrays for the others (converted outside the timed call)."""
    return (xs.tolist(), ys.tolist()) if technique == "distance_python_loop" else (xs, ys)


def assert_distances(got, xs: np.ndarray, ys: np.ndarray) -> None:
    """Each distance to within a few units in the last place: sqrt(x*x + y*y) rounds four
    times (about 2 eps relative at most, eps = 2.2e-16) and np.hypot about once."""
    np.testing.assert_allclose(np.asarray(got, dtype=np.float64), np.hypot(xs, ys), rtol=1e-15, atol=0)


@pytest.mark.parametrize("n", SIZES)
@pytest.mark.parametrize("technique", technique_names(vectorise))
def test_vectorise(benchmark, technique: str, n: int) -> None:
    """Distances of n random points; bytes= counts the two arrays read and the one written."""
    skip_if_too_slow(benchmark, grows_as=1)
    rng = np.random.default_rng(n)
    xs, ys = rng.uniform(-1, 1, n), rng.uniform(-1, 1, n)
    got = run(benchmark, getattr(vectorise, technique), *inputs_for(technique, xs, ys), bytes=3 * 8 * n)
    assert_distances(got, xs, ys)


@pytest.mark.parametrize("technique", technique_names(vectorise))
@given(
    xy=st.integers(0, 20).flatmap(
        lambda n: st.tuples(*[arrays(np.float64, n, elements=st.floats(-1e100, 1e100, allow_nan=False))] * 2)
    )
)
def test_vectorise_agrees(technique: str, xy: tuple[np.ndarray, np.ndarray]) -> None:
    """The same distances for any points: none, one, zeros, tiny (subnormal) and huge coordinates.

    Coordinates up to 1e100 keep x*x finite (1e200 < 1.8e308); below 1e-154 x*x loses digits
    to underflow, where hypot does not, so there the check allows an absolute 1e-154.
    """
    xs, ys = xy
    got = np.asarray(getattr(vectorise, technique)(*inputs_for(technique, xs, ys)), dtype=np.float64)
    np.testing.assert_allclose(got, np.hypot(xs, ys), rtol=1e-15, atol=1e-154)
