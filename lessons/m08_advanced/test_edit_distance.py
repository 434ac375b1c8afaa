"""Benchmarks and equivalence tests for lessons/m08_advanced/edit_distance.py."""

from __future__ import annotations

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lessons.m08_advanced import edit_distance
from optbook.lesson import by_scale, run, technique_names

SIZES = by_scale(tiny=[8, 16], small=[10, 20, 200])
# The longest strings the exponential techniques are run on (their time grows about 3x per letter).
LONGEST = {"edit_distance_recursive": 10, "edit_distance_lru_cache_maxsize_64": 20}


def skip_exponential(technique: str, n: int) -> None:
    if technique in LONGEST and n > LONGEST[technique]:
        pytest.skip(
            f"{technique} takes time exponential in the length (about 3x per letter): "
            f"run up to n={LONGEST[technique]}; n={n} would not finish"
        )


def dna_pair(n: int, seed: int = 0) -> tuple[str, str]:
    """Two random DNA strings of length n."""
    rng = random.Random(seed)
    return "".join(rng.choice("ACGT") for _ in range(n)), "".join(rng.choice("ACGT") for _ in range(n))


@pytest.mark.parametrize("cache", ["cold", "warm"])
@pytest.mark.parametrize("n", SIZES)
@pytest.mark.parametrize("technique", technique_names(edit_distance))
def test_edit_distance(benchmark, technique: str, n: int, cache: str) -> None:
    """Distance between two DNA strings of length n. Cold: every memo emptied before each
    round (setup, untimed). Warm: the memo holds the answer from the warm-up call."""
    skip_exponential(technique, n)
    a, b = dna_pair(n, seed=n)
    fn = getattr(edit_distance, technique)
    if cache == "cold":

        def emptied():
            edit_distance._clear_caches()
            return (a, b), {}

        slow = technique in LONGEST
        distance = run(benchmark, fn, setup=emptied, rounds=5 if slow else 30)
    else:
        distance = run(benchmark, fn, a, b)
    assert distance == edit_distance.edit_distance_table(a, b)


@pytest.mark.parametrize("technique", technique_names(edit_distance))
@given(a=st.text("ab", max_size=7), b=st.text("abc", max_size=7), clear=st.booleans())
def test_edit_distance_agrees(technique: str, a: str, b: str, clear: bool) -> None:
    """The same distance as the plain recursion for any short strings (empty ones included),
    with the memos emptied or left filled."""
    if clear:
        edit_distance._clear_caches()
    assert getattr(edit_distance, technique)(a, b) == edit_distance.edit_distance_recursive(a, b)
