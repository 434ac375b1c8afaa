"""Effective cores and peak memory of one call."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import threading
import time

import numpy as np
import pytest

from optbook import measure

MiB = 1024**2


# The CPU seconds counted are compared with the CPU seconds the workers spin for (exact,
# whatever the load of the machine), not cores with a threshold: on a busy machine the wall time grows.
SPIN = "import time\nend = time.process_time() + 0.2\nwhile time.process_time() < end: pass"
# /proc counts a live process's CPU time in clock ticks (1/100 s): a few ticks may be cut off.
TICKS = 0.03


def test_a_waited_for_child_process_counts_as_busy_cores() -> None:
    cpu, _ = measure.cpu_and_wall(lambda: subprocess.run([sys.executable, "-c", SPIN], check=True), min_seconds=0)
    assert cpu >= 0.2 - TICKS  # without the children's CPU time this would be near 0


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
        cpu, _ = measure.cpu_and_wall(lambda: list(pool.map(_spin, [0.15, 0.15])), min_seconds=0)
    assert cpu >= 0.3 - TICKS  # the workers never exit during the call: without psutil this reads near 0


def _spin(seconds: float) -> float:
    end = time.process_time() + seconds
    while time.process_time() < end:
        pass
    return seconds


def _pool_inside_the_call(method: str) -> None:
    import multiprocessing

    with multiprocessing.get_context(method).Pool(2) as pool:
        pool.map(_spin, [0.15, 0.15])


@pytest.mark.parametrize("method", ["forkserver", "spawn"])
def test_a_pool_started_and_ended_inside_the_call_counts(method: str) -> None:
    # forkserver workers are grandchildren, waited for by the fork server, not by us:
    # RUSAGE_CHILDREN alone misses them; the fork server's count of its children does not
    cpu, _ = measure.cpu_and_wall(lambda: _pool_inside_the_call(method), min_seconds=0)
    assert cpu >= 0.3 - TICKS, cpu


def test_a_grandchild_that_ends_inside_the_call_counts() -> None:
    outer = f"import subprocess, sys; subprocess.run([sys.executable, '-c', {SPIN!r}], check=True)"

    def call() -> None:
        with subprocess.Popen([sys.executable, "-c", outer + "; import time; time.sleep(0.3)"]) as child:
            child.wait()

    cpu, _ = measure.cpu_and_wall(call, min_seconds=0)
    assert cpu >= 0.2 - TICKS, cpu


@pytest.mark.parametrize(
    ("speedup", "cores", "reference", "flagged"),
    [
        (1.72, 0.17, 1.0, True),  # a process pool whose workers were not counted
        (50.0, 1.0, 1.0, False),  # vectorised: less work on one busy core
        (3.5, 3.9, 1.0, False),  # four workers, four cores
        (0.9, 0.5, 1.0, False),  # slower: nothing to explain
        (2.0, 0.3, 0.4, False),  # the reference itself is not CPU-bound (it waits on a disk)
        (2.0, None, 1.0, False),  # cores not measured (benchmarks disabled)
    ],
)
def test_a_speedup_above_the_cores_used_is_flagged(
    speedup: float, cores: float | None, reference: float, flagged: bool
) -> None:
    problem = measure.cores_check(speedup, cores, reference)
    assert (problem is not None) == flagged
    if problem:
        assert problem.startswith("speedup above cores used")


@pytest.mark.parametrize(
    ("speedup", "cores", "waiting", "reference", "reference_waiting", "flagged"),
    [
        (1.5, 0.74, 0.26, 1.0, 0.0, False),  # CPU-bound, but it waited for a CPU a quarter of the time
        (1.5, 1.0, 0.0, 0.6, 0.4, False),  # the reference waited: it is CPU-bound all the same
        (1.72, 0.17, 0.03, 1.0, 0.0, True),  # a pool whose workers were not counted: waiting explains nothing
    ],
)
def test_waiting_for_a_cpu_counts_as_cores_wanted(
    speedup: float, cores: float, waiting: float, reference: float, reference_waiting: float, flagged: bool
) -> None:
    problem = measure.cores_check(speedup, cores, reference, waiting, reference_waiting)
    assert (problem is not None) == flagged


SHARED_CPU = """
import os, subprocess, sys, time
from optbook import measure

cpu = min(os.sched_getaffinity(0))
os.sched_setaffinity(0, {cpu})
spin = f"import os, time\\nos.sched_setaffinity(0, {{{cpu}}})\\nend = time.time() + 10\\nwhile time.time() < end: pass"
# started by a process that exits at once: the spinner is not a descendant, whose CPU would count as
# ours; its output goes nowhere, so that the pipe reading the pid closes when the starter exits
start = (
    "import subprocess, sys; "
    "print(subprocess.Popen([sys.executable, '-c', sys.argv[1]], stdout=subprocess.DEVNULL, "
    "stderr=subprocess.DEVNULL).pid)"
)
pid = int(subprocess.run([sys.executable, "-c", start, spin], capture_output=True, text=True, check=True).stdout)
try:
    deadline = time.time() + 5
    while time.time() < deadline:  # until the spinner runs on our CPU
        fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
        if os.sched_getaffinity(pid) == {cpu} and int(fields[11]) >= 10:  # 0.1 s of CPU time (ticks)
            break
        time.sleep(0.02)
    cpu_seconds, wall, waited = measure.cpu_wall_and_wait(lambda: sum(range(100_000)), min_seconds=0.5)
finally:
    os.kill(pid, 9)
