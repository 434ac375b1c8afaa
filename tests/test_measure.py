"""Effective cores and peak memory of one call."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from optbook import measure

MiB = 1024**2


def test_a_waited_for_child_process_counts_as_busy_cores() -> None:
    busy = "import time\nend = time.process_time() + 0.2\nwhile time.process_time() < end: pass"
    cores = measure.effective_cores(lambda: subprocess.run([sys.executable, "-c", busy], check=True), min_seconds=0)
    assert cores > 0.5  # without the children's CPU time this would be near 0


def test_one_python_thread_keeps_at_most_about_one_core_busy() -> None:
    cores = measure.effective_cores(lambda: sum(i * i for i in range(200_000)))
    assert 0 < cores < 1.5


def test_peak_memory_sees_a_large_temporary_array() -> None:
    peak, method = measure.peak_memory(lambda: np.ones(64 * MiB // 8).sum())
    assert peak >= 60 * MiB, (peak, method)


def test_peak_memory_of_a_call_that_allocates_nothing_is_small() -> None:
    peak, _ = measure.peak_memory(lambda: None)
    assert peak < 8 * MiB


def test_tracemalloc_is_the_fallback(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(measure, "_can_reset_high_water_mark", lambda: False)
    peak, method = measure.peak_memory(lambda: np.ones(16 * MiB // 8))
    assert method == "tracemalloc" and peak >= 16 * MiB


def test_profile_call() -> None:
    profile = measure.profile_call(lambda: bytearray(32 * MiB))
    assert profile.peak_memory_bytes >= 30 * MiB and profile.cores > 0


def test_the_workers_of_a_live_process_pool_count_as_busy_cores() -> None:
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(2) as pool:
        list(pool.map(abs, range(4)))  # start the workers before measuring
        cores = measure.effective_cores(lambda: list(pool.map(_spin, [0.15, 0.15])), min_seconds=0)
    assert cores > 0.5  # the workers never exit during the call: without psutil this reads near 0


def _spin(seconds: float) -> float:
    import time

    end = time.process_time() + seconds
    while time.process_time() < end:
        pass
    return seconds
