"""Benchmarks and equivalence tests for lessons/m08_advanced/views.py."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from lessons.m08_advanced import views
from optbook.lesson import by_scale, run, technique_names

SIZES = by_scale(tiny=[256], small=[256, 4_096], medium=[4_096, 16_384])


@pytest.mark.parametrize("n", SIZES)
@pytest.mark.parametrize("technique", technique_names(views))
def test_views(benchmark, technique: str, n: int) -> None:
    """The block sum of an n x n matrix; bytes= counts the block's bytes, read once."""
    a = np.random.default_rng(n).uniform(0, 1, (n, n))
    block = a[::2, : n // 2]
    total = run(benchmark, getattr(views, technique), a, bytes=block.size * 8)
    # every technique sums the same elements, pairwise in blocks: relative error n * eps at most
    assert np.isclose(total, block.sum(), rtol=1e-10)


@pytest.mark.parametrize("technique", technique_names(views))
@given(a=arrays(np.float64, st.tuples(st.integers(0, 9), st.integers(0, 9)), elements=st.floats(-1e6, 1e6)))
def test_views_agrees(technique: str, a: np.ndarray) -> None:
    """The same sum for any shape (empty, one row or column, odd sizes).

    A copy and a view may be summed in a different order (NumPy's pairwise sum runs over
    contiguous memory): the results differ by rounding only, a few eps times the sum of |a|.
    """
    got = getattr(views, technique)(a)
    expected = views.block_sum_fancy_index(a)
    assert abs(got - expected) <= 1e-12 * (np.abs(a).sum() + 1)
