"""Benchmarks and equivalence tests for lessons/m07_basics/process_start.py."""

from __future__ import annotations

import multiprocessing

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lessons.m07_basics import process_start
from optbook.lesson import by_scale, run, technique_names

PROCESSES = by_scale(tiny=[1], small=[1, 4])


def start_method_or_skip(technique: str) -> None:
    """Skip a technique whose start method this platform lacks (fork and forkserver exist on Unix only)."""
    method = technique.removeprefix("start_")
    available = multiprocessing.get_all_start_methods()
    if method not in available:
        pytest.skip(f"the {method!r} start method does not exist on this platform (it has {available})")


@pytest.mark.parametrize("processes", PROCESSES)
@pytest.mark.parametrize("technique", technique_names(process_start))
def test_process_start(benchmark, technique: str, processes: int) -> None:
    """Start ``processes`` processes that do nothing and wait for them (the forkserver's own
    start falls in the untimed first call)."""
    start_method_or_skip(technique)
    exit_codes = run(benchmark, getattr(process_start, technique), processes, items=processes)
    assert exit_codes == [0] * processes  # every process started, ran and ended normally


@pytest.mark.parametrize("technique", technique_names(process_start))
@settings(deadline=None, max_examples=5)  # each example starts real processes (spawn: a fraction of a second each)
@given(processes=st.integers(0, 3))
def test_process_start_agrees(technique: str, processes: int) -> None:
    """The same exit codes as spawn, none started included."""
    start_method_or_skip(technique)
    assert getattr(process_start, technique)(processes) == process_start.start_spawn(processes)
