"""Benchmarks and equivalence tests for lessons/m07_basics/cpu_bound.py."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lessons.m07_basics import cpu_bound
from lessons.m07_basics._pools import USABLE_CORES
from lessons.m07_basics._tree_cpu import cores_with_workers
from optbook.lesson import by_scale, run, technique_names

WORKERS = sorted({1, USABLE_CORES})  # 1..N: on this 2-core machine, 1 and 2
JOBS = by_scale(tiny=200, small=1_000, medium=4_000)
JOB_WIDTH = 40  # numbers per job: about 0.1 ms of pure Python each near 10**6


def prime_jobs(count: int) -> list[tuple[int, int]]:
    """``count`` ranges of JOB_WIDTH numbers, one after the other from one million."""
    start = 10**6
    return [(start + i * JOB_WIDTH, start + (i + 1) * JOB_WIDTH) for i in range(count)]


def skip_if_unavailable(technique: str, dask_client) -> None:
    """Skip the techniques this machine cannot run, saying what to install."""
    if technique == "primes_threads_free_threaded":
        reason = cpu_bound._free_threading_missing_reason()
        if reason:
            pytest.skip(reason)
    if technique == "primes_dask" and isinstance(dask_client, str):
        pytest.skip(dask_client)


# jobs is a parameter so that the group names it; workers is not a data size to fit a scaling law to
@pytest.mark.parametrize("workers", WORKERS)
@pytest.mark.parametrize("jobs_count", [JOBS])
@pytest.mark.parametrize("technique", technique_names(cpu_bound))
def test_cpu_bound(benchmark, technique: str, jobs_count: int, workers: int, dask_client) -> None:
    """Count the primes in ``jobs_count`` small ranges with ``workers`` threads or processes."""
    skip_if_unavailable(technique, dask_client)
    jobs = prime_jobs(jobs_count)
    fn = getattr(cpu_bound, technique)
    counts = run(benchmark, fn, jobs, workers, items=len(jobs))
    if benchmark.enabled:
        benchmark.extra_info["cores_with_workers"] = cores_with_workers(lambda: fn(jobs, workers))
    assert counts == cpu_bound.primes_serial(jobs, 1)


@pytest.mark.parametrize("technique", technique_names(cpu_bound))
@settings(deadline=None, max_examples=8)  # each example goes through worker processes (and a new pool)
@given(
    jobs=st.lists(st.tuples(st.integers(-5, 200), st.integers(0, 60)).map(lambda t: (t[0], t[0] + t[1])), max_size=12),
    workers=st.integers(1, 3),
)
def test_cpu_bound_agrees(technique: str, jobs: list[tuple[int, int]], workers: int, dask_client) -> None:
    """The same counts, in the same order, for any jobs (none, empty or negative ranges) and workers."""
    skip_if_unavailable(technique, dask_client)
    if technique == "primes_dask":
        workers = min(workers, USABLE_CORES)  # the cluster has one worker per core
    assert getattr(cpu_bound, technique)(jobs, workers) == cpu_bound.primes_serial(jobs, 1)


def _gil_build() -> bool:
    import sys

    return getattr(sys, "_is_gil_enabled", lambda: True)()


@pytest.mark.skipif(not _gil_build(), reason="a free-threaded interpreter: the technique runs, nothing to explain")
@pytest.mark.parametrize("where", ["path", "pyenv", "nowhere"])
def test_the_skip_reason_points_to_a_free_threaded_python(where: str, tmp_path, monkeypatch) -> None:
    """With the GIL on, the skip reason names the free-threaded CPython found on PATH (python3.13t)
    or under pyenv (~/.pyenv/versions/3.13.1t), or says how to install one."""
    import platform

    bin_dir, home = tmp_path / "bin", tmp_path / "home"
    bin_dir.mkdir()
    installed = {"path": bin_dir / "python3.13t", "pyenv": home / ".pyenv/versions/3.13.1t/bin/python"}.get(where)
    if installed is not None:
        installed.parent.mkdir(parents=True, exist_ok=True)
        installed.write_text("#!/bin/sh\n")
        installed.chmod(0o755)
    monkeypatch.setenv("PATH", str(bin_dir))
    monkeypatch.setenv("HOME", str(home))
    reason = cpu_bound._free_threading_missing_reason()
    assert reason is not None and reason.startswith(f"Python {platform.python_version()} runs with the GIL")
    if installed is not None:
        assert f"installed at {installed}: make a virtual environment with it, pip install -e . there" in reason
    else:
        how = "(pyenv install 3.13t, uv python install 3.13t, or python.org's free-threaded build)"
        assert reason.endswith(f"{how}, then run this lesson under it")


@given(jobs=st.lists(st.integers(), max_size=30), count=st.integers(0, 40))
def test_batches_split_the_jobs_in_order_with_none_empty(jobs: list[int], count: int) -> None:
    """The batches handed to a pool or to Dask: all the jobs, in order, in at most ``count``
    (at least one) batches of nearly equal length, none of them empty unless there are no jobs."""
    batches = cpu_bound._batches(jobs, count)
    assert [job for batch in batches for job in batch] == jobs
    assert (all(batches) or not jobs) and len(batches) <= max(1, count)
    assert max(map(len, batches), default=0) - min(map(len, batches), default=0) <= 1