print(cpu_seconds / wall, waited / wall)
"""


def test_a_call_that_shares_its_cpu_waits_for_it() -> None:
    """A CPU-bound call pinned to one CPU beside a spinning process (not its own child) gets about
    half of it: it reads about half a core, and its run-queue wait says it wanted the other half.
    Measured in a fresh process, whose only thread is the one measured."""
    if not hasattr(os, "sched_setaffinity") or measure.runqueue_wait() == 0.0:
        pytest.skip("needs Linux's sched_setaffinity and /proc/self/task/*/schedstat")
    done = subprocess.run([sys.executable, "-c", SHARED_CPU], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr[-2000:]
    cores, waiting = map(float, done.stdout.split())
    assert cores < 0.8, (cores, waiting)  # it shared the CPU
    assert cores + waiting > 0.9, (cores, waiting)  # and wanted it all the time


def test_the_workers_of_a_dask_local_cluster_count() -> None:
    distributed = pytest.importorskip("dask.distributed", reason="pip install 'dask[distributed]'")
    with (
        distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None) as cluster,
        distributed.Client(cluster) as client,
    ):
        client.submit(abs, -1).result()  # the worker (a grandchild, under its nanny) is up before measuring
        cpu, _ = measure.cpu_and_wall(lambda: client.submit(_spin, 0.3, pure=False).result(), min_seconds=0)
    assert cpu >= 0.3 - TICKS, cpu


def test_the_plugin_flags_a_speedup_its_cores_cannot_explain() -> None:
    from optbook import plugin
    from tests.helpers import bench

    benches = [bench("slow", 1.0, cores=1.0), bench("pool", 0.5, cores=0.17), bench("vector", 0.01, cores=1.0)]
    problems = plugin._cores_problems(benches)
    assert list(problems) == [benches[1]["fullname"]]
    assert problems[benches[1]["fullname"]].startswith("speedup above cores used (2.00x on 0.17 cores")


def test_the_plugin_counts_the_saved_wait_for_a_cpu_as_cores_wanted() -> None:
    """A run on a busy machine: the fast technique got 0.6 of a core and waited for a CPU 0.4 of
    the time, the baseline 1.0 core; a 1.5x speedup on "0.6 cores" is no false alarm. The same
    technique without the saved wait would be flagged."""
    from optbook import plugin
    from tests.helpers import bench

    waited = [bench("slow", 1.0, cores=1.0), bench("fast", 0.66, cores=0.6, cores_waiting=0.4)]
    assert plugin._cores_problems(waited) == {}
    not_waited = [bench("slow", 1.0, cores=1.0), bench("fast", 0.66, cores=0.6)]
    assert list(plugin._cores_problems(not_waited)) == [not_waited[1]["fullname"]]


def test_a_slow_call_is_profiled_in_one_call() -> None:
    calls = []

    def slow() -> bytearray:
        calls.append(1)
        _spin(0.06)
        return bytearray(16 * MiB)

    profile = measure.profile_call(slow, seconds_per_call=0.06)
    assert len(calls) == 1 and profile.peak_memory_bytes >= 15 * MiB
    # a CPU-bound call: it used a core, or waited for one while other programs had it (a busy machine)
    assert profile.cores + profile.cores_waiting > 0.8, profile


def test_a_call_quicker_than_its_first_is_repeated_for_the_cores() -> None:
    calls = []
    profile = measure.profile_call(lambda: calls.append(1), seconds_per_call=1.0)  # a first call that compiled
    assert len(calls) > 2 and profile.cores >= 0


def _spinner(spun: threading.Event, iterations: int) -> threading.Thread:
    """A thread that keeps a core busy in one long C call that releases the GIL (PBKDF2 hashing,
    200,000 iterations take about 0.08 s), as a BLAS thread spins after its task, then ends."""

    def spin() -> None:
        hashlib.pbkdf2_hmac("sha256", b"spin", b"salt", iterations)
        spun.set()

    return threading.Thread(target=spin, daemon=True)


def _started(thread: threading.Thread) -> threading.Thread:
    """Start the thread and return once it is seen running (it first needs the GIL for a moment)."""
    thread.start()
    for _ in range(1000):
        if measure.other_threads_running():
            break
        time.sleep(0.001)
    assert measure.other_threads_running() >= 1, "the spinning thread is not seen running"
    return thread


@pytest.mark.skipif(not os.path.isdir("/proc/self/task"), reason="reads /proc/self/task (Linux)")
def test_waiting_until_idle_outlasts_a_spinning_thread() -> None:
    """The wait ends only once the spinning thread's long call is over: its CPU time reaches the
    process's only at the kernel's timer ticks, so a short window of CPU time alone read it as idle
    and returned with most of the spin to come. (The thread may still need the GIL to finish when
    the wait returns: so it is given 0.2 s to end, far less than its spin of about a second.)"""
    spun = threading.Event()
    thread = _started(_spinner(spun, iterations=3_000_000))
    try:
        measure.wait_until_idle(window=0.003, limit=30.0)
        thread.join(timeout=0.2)
        assert spun.is_set(), "the wait ended while the other thread still ran"
    finally:
        thread.join()


@pytest.mark.skipif(not os.path.isdir("/proc/self/task"), reason="reads /proc/self/task (Linux)")
def test_waiting_until_idle_gives_up_at_its_limit() -> None:
    """A thread that runs on does not hold the run: the wait returns at its limit."""
    spun = threading.Event()
    thread = _started(_spinner(spun, iterations=3_000_000))  # about a second
    try:
        measure.wait_until_idle(window=0.003, limit=0.05)
        assert not spun.is_set()
    finally:
        thread.join()
