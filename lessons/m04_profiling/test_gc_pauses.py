"""Garbage-collection pauses are charged to whichever function triggers them (lessons/m04_profiling/_gc_pauses.py).

The tests count collections (gc.callbacks), never time them: which function a collection starts in
is deterministic, how long it takes is not.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from lessons.m04_profiling import _gc_pauses

HEAP = 100_000  # containers kept alive, as a long test run or program keeps them
COUNT = 50_000  # lists the profiled function allocates


@pytest.fixture
def big_heap() -> Iterator[list[list[int]]]:
    """A heap of HEAP small lists, collected once so that the counts start from a clean state."""
    heap = _gc_pauses.build_heap(HEAP)
    gc.collect()
    yield heap
    del heap


@pytest.fixture
def gc_enabled() -> Iterator[None]:
    """The collector on, as by default, whatever an earlier test left; restored afterwards."""
    was_enabled = gc.isenabled()
    gc.enable()
    yield
    if not was_enabled:
        gc.disable()


def test_collections_start_in_the_allocating_function(big_heap, gc_enabled) -> None:
    """With the collector on, allocating COUNT lists starts a collection about every
    threshold-th list, every one of them inside the allocating function; cProfile has no entry for
    the collector, so their time can only be that function's own time."""
    stats, started = _gc_pauses.profile_counting_collections(_gc_pauses.allocate_lists, COUNT)
    threshold = gc.get_threshold()[0]
    assert len(started) >= COUNT // threshold - 1, started
    assert {function for _, function in started} == {"allocate_lists"}
    # the Python functions in the profile: the one profiled and the counting hook, no collector
    python_functions = {function for _, _, function in stats.stats if not function.startswith("<")}
    assert python_functions == {"allocate_lists", "note"}, python_functions


def test_a_function_that_allocates_no_containers_starts_none(big_heap, gc_enabled) -> None:
    """Integers are not containers: adding COUNT numbers starts no collection, so no pause lands there."""
    _, started = _gc_pauses.profile_counting_collections(_gc_pauses.add_numbers, COUNT)
    assert started == []


def test_freeze_takes_the_heap_out_of_the_collectors_reach(big_heap, gc_enabled) -> None:
    """After gc.collect() and gc.freeze() the heap is no longer in the oldest generation, the one a
    full collection walks: collections still start in the allocating function, but none walks the
    heap. (The count of objects is what makes a full pause long.)"""
    gc.collect()
    assert len(gc.get_objects(generation=2)) >= HEAP
    gc.freeze()
    try:
        assert gc.get_freeze_count() >= HEAP
        assert len(gc.get_objects(generation=2)) < HEAP
        _, started = _gc_pauses.profile_counting_collections(_gc_pauses.allocate_lists, COUNT)
        assert started and {function for _, function in started} == {"allocate_lists"}
    finally:
        gc.unfreeze()
    assert gc.get_freeze_count() == 0


def test_with_the_collector_off_no_collection_starts(big_heap, gc_enabled) -> None:
    """gc.disable(): the same allocation starts no collection at all (reference counting still frees
    what is not in a cycle; cycles wait until the collector is on again)."""
    gc.disable()
    try:
        _, started = _gc_pauses.profile_counting_collections(_gc_pauses.allocate_lists, COUNT)
    finally:
        gc.enable()
    assert started == []
