"""Benchmarks and equivalence tests for lessons/m07_basics/membership.py."""

from __future__ import annotations

import random
import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lessons.m07_basics import membership
from optbook.lesson import by_scale, run, skip_if_too_slow, technique_names

SIZES = by_scale(tiny=[1_000], small=[1_000, 100_000], medium=[1_000, 100_000, 1_000_000])
QUERIES = 100  # half of them present, half absent


def build(technique: str, values: list[int]):
    """The collection in the structure the technique searches."""
    if technique.endswith("_set"):
        return set(values)
    if technique.endswith("_dict"):
        return dict.fromkeys(values)
    if technique.endswith("_bisect"):
        return sorted(values)
    return list(values)


def values_and_queries(n: int, seed: int = 0) -> tuple[list[int], list[int]]:
    """n distinct even numbers in random order, and queries of which half are among them (odd ones never are)."""
    rng = random.Random(seed)
    values = rng.sample(range(0, 4 * n, 2), n)
    present = rng.choices(values, k=QUERIES // 2)
    absent = [2 * rng.randrange(2 * n) + 1 for _ in range(QUERIES - len(present))]
    queries = present + absent
    rng.shuffle(queries)
    return values, queries


@pytest.mark.parametrize("n", SIZES)
@pytest.mark.parametrize("technique", technique_names(membership))
def test_membership(benchmark, technique: str, n: int) -> None:
    """Count QUERIES lookups in a collection of n values; the collection is built outside the timed call."""
    skip_if_too_slow(benchmark, grows_as=1)
    values, queries = values_and_queries(n, seed=n)
    start = time.perf_counter()
    collection = build(technique, values)
    benchmark.extra_info["build_seconds"] = time.perf_counter() - start  # what the structure costs to make, once
    benchmark.extra_info["queries"] = QUERIES
    found = run(benchmark, getattr(membership, technique), collection, queries, items=QUERIES)
    assert found == QUERIES // 2


@pytest.mark.parametrize("technique", technique_names(membership))
@given(values=st.lists(st.integers(-50, 50)), queries=st.lists(st.integers(-60, 60), max_size=30))
def test_membership_agrees(technique: str, values: list[int], queries: list[int]) -> None:
    """Every structure finds the same queries, duplicates and empty collections included."""
    expected = membership.membership_list(list(values), queries)
    assert getattr(membership, technique)(build(technique, values), queries) == expected
