"""Benchmarks and equivalence tests for lessons/m08_advanced/broadcasting.py."""

from __future__ import annotations

import functools

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from lessons.m08_advanced import broadcasting
from optbook.lesson import by_scale, run, technique_names

SIZES = by_scale(tiny=[1_000], small=[10_000, 100_000], medium=[100_000, 1_000_000])
CENTRES, DIMENSIONS = 16, 3


def points_and_centres_of(m: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(m)
    return rng.uniform(-1, 1, (m, DIMENSIONS)), rng.uniform(-1, 1, (CENTRES, DIMENSIONS))


@functools.cache
def expected_distances(m: int) -> np.ndarray:
    """The baseline's distances for m points, computed once per size."""
    return broadcasting.pairwise_row_loop(*points_and_centres_of(m))


@pytest.mark.parametrize("m", SIZES)
@pytest.mark.parametrize("technique", technique_names(broadcasting))
def test_broadcasting(benchmark, technique: str, m: int) -> None:
    """Distances from m points to 16 centres in 3 dimensions; peak memory shows the copies."""
    points, centres = points_and_centres_of(m)
    got = run(benchmark, getattr(broadcasting, technique), points, centres, items=m * CENTRES)
    # a few roundings of numbers of order 1: relative error of a few eps (2.2e-16)
    np.testing.assert_allclose(got, expected_distances(m), rtol=1e-14, atol=1e-15)


@st.composite
def points_and_centres(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray]:
    """m x d points and k x d centres, m, k in 0..6 and d in 1..4, values of order 1e3."""
    m, k, d = draw(st.integers(0, 6)), draw(st.integers(0, 6)), draw(st.integers(1, 4))
    values = st.floats(-1e3, 1e3, allow_nan=False)
    return draw(arrays(np.float64, (m, d), elements=values)), draw(arrays(np.float64, (k, d), elements=values))


@pytest.mark.parametrize("technique", technique_names(broadcasting))
@given(pc=points_and_centres())
def test_broadcasting_agrees(technique: str, pc: tuple[np.ndarray, np.ndarray]) -> None:
    """The same m x k distances for any shapes: no points, no centres, one dimension.

    The sums of squares differ only in the order of at most 4 additions: a few eps relative
    of a sum of up to 4 * (2e3)**2, so absolute 1e-9 covers distances near zero.
    """
    points, centres = pc
    got = getattr(broadcasting, technique)(points, centres)
    assert got.shape == (len(points), len(centres))
    np.testing.assert_allclose(got, broadcasting.pairwise_row_loop(points, centres), rtol=1e-13, atol=1e-9)
