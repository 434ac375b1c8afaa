"""Benchmarks and equivalence tests for lessons/m07_basics/first_groups.py."""

from __future__ import annotations

import itertools
import math
import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lessons.m07_basics import first_groups
from optbook.lesson import by_scale, run, technique_names

SIZES = by_scale(tiny=[10_000], small=[1_000_000], medium=[10_000_000])
FIRST_DAYS = 10
MONTHS = 12


def monthly_records(n: int, seed: int = 0) -> list[list[tuple[int, float]]]:
    """n (day, amount) records over a year, about n/365 a day, split into twelve monthly lists."""
    rng = random.Random(seed)
    days = sorted(rng.randrange(365) for _ in range(n))
    records = [(day, round(rng.uniform(0, 50), 2)) for day in days]
    bounds = [len(records) * m // MONTHS for m in range(MONTHS + 1)]
    # a month boundary inside a day is fine: groupby joins the runs across sources
    return [records[a:b] for a, b in itertools.pairwise(bounds)]


@pytest.mark.parametrize("n", SIZES)
@pytest.mark.parametrize("technique", technique_names(first_groups))
def test_first_groups(benchmark, technique: str, n: int) -> None:
    """Totals of the first FIRST_DAYS days out of n records."""
    sources = monthly_records(n, seed=n)
    totals = run(benchmark, getattr(first_groups, technique), sources, FIRST_DAYS, items=n)
    assert_same_totals(totals, first_groups.first_groups_lists(sources, FIRST_DAYS))


def assert_same_totals(got: list[tuple[int, float]], expected: list[tuple[int, float]]) -> None:
    """The same days in the same order, and the same totals up to rounding.

    The amounts of a day are added in the same order everywhere, but from Python 3.12 on
    ``sum`` carries the rounding error along (Neumaier) while ``total + amount`` does not:
    they may differ by about (records a day) * eps * (sum of |amounts|), below rel_tol=1e-9
    here, and near zero totals below abs_tol.
    """
    assert [day for day, _ in got] == [day for day, _ in expected]
    for (_, total), (_, want) in zip(got, expected):
        assert math.isclose(total, want, rel_tol=1e-9, abs_tol=1e-9)


@st.composite
def sorted_sources(draw: st.DrawFn) -> list[list[tuple[int, float]]]:
    """Records sorted by day, split at random places into 0 to 4 sources (empty ones included)."""
    days = sorted(draw(st.lists(st.integers(0, 10), max_size=30)))
    amounts = draw(st.lists(st.floats(-1e3, 1e3, allow_nan=False), min_size=len(days), max_size=len(days)))
    records = list(zip(days, amounts))
    cuts = sorted(draw(st.lists(st.integers(0, len(records)), max_size=3)))
    bounds = [0, *cuts, len(records)]
    return [records[a:b] for a, b in itertools.pairwise(bounds)]


@pytest.mark.parametrize("technique", technique_names(first_groups))
@given(sources=sorted_sources(), k=st.integers(0, 12))
def test_first_groups_agrees(technique: str, sources: list[list[tuple[int, float]]], k: int) -> None:
    """The same days and totals as the dict version, for sources that are empty, split inside a day, or none."""
    expected = first_groups.first_groups_lists(sources, k)
    assert_same_totals(getattr(first_groups, technique)(sources, k), expected)
