"""Garbage-collection pauses, and which function a profiler charges them to.

CPython frees most objects at once by reference counting; the cyclic garbage
collector runs besides, to find reference cycles. It starts when the number of
container objects (lists, dicts, class instances...) allocated minus those freed
passes a threshold (``gc.get_threshold()``, 700 for the youngest generation),
so it starts *inside whichever function happens to allocate* at that moment, and
no profiler shows it as a function of its own: cProfile and the sampling
profilers add the pause to that function's time. A full collection walks every
container alive, so the pause grows with the heap the program has built.
``gc.freeze()`` moves every object alive out of the collector's reach (they are
never collected, nor walked, until ``gc.unfreeze()``).
"""

from __future__ import annotations

import cProfile
import gc
import pstats
import sys
import threading
from collections.abc import Callable
from typing import Any


def build_heap(count: int) -> list[list[int]]:
    """``count`` small lists kept alive: the heap a long program (or test run) has built."""
    heap = []
    for i in range(count):
        heap.append([i])
    return heap


def allocate_lists(count: int) -> list[list[int]]:
    """A function that allocates containers (a list per item) and keeps them: it triggers collections."""
    kept = []
    for i in range(count):
        kept.append([i])
    return kept


def add_numbers(count: int) -> int:
    """A function that allocates no containers (integers are not tracked by the collector)."""
    total = 0
    for i in range(count):
        total += i
    return total


def profile_counting_collections(fn: Callable[..., Any], *args: Any) -> tuple[pstats.Stats, list[tuple[int, str]]]:
    """Run ``fn(*args)`` under cProfile and note every collection that starts meanwhile: its
    generation and the Python function that was running when it started (the one charged).
    Collections that other threads start are left out, and hooks that other libraries put in
    ``gc.callbacks`` (hypothesis keeps one) are set aside meanwhile, so that the profile shows
    only ``fn`` and this hook."""
    started: list[tuple[int, str]] = []
    this_thread = threading.get_ident()

    def note(phase: str, info: dict[str, int]) -> None:
        if phase == "start" and threading.get_ident() == this_thread:
            started.append((info["generation"], sys._getframe(1).f_code.co_name))

    profiler = cProfile.Profile()
    others = gc.callbacks[:]
    gc.callbacks[:] = [note]
    try:
        profiler.runcall(fn, *args)
    finally:
        gc.callbacks[:] = others
    return pstats.Stats(profiler), started
