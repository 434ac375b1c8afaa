"""Benchmarks and equivalence tests for lessons/m07_basics/strings.py."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lessons.m07_basics import strings
from optbook.lesson import by_scale, run, skip_if_too_slow, technique_names

SIZES = by_scale(tiny=[1_000], small=[10_000, 50_000], medium=[10_000, 100_000])


@pytest.mark.parametrize("n", SIZES)
@pytest.mark.parametrize("technique", technique_names(strings))
def test_strings(benchmark, technique: str, n: int) -> None:
    """Join n parts such as '12345,' (a line of a CSV file)."""
    skip_if_too_slow(benchmark, grows_as=2)
    parts = [f"{i}," for i in range(n)]
    text = run(benchmark, getattr(strings, technique), parts, items=n)
    assert len(text) == sum(map(len, parts)) and text.startswith("0,1,2,") and text.endswith(f"{n - 1},")


@pytest.mark.parametrize("technique", technique_names(strings))
@given(parts=st.lists(st.text(max_size=5), max_size=30))
def test_strings_agrees(technique: str, parts: list[str]) -> None:
    """The same string as ``+=``, for any parts (none, empty ones, any Unicode)."""
    assert getattr(strings, technique)(parts) == strings.concat_plus_equals(parts)
