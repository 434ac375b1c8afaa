"""Benchmarks and equivalence tests for lessons/m05_hardware/workers.py."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lessons.m05_hardware import workers
from lessons.m05_hardware._cores import cores_report, cpu_quota, usable_cores
from lessons.m05_hardware._monitoring import monitor_repeated
from optbook.lesson import by_scale, run, technique_names

NUMBERS = by_scale(tiny=[2_000], small=[60_000], medium=[300_000], large=[1_000_000])
# weak scaling: the same numbers per worker, so the total grows with the workers
NUMBERS_PER_WORKER = by_scale(tiny=[1_000], small=[30_000], medium=[100_000], large=[100_000])
# 1, 2, 4, ... and every usable core: on this 2-core machine 1 and 2
WORKERS = sorted({1, usable_cores(), *(2**k for k in range(1, 10) if 2**k < usable_cores())})


@pytest.mark.parametrize("processes", WORKERS)
@pytest.mark.parametrize("numbers", NUMBERS)
@pytest.mark.parametrize("technique", technique_names(workers))
def test_workers(benchmark, technique: str, numbers: int, processes: int) -> None:
    """The Collatz steps of 1..numbers with ``processes`` worker processes (the serial one uses one);
    the monitor records how many cores each really kept busy."""
    fn = getattr(workers, technique)
    total = run(benchmark, fn, numbers, processes, items=numbers)
    if benchmark.enabled:
        benchmark.extra_info["monitor"] = monitor_repeated(lambda: fn(numbers, processes))
    assert total == workers._collatz_steps(1, numbers + 1)


@pytest.fixture(scope="module")
def serial_totals() -> dict[int, int]:
    """The serial baseline's total for each count of numbers, kept to check the parallel runs."""
    return {}


@pytest.mark.parametrize("processes", WORKERS)
@pytest.mark.parametrize("numbers_per_worker", NUMBERS_PER_WORKER)
@pytest.mark.parametrize("technique", technique_names(workers))
def test_workers_weak_scaling(
    benchmark, technique: str, numbers_per_worker: int, processes: int, serial_totals: dict[int, int]
) -> None:
    """Weak scaling: ``processes`` workers count ``processes`` times as many numbers, the same share
    each; ideally the time stays that of one worker with one share. The serial loop does the whole
    (growing) work on one core, for the speedup within the group."""
    numbers = numbers_per_worker * processes
    fn = getattr(workers, technique)
    total = run(benchmark, fn, numbers, processes, items=numbers)
    if technique == "collatz_serial":
        serial_totals[numbers] = total
    expected = serial_totals.get(numbers)
    assert total == (expected if expected is not None else workers._collatz_steps(1, numbers + 1))


@pytest.mark.parametrize("technique", technique_names(workers))
@settings(deadline=None, max_examples=20)  # every example goes through worker processes
@given(numbers=st.integers(0, 300), processes=st.integers(1, 3))
def test_workers_agree(technique: str, numbers: int, processes: int) -> None:
    """The same total for any count of numbers (none or one included) and any number of workers."""
    assert getattr(workers, technique)(numbers, processes) == workers.collatz_serial(numbers, 1)


def test_collatz_steps_known_values() -> None:
    """6 -> 3 -> 10 -> 5 -> 16 -> 8 -> 4 -> 2 -> 1 is 8 steps; 27 takes 111 (OEIS A006577)."""
    assert workers._collatz_steps(6, 7) == 8
    assert workers._collatz_steps(27, 28) == 111
    assert workers._collatz_steps(1, 2) == 0


@pytest.mark.parametrize(
    ("files", "quota"),
    [
        ({"cpu.max": "max 100000\n"}, None),
        ({"cpu.max": "250000 100000\n"}, 2.5),
        ({"cpu/cpu.cfs_quota_us": "-1\n", "cpu/cpu.cfs_period_us": "100000\n"}, None),
        ({"cpu/cpu.cfs_quota_us": "400000\n", "cpu/cpu.cfs_period_us": "100000\n"}, 4.0),
        ({}, None),
    ],
)
def test_cpu_quota_of_a_cgroup(tmp_path, files: dict[str, str], quota: float | None) -> None:
    """The CPU-time quota a container or batch job sets, from cgroup v2 or v1 files."""
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    assert cpu_quota(tmp_path) == quota


def test_cores_report_is_consistent() -> None:
    report = cores_report()
    assert 1 <= report["usable_cores"] <= report["logical_cores"]
    assert report["physical_cores"] is None or report["physical_cores"] <= report["logical_cores"]
    assert any("blas" in line for line in report["thread_pools"])
