"""Benchmarks and equivalence tests for lessons/m07_basics/waiting_async.py."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lessons.m07_basics import waiting_async
from optbook.lesson import by_scale, run, technique_names

# a few requests at a time, as a small thread pool would serve them, and every request at once
CONCURRENCY = by_scale(tiny=[8], small=[8, 64])
REQUESTS = by_scale(tiny=16, small=64)
DELAY = 0.002  # seconds a request waits


# requests is a parameter so that the group names it; concurrency is not a data size to fit a scaling law to
@pytest.mark.parametrize("concurrency", CONCURRENCY)
@pytest.mark.parametrize("requests", [REQUESTS])
@pytest.mark.parametrize("technique", technique_names(waiting_async))
def test_waiting_async(benchmark, technique: str, requests: int, concurrency: int) -> None:
    """``requests`` requests of DELAY seconds each, at most ``concurrency`` of them waiting at once."""
    delays = [DELAY] * requests
    answers = run(benchmark, getattr(waiting_async, technique), delays, concurrency, items=requests)
    benchmark.extra_info["waiting_seconds"] = DELAY * requests  # the serial time, if nothing else cost anything
    assert answers == [i * i for i in range(requests)]


@pytest.mark.parametrize("technique", technique_names(waiting_async))
@settings(deadline=None, max_examples=30)  # the waits are real (up to 10 ms an example)
@given(
    delays=st.lists(st.sampled_from([0.0, 0.0002, 0.0005, 0.001]), max_size=10),
    concurrency=st.integers(1, 12),
)
def test_waiting_async_agrees(technique: str, delays: list[float], concurrency: int) -> None:
    """The same answers in the same order whichever request finishes first (none, one, uneven delays)."""
    assert getattr(waiting_async, technique)(delays, concurrency) == waiting_async.wait_serial(delays, 1)
