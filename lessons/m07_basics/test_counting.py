"""Benchmarks and equivalence tests for lessons/m07_basics/counting.py."""

from __future__ import annotations

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lessons.m07_basics import counting
from optbook.lesson import by_scale, run, technique_names

SIZES = by_scale(tiny=[10_000], small=[1_000_000], medium=[10_000_000])


def random_words(n: int, vocabulary: int = 5_000, seed: int = 0) -> list[str]:
    """n words drawn from a vocabulary with a few frequent and many rare words (Zipf-like)."""
    rng = random.Random(seed)
    words = [f"w{i}" for i in range(vocabulary)]
    weights = [1 / (rank + 1) for rank in range(vocabulary)]
    return rng.choices(words, weights=weights, k=n)


@pytest.mark.parametrize("n", SIZES)
@pytest.mark.parametrize("technique", technique_names(counting))
def test_counting(benchmark, technique: str, n: int) -> None:
    """Count the words of a text of n words."""
    words = random_words(n, seed=n)
    counts = run(benchmark, getattr(counting, technique), words, items=n)
    assert sum(counts.values()) == n
    assert counts["w0"] == words.count("w0")


@pytest.mark.parametrize("technique", technique_names(counting))
@given(words=st.lists(st.text("ab", max_size=2), max_size=50))
def test_counting_agrees(technique: str, words: list[str]) -> None:
    """The same counts as the dict loop, for any words (none, one, the empty word)."""
    assert dict(getattr(counting, technique)(words)) == counting.count_dict_if_in(words)
