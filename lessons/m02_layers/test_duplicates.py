"""Benchmarks and equivalence tests for lessons/m02_layers/duplicates.py."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from lessons.m02_layers import duplicates
from optbook.lesson import by_scale, run, skip_if_too_slow, technique_names

SIZES = by_scale(
    tiny=[100, 400],
    small=[1_000, 2_000, 4_000, 16_000, 64_000],
    medium=[1_000, 4_000, 16_000, 64_000, 1_000_000],
    large=[4_000, 64_000, 1_000_000, 10_000_000],
)


def random_values(n: int, seed: int = 0) -> list[int]:
    """n integers drawn from 0 .. 10n - 1: about one in twenty occurs twice."""
    return np.random.default_rng(seed).integers(0, 10 * n, n).tolist()


@pytest.mark.parametrize("n", SIZES)
@pytest.mark.parametrize("technique", technique_names(duplicates))
def test_duplicates(benchmark, technique: str, n: int) -> None:
    """Time one version on n values; check the duplicates against a hash set's."""
    skip_if_too_slow(benchmark, grows_as=2 if technique == "duplicates_all_pairs" else 1.2)
    values = random_values(n, seed=n)
    found = run(benchmark, getattr(duplicates, technique), values, items=n)
    assert found == duplicates.duplicates_hash_set(values)


@pytest.mark.parametrize("technique", technique_names(duplicates))
@given(
    values=st.one_of(
        st.lists(st.integers(min_value=-5, max_value=5), max_size=40),  # many repeats
        st.lists(st.integers(min_value=-(2**62), max_value=2**62), max_size=40),  # hardly any
    )
)
def test_duplicates_agree_with_all_pairs(technique: str, values: list[int]) -> None:
    """Every version finds the same duplicates as comparing all pairs (empty and one value included)."""
    assert getattr(duplicates, technique)(values) == duplicates.duplicates_all_pairs(values)
