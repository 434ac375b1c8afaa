"""Benchmarks and equivalence tests for lessons/m08_advanced/growing.py."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from lessons.m08_advanced import growing
from optbook.lesson import by_scale, run, skip_if_too_slow, technique_names

SIZES = by_scale(tiny=[1_000], small=[1_000, 10_000, 100_000], medium=[1_000, 10_000, 100_000, 1_000_000])


@pytest.mark.parametrize("n", SIZES)
@pytest.mark.parametrize("technique", technique_names(growing))
def test_growing(benchmark, technique: str, n: int) -> None:
    """Collect n values one at a time."""
    skip_if_too_slow(benchmark, grows_as=2 if technique == "collect_np_append" else 1)
    values = run(benchmark, getattr(growing, technique), n, items=n)
    # the same float operations on the same numbers in every technique: identical values
    np.testing.assert_array_equal(values, np.sqrt(np.arange(n, dtype=np.float64)) * 0.5)


@pytest.mark.parametrize("technique", technique_names(growing))
@given(n=st.integers(0, 200))
def test_growing_agrees(technique: str, n: int) -> None:
    """Identical arrays (values, dtype, shape) for any n, zero and one included."""
    got, expected = getattr(growing, technique)(n), growing.collect_list_append(n)
    assert got.dtype == expected.dtype and got.shape == (n,)
    np.testing.assert_array_equal(got, expected)
