"""Benchmarks and equivalence tests for lessons/m07_basics/footprint.py, and the bytes each structure holds."""

from __future__ import annotations

import sys
import tracemalloc
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from lessons.m07_basics import footprint
from optbook.lesson import by_scale, run, technique_names

SIZES = by_scale(tiny=[1_000], small=[100_000], medium=[1_000_000])


def as_numbers(held: Any) -> list[float]:
    """The numbers a structure holds, in order, as a plain list."""
    if isinstance(held, dict):
        return [held[i] for i in range(len(held))]
    return [getattr(item, "value", item) for item in held]


def bytes_held(build: Callable[[int], Any], n: int) -> int:
    """The memory (bytes) that ``build(n)`` allocates and still holds when it returns, by tracemalloc.

    Called once before measuring, so that one-time costs (a class's caches, a first import) are left out.
    Only the blocks allocated from footprint.py's own lines count: tracemalloc sees every thread of
    the process, and a background thread (a Dask cluster's, pytest's) allocating meanwhile added
    about 2 bytes a number now and then.
    """
    build(n)
    tracemalloc.start()
    try:
        held = build(n)
        snapshot = tracemalloc.take_snapshot()
    finally:
        tracemalloc.stop()
    assert held is not None  # kept alive until the snapshot
    ours = snapshot.filter_traces([tracemalloc.Filter(True, footprint.__file__)])
    return sum(stat.size for stat in ours.statistics("filename"))


@pytest.mark.parametrize("n", SIZES)
@pytest.mark.parametrize("technique", technique_names(footprint))
def test_footprint(benchmark, technique: str, n: int) -> None:
    """The time to build the structure; the bytes it holds are saved beside the time."""
    build = getattr(footprint, technique)
    held = run(benchmark, build, n, items=n)
    assert as_numbers(held) == [float(i) for i in range(n)]
    memory = bytes_held(build, n)
    benchmark.extra_info["bytes_held"] = memory
    benchmark.extra_info["bytes_per_number"] = memory / n


@pytest.mark.parametrize("technique", technique_names(footprint))
@given(n=st.integers(0, 300))
def test_footprint_agrees(technique: str, n: int) -> None:
    """Every structure holds the same numbers in the same order as the baseline (none, one, many)."""
    baseline = footprint.hold_objects(n)
    assert as_numbers(getattr(footprint, technique)(n)) == as_numbers(baseline)


def per_number(technique: str, n: int = 10_000) -> float:
    return bytes_held(getattr(footprint, technique), n) / n


def test_what_the_page_says_about_footprint() -> None:
    """The page's claims, measured here (CPython 64-bit; exact figures change between versions)."""
    sizes = {name: per_number(name) for name in technique_names(footprint)}
    # a list: an 8-byte pointer and a 24-byte float object per number, and some spare room
    assert 32 <= sizes["hold_list"] < 40
    assert sizes["hold_tuple"] <= sizes["hold_list"]  # no spare room
    # __slots__ objects are smaller than ordinary ones, yet more than twice a list's cost
    assert sizes["hold_slots_objects"] < sizes["hold_objects"]
    assert sizes["hold_slots_objects"] > 2 * sizes["hold_list"]
    # a dict of floats costs several times a list of them
    assert sizes["hold_dict"] > 2 * sizes["hold_list"]
    # array and NumPy: 8 bytes a float64 and little else
    assert 8 <= sizes["hold_array"] < 9 and 8 <= sizes["hold_numpy"] < 8.1
    # NumPy's header: what sys.getsizeof counts beyond the 8-byte items
    numbers = footprint.hold_numpy(10_000)
    assert numbers.dtype == np.float64 and numbers.nbytes == 8 * 10_000  # floats, as the other structures hold
    assert 50 <= sys.getsizeof(numbers) - numbers.nbytes <= 200


def test_the_footprint_table_reads_a_saved_benchmark() -> None:
    from lessons.m07_basics import _facts

    info = {"lesson": "m07_basics", "topic": "footprint", "technique": "hold_list"}
    bench = {
        "group": "footprint n=10",
        "params": {"n": 10},
        "stats": {"median": 1e-5},
        "extra_info": {**info, "bytes_held": 320, "bytes_per_number": 32.0},
    }
    lines = _facts.footprint_lines([bench])
    assert any("hold_list" in line and "32.0" in line for line in lines)
    assert _facts.footprint_lines([]) == []
