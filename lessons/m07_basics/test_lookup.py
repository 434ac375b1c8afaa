"""Benchmarks and equivalence tests for lessons/m07_basics/lookup.py."""

from __future__ import annotations

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lessons.m07_basics import lookup
from optbook.lesson import by_scale, run, skip_if_too_slow, technique_names

SIZES = by_scale(tiny=[1_000], small=[1_000, 100_000], medium=[1_000, 100_000, 1_000_000])
KEYS = 100


def build(technique: str, pairs: list[tuple[str, float]]):
    """The table in the structure the technique searches. Where a key repeats, the first pair wins in both."""
    if technique == "lookup_dict":
        table: dict[str, float] = {}
        for k, v in pairs:
            table.setdefault(k, v)
        return table
    return list(pairs)


def pairs_and_keys(n: int, seed: int = 0) -> tuple[list[tuple[str, float]], list[str]]:
    """n (name, value) pairs with distinct names, and KEYS names to look up, all present."""
    rng = random.Random(seed)
    pairs = [(f"station-{i:07d}", rng.random()) for i in range(n)]
    keys = [rng.choice(pairs)[0] for _ in range(KEYS)]
    return pairs, keys


@pytest.mark.parametrize("n", SIZES)
@pytest.mark.parametrize("technique", technique_names(lookup))
def test_lookup(benchmark, technique: str, n: int) -> None:
    """Look up KEYS keys in a table of n pairs; the table is built outside the timed call."""
    skip_if_too_slow(benchmark, grows_as=1)
    pairs, keys = pairs_and_keys(n, seed=n)
    table = build(technique, pairs)
    values = run(benchmark, getattr(lookup, technique), table, keys, items=KEYS)
    expected = dict(pairs)
    assert values == [expected[k] for k in keys]


@pytest.mark.parametrize("technique", technique_names(lookup))
@given(
    pairs=st.lists(st.tuples(st.text("abc", max_size=3), st.floats(allow_nan=False))),
    keys=st.lists(st.text("abc", max_size=3), max_size=20),
)
def test_lookup_agrees(technique: str, pairs: list[tuple[str, float]], keys: list[str]) -> None:
    """Same values as the scan, missing keys (None) and repeated keys (the first pair wins) included."""
    expected = lookup.lookup_list_of_pairs(list(pairs), keys)
    assert getattr(lookup, technique)(build(technique, pairs), keys) == expected
