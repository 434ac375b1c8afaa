"""Benchmarks and equivalence tests for lessons/m07_basics/convert.py."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lessons.m07_basics import convert
from optbook.lesson import by_scale, run, technique_names

SIZES = by_scale(tiny=[10_000], small=[1_000_000], medium=[10_000_000])


@pytest.mark.parametrize("n", SIZES)
@pytest.mark.parametrize("technique", technique_names(convert))
def test_convert(benchmark, technique: str, n: int) -> None:
    """Parse n numbers written as text."""
    texts = [str(i * 7919 % 1_000_003) for i in range(n)]
    numbers = run(benchmark, getattr(convert, technique), texts, items=n)
    assert numbers == [i * 7919 % 1_000_003 for i in range(n)]  # every value, in order


@pytest.mark.parametrize("technique", technique_names(convert))
@given(texts=st.lists(st.integers(-(10**30), 10**30).map(str), max_size=30))
def test_convert_agrees(technique: str, texts: list[str]) -> None:
    """The same integers as the loop, for any list: empty, negative and very long numbers."""
    assert getattr(convert, technique)(texts) == convert.parse_for_append(texts)
