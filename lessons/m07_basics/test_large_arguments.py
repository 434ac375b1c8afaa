"""Benchmarks and equivalence tests for lessons/m07_basics/large_arguments.py."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from lessons.m07_basics import large_arguments
from lessons.m07_basics._pools import USABLE_CORES
from optbook.lesson import by_scale, run, technique_names

WORKERS = sorted({1, USABLE_CORES})
SIZES = by_scale(tiny=[100_000], small=[1_000_000, 10_000_000], medium=[1_000_000, 100_000_000])


@pytest.mark.parametrize("workers", WORKERS)
@pytest.mark.parametrize("n", SIZES)
@pytest.mark.parametrize("technique", technique_names(large_arguments))
def test_large_arguments(benchmark, technique: str, n: int, workers: int) -> None:
    """Sum n float64 numbers in ``workers`` parts; bytes= is the array's size, the data to move."""
    array = np.random.default_rng(n).uniform(0, 1, n)
    total = run(benchmark, getattr(large_arguments, technique), array, workers, bytes=array.nbytes)
    # every technique adds the same parts in the same order: the same float
    assert total == large_arguments.sum_in_this_process(array, workers)


@pytest.mark.parametrize("technique", technique_names(large_arguments))
@settings(deadline=None, max_examples=20)  # each example goes through worker processes
@given(
    array=st.sampled_from([np.float64, np.float32, np.int64]).flatmap(
        lambda dtype: arrays(dtype, st.integers(0, 50), elements=st.integers(-(10**6), 10**6))
    ),
    workers=st.integers(1, 3),
)
def test_large_arguments_agrees(technique: str, array: np.ndarray, workers: int) -> None:
    """The same sum, exactly (the same parts added in the same order), for any array: empty, one
    element, float32 and int64 as well as float64 (a worker must read the array as its own type)."""
    expected = large_arguments.sum_in_this_process(array, workers)
    assert getattr(large_arguments, technique)(array, workers) == expected
