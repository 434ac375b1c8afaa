"""Benchmarks and equivalence tests for lessons/m07_basics/hoisting.py."""

from __future__ import annotations

import random
from types import SimpleNamespace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lessons.m07_basics import hoisting
from optbook.lesson import by_scale, run, technique_names

SIZES = by_scale(tiny=[10_000], small=[1_000_000], medium=[10_000_000])
SCALE = SimpleNamespace(low=-40.0, high=60.0, steps=256)  # e.g. temperatures onto 8 bits


@pytest.mark.parametrize("n", SIZES)
@pytest.mark.parametrize("technique", technique_names(hoisting))
def test_hoisting(benchmark, technique: str, n: int) -> None:
    """Rescale n readings whose values land well inside steps (no rounding ties)."""
    rng = random.Random(n)
    values = [SCALE.low + (rng.randrange(SCALE.steps) + rng.uniform(-0.4, 0.4)) * 100 / 256 for _ in range(n)]
    steps = run(benchmark, getattr(hoisting, technique), values, SCALE, items=n)
    assert steps == [round((v - SCALE.low) * 256 / 100) for v in values]


@pytest.mark.parametrize("technique", technique_names(hoisting))
@given(
    values=st.lists(st.integers(-4000, 6000).map(lambda i: i / 100), max_size=40),
    steps=st.sampled_from([1, 10, 100, 256]),
)
def test_hoisting_agrees(technique: str, values: list[float], steps: int) -> None:
    """The same steps as the naive loop, or off by one at most where a value sits on a half step.

    ``(v - low) / ((high - low) / steps)`` and ``(v - low) * (steps / (high - low))`` round
    differently in the last bit, so a value exactly half-way between two steps may go
    either way; everywhere else the whole step is the same.
    """
    scale = SimpleNamespace(low=-40.0, high=60.0, steps=steps)
    expected = hoisting.rescale_naive(values, scale)
    got = getattr(hoisting, technique)(values, scale)
    assert len(got) == len(expected)
    for v, a, b in zip(values, got, expected):
        exact = (v - scale.low) * steps / 100
        on_half_step = abs(exact - int(exact) - 0.5) < 1e-9
        assert a == b or (on_half_step and abs(a - b) == 1), (v, a, b)
