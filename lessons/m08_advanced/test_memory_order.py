"""Benchmarks and equivalence tests for lessons/m08_advanced/memory_order.py."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from lessons.m08_advanced import memory_order
from optbook.lesson import by_scale, run, technique_names

SIZES = by_scale(tiny=[256], small=[256, 4_096], medium=[4_096, 16_384])  # n x n float64
EPS = float(np.finfo(np.float64).eps)


def laid_out(a: np.ndarray, technique: str) -> np.ndarray:
    """``a`` in the memory order the technique is written for (a copy made outside the timing)."""
    return np.asarray(a, order=memory_order.INPUT_ORDER[technique])


def tolerance(a: np.ndarray) -> np.ndarray:
    """How far two column sums may differ: the techniques add each column's n values in
    different orders (pairwise along a contiguous column, one row after another across
    rows), and any order of n additions is within (n - 1) eps/2 of the sum of |values|; two
    of them within n eps of each other. Plus the smallest normal number, for all-zero columns
    of subnormal values."""
    return a.shape[0] * EPS * np.abs(a).sum(axis=0) + np.finfo(np.float64).tiny


@pytest.mark.parametrize("n", SIZES)
@pytest.mark.parametrize("technique", technique_names(memory_order))
def test_memory_order(benchmark, technique: str, n: int) -> None:
    """The n column sums of an n x n array; bytes= counts the array, read once."""
    a = np.random.default_rng(n).uniform(-1, 1, (n, n))
    x = laid_out(a, technique)
    benchmark.extra_info["order"] = memory_order.INPUT_ORDER[technique]
    sums = run(benchmark, getattr(memory_order, technique), x, bytes=a.nbytes, items=a.size)
    assert np.all(np.abs(sums - a.sum(axis=0)) <= tolerance(a))


@pytest.mark.parametrize("technique", technique_names(memory_order))
@given(a=arrays(np.float64, st.tuples(st.integers(0, 12), st.integers(0, 12)), elements=st.floats(-1e300, 1e300)))
def test_memory_order_agrees(technique: str, a: np.ndarray) -> None:
    """The same column sums in either layout for any shape (empty, one row, one column, odd
    sizes). Values up to 1e300: twelve of them cannot overflow float64's 1.8e308."""
    got = getattr(memory_order, technique)(laid_out(a, technique))
    expected = memory_order.column_sums_loop_c_order(a)
    assert got.shape == expected.shape == (a.shape[1],) and got.dtype == np.float64
    assert np.all(np.abs(got - expected) <= tolerance(a))
