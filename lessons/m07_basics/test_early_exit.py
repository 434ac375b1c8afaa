"""Benchmarks and equivalence tests for lessons/m07_basics/early_exit.py."""

from __future__ import annotations

import math
import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lessons.m07_basics import early_exit
from optbook.lesson import by_scale, run, technique_names

SIZES = by_scale(tiny=[10_000], small=[1_000_000], medium=[10_000_000])
THRESHOLD = 1.5


@pytest.mark.parametrize("n", SIZES)
@pytest.mark.parametrize("technique", technique_names(early_exit))
def test_early_exit(benchmark, technique: str, n: int) -> None:
    """n values in [0, 1) with one value above the threshold a tenth of the way in."""
    rng = random.Random(n)
    values = [rng.random() for _ in range(n)]
    values[n // 10] = 2.0
    benchmark.extra_info["first_match_at"] = n // 10
    assert run(benchmark, getattr(early_exit, technique), values, THRESHOLD, items=n) is True


@pytest.mark.parametrize("technique", technique_names(early_exit))
@given(values=st.lists(st.floats(allow_nan=True)), threshold=st.floats(allow_nan=False) | st.just(math.nan))
def test_early_exit_agrees(technique: str, values: list[float], threshold: float) -> None:
    """The same answer as building the list, for any list: empty, no match, NaN (never above anything)."""
    expected = early_exit.any_above_build_list(values, threshold)
    assert getattr(early_exit, technique)(values, threshold) is expected
