"""Benchmarks and equivalence tests for lessons/m08_advanced/strided.py."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from lessons.m08_advanced import strided
from optbook.lesson import by_scale, run, technique_names

SIDE = by_scale(tiny=256, small=4_096, medium=16_384)  # a is SIDE x SIDE float64
STEPS = by_scale(tiny=[2, 16], small=[2, 8, 16], medium=[2, 8, 16])  # every k-th column
EPS = float(np.finfo(np.float64).eps)


def prepared(a: np.ndarray, k: int, technique: str) -> np.ndarray:
    """Every k-th column of ``a`` as the technique takes it: a view, or a contiguous copy
    (made here, outside the timing)."""
    view = a[:, ::k]
    return view if strided.INPUT_LAYOUT[technique] == "view" else np.ascontiguousarray(view)


def tolerance(b: np.ndarray) -> float:
    """A view and a copy may be summed in different orders (NumPy sums contiguous runs
    pairwise); any two orders of N additions agree within N eps times the sum of |values|."""
    return b.size * EPS * float(np.abs(b).sum()) + np.finfo(np.float64).tiny


@pytest.mark.parametrize("k", STEPS)
@pytest.mark.parametrize("technique", technique_names(strided))
def test_strided(benchmark, technique: str, k: int) -> None:
    """The sum of every k-th column; bytes= counts the values wanted (the view reads more)."""
    a = np.random.default_rng(k).uniform(-1, 1, (SIDE, SIDE))
    b = prepared(a, k, technique)
    benchmark.extra_info.update(layout=strided.INPUT_LAYOUT[technique], side=SIDE)
    total = run(benchmark, getattr(strided, technique), b, bytes=b.size * 8, items=b.size)
    assert abs(total - float(a[:, ::k].sum())) <= tolerance(b)


@pytest.mark.parametrize("technique", technique_names(strided))
@given(
    a=arrays(np.float64, st.tuples(st.integers(0, 10), st.integers(0, 30)), elements=st.floats(-1e300, 1e300)),
    k=st.integers(1, 12),
)
def test_strided_agrees(technique: str, a: np.ndarray, k: int) -> None:
    """The same sum from a view and from a copy, for any shape and step (empty, k wider than
    the array, one column). Values up to 1e300 so that a sum of at most 300 cannot overflow."""
    got = getattr(strided, technique)(prepared(a, k, technique))
    expected = strided.sum_strided_view(a[:, ::k])
    assert abs(got - expected) <= tolerance(a[:, ::k])
