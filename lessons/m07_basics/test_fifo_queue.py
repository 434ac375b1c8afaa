"""Benchmarks and equivalence tests for lessons/m07_basics/fifo_queue.py."""

from __future__ import annotations

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lessons.m07_basics import fifo_queue
from optbook.lesson import by_scale, run, skip_if_too_slow, technique_names

SIZES = by_scale(tiny=[1_000], small=[1_000, 10_000, 30_000], medium=[1_000, 10_000, 100_000])


@pytest.mark.parametrize("n", SIZES)
@pytest.mark.parametrize("technique", technique_names(fifo_queue))
def test_fifo_queue(benchmark, technique: str, n: int) -> None:
    """Serve n jobs of sizes 1 to 15 (each adds a few more: about 3n served in all)."""
    skip_if_too_slow(benchmark, grows_as=2)
    rng = random.Random(n)
    jobs = [rng.randint(1, 15) for _ in range(n)]
    served = run(benchmark, getattr(fifo_queue, technique), jobs, items=n)
    assert served[:n] == jobs
    assert len(served) == sum(job.bit_length() for job in jobs)  # a job j is served with j//2, j//4, ... 1


@pytest.mark.parametrize("technique", technique_names(fifo_queue))
@given(jobs=st.lists(st.integers(1, 1000), max_size=40))
def test_fifo_queue_agrees(technique: str, jobs: list[int]) -> None:
    """The same order of service as the list, for any jobs, none included."""
    assert getattr(fifo_queue, technique)(jobs) == fifo_queue.serve_list_pop0(jobs)
