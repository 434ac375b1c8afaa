"""Benchmarks and equivalence tests for lessons/m07_basics/io_latency.py."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lessons.m07_basics import io_latency
from lessons.m07_basics._pools import USABLE_CORES
from lessons.m07_basics._tree_cpu import cores_with_workers
from optbook.lesson import by_scale, run, technique_names

# 1..N as for the CPU-bound task, and 4N: waiting is not limited by the number of cores
WORKERS = sorted({1, USABLE_CORES, *by_scale(tiny=[], small=[4 * USABLE_CORES])})
REQUESTS = by_scale(tiny=16, small=64)
DELAY = 0.002  # seconds a request waits


# requests is a parameter so that the group names it; workers is not a data size to fit a scaling law to
@pytest.mark.parametrize("workers", WORKERS)
@pytest.mark.parametrize("requests", [REQUESTS])
@pytest.mark.parametrize("technique", technique_names(io_latency))
def test_io_latency(benchmark, technique: str, requests: int, workers: int) -> None:
    """``requests`` requests of DELAY seconds each, with ``workers`` threads or processes."""
    delays = [DELAY] * requests
    fn = getattr(io_latency, technique)
    answers = run(benchmark, fn, delays, workers, items=requests)
    benchmark.extra_info["waiting_seconds"] = DELAY * requests  # the serial time, if nothing else cost anything
    if benchmark.enabled:
        benchmark.extra_info["cores_with_workers"] = cores_with_workers(lambda: fn(delays, workers))
    assert answers == [i * i for i in range(requests)]


@pytest.mark.parametrize("technique", technique_names(io_latency))
@settings(deadline=None, max_examples=20)  # each example goes through worker processes
@given(delays=st.lists(st.sampled_from([0.0, 0.0005, 0.001]), max_size=10), workers=st.integers(1, 4))
def test_io_latency_agrees(technique: str, delays: list[float], workers: int) -> None:
    """The same answers in the same order, whatever the delays finish in (none, zero delays)."""
    assert getattr(io_latency, technique)(delays, workers) == io_latency.fetch_serial(delays, 1)
