"""Measure one call outside the timed rounds: the cores it kept busy and its peak memory.

Effective cores are CPU time over wall time, summed over all threads of this
process and of all its descendant processes (pool workers, forkserver children,
Dask nannies and their workers): live ones read with psutil together with the
children they waited for, ended ones from the kernel's count of the children
this process waited for. Peak memory is the growth of the resident set
during one call: on Linux freed heap memory is first handed back to the OS and
the kernel's high-water mark is reset before the call
(``/proc/self/clear_refs``); elsewhere tracemalloc's peak is
used, which sees Python and NumPy allocations only. Libraries with allocators of
their own that keep freed memory (polars' jemalloc, DuckDB) read low: the figure
is then a lower bound. Arrow's pool is asked to release its unused memory first.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import resource
import sys
import threading
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psutil

from optbook import busy

_STATUS = Path("/proc/self/status")
_CLEAR_REFS = Path("/proc/self/clear_refs")


@dataclass(frozen=True)
class CallProfile:
    """What one call of a technique used besides time."""

    cores: float  # CPU seconds per wall second
    peak_memory_bytes: int  # growth of memory during one call
    memory_method: str  # "rss-high-water-mark" or "tracemalloc"
    cores_waiting: float = 0.0  # seconds this process's threads waited for a CPU, per wall second


def _waited_children_cpu() -> float:
    """CPU seconds of the ended children this process waited for (and of their own waited-for children)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _tree_cpu() -> dict[int, float]:
    """CPU seconds so far of every live descendant process, each with its own ended, waited-for children.

    A pool's workers are children (fork, spawn) or grandchildren (forkserver, a Dask
    nanny's worker); a worker that ended was waited for by its parent, and its
    time is in that parent's count of its children (Linux's cutime and cstime).
    """
    found = {}
    for child in psutil.Process().children(recursive=True):
        try:
            times = child.cpu_times()
        except psutil.Error:  # ended meanwhile
            continue
        found[child.pid] = (
            times.user + times.system + getattr(times, "children_user", 0.0) + getattr(times, "children_system", 0.0)
        )
    return found


def _children_cpu_between(before: dict[int, float], waited_before: float) -> float:
    """CPU seconds the descendants used since ``before``.

    Live ones count what they (and the children they waited for) used since; one
    that ended was waited for by this process or by another descendant, which
    added its whole time to its own count of children: its time before is taken
    off again. A descendant whose parent ended without waiting for it is
    adopted by init and not counted (rare: pools and clusters wait for their workers).
    """
    after = _tree_cpu()
    live = sum(cpu - before.get(pid, 0.0) for pid, cpu in after.items())
    ended_before = sum(cpu for pid, cpu in before.items() if pid not in after)
    return max(0.0, live + _waited_children_cpu() - waited_before - ended_before)


def wait_until_idle(window: float = 0.003, limit: float = 0.3) -> None:
    """Wait until this process's threads stop using CPU (BLAS and OpenMP threads spin for a while
    after their last task), so that their spinning is not counted against the next call.

    Idle means: no other thread of this process running or ready to run (state R in
    /proc/self/task/*/stat, read at once), and less than a tenth of ``window`` of CPU time used
    during ``window``. The CPU time alone is not enough: the kernel adds another thread's time to
    the process's at its timer ticks (every 4 ms at 250 Hz), so a 3 ms window read 0.1 ms while an
    OpenBLAS thread spun on for 100 ms more, and a parallel numba kernel timed next ran half as
    fast, sharing the two cores with it."""
    deadline = time.perf_counter() + limit
    while time.perf_counter() < deadline:
        cpu0 = time.process_time()
        time.sleep(window)
        if time.process_time() - cpu0 < 0.1 * window and not other_threads_running():
            return


def other_threads_running() -> int:
    """How many threads of this process, the calling one left out, are running or ready to run now
    (0 where /proc does not say)."""
    me = threading.get_native_id()
    try:
        tasks = os.listdir("/proc/self/task")
    except OSError:
        return 0
    running = 0
    for tid in tasks:
        if tid == str(me):
            continue
        try:
            state = busy.read_proc(f"/proc/self/task/{tid}/stat").rsplit(b")", 1)[1].split()[0]
        except (OSError, IndexError):
            continue  # the thread ended meanwhile
        running += state == b"R"
    return running


def runqueue_wait() -> float:
    """Seconds this process's threads have spent ready to run but waiting for a CPU, taken by other
    programs (the second field of /proc/self/task/*/schedstat, in nanoseconds); 0 where the kernel
    does not say. A CPU-bound call on a busy machine reads fewer cores than it would use: this says
    how many more it wanted."""
    try:
        tasks = os.listdir("/proc/self/task")
    except OSError:
        return 0.0
    total = 0
    for tid in tasks:
        try:
            total += int(busy.read_proc(f"/proc/self/task/{tid}/schedstat").split()[1])
        except (OSError, IndexError, ValueError):
            continue
    return total / 1e9


def cpu_wall_and_wait(fn: Callable[[], Any], min_seconds: float = 0.05) -> tuple[float, float, float]:
    """CPU seconds (this process and its descendants), wall seconds, and seconds this process's
    threads waited for a CPU (``runqueue_wait``) of ``fn``, repeated until ``min_seconds`` of wall
    time have passed."""
    wait_until_idle()
    children, waited = _tree_cpu(), _waited_children_cpu()
    queued0 = runqueue_wait()
    wall0, cpu0 = time.perf_counter(), time.process_time()
    while True:
        fn()
        wall = time.perf_counter() - wall0
        if wall >= min_seconds:
            break
    cpu = time.process_time() - cpu0 + _children_cpu_between(children, waited)
    return cpu, wall, max(0.0, runqueue_wait() - queued0)


def cpu_and_wall(fn: Callable[[], Any], min_seconds: float = 0.05) -> tuple[float, float]:
    """CPU seconds (this process and its descendants) and wall seconds of ``fn``, repeated until
    ``min_seconds`` of wall time have passed."""
    cpu, wall, _ = cpu_wall_and_wait(fn, min_seconds)
    return cpu, wall


def effective_cores(fn: Callable[[], Any], min_seconds: float = 0.05) -> float:
    """CPU time over wall time of ``fn``, repeated until ``min_seconds`` of wall time have passed."""
    cpu, wall = cpu_and_wall(fn, min_seconds)
    return cpu / wall if wall > 0 else 0.0


def _status_kib(field: str) -> int:
    for line in _STATUS.read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise KeyError(field)


def _release_free_memory() -> None:
    """Hand freed heap memory back to the OS (glibc malloc_trim), so that memory a call
    allocates shows up as growth of the resident set rather than as silent reuse."""
    if "pyarrow" in sys.modules:  # Arrow keeps freed buffers in its own pool
        sys.modules["pyarrow"].default_memory_pool().release_unused()
    with contextlib.suppress(OSError, AttributeError):  # not glibc: nothing to hand back
        ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim(0)


def _can_reset_high_water_mark() -> bool:
    try:
        _CLEAR_REFS.write_text("5")
        _status_kib("VmHWM")
    except (OSError, KeyError, ValueError):
        return False
    return True


def peak_memory(fn: Callable[[], Any]) -> tuple[int, str]:
    """Bytes by which memory grew at the peak of one call of ``fn``, and how that was measured."""
    if _can_reset_high_water_mark():
        _release_free_memory()
        before = _status_kib("VmRSS")
        _CLEAR_REFS.write_text("5")  # the high-water mark is now the current resident set
        fn()
        return max(0, _status_kib("VmHWM") - before) * 1024, "rss-high-water-mark"
    tracing = tracemalloc.is_tracing()
    if not tracing:
        tracemalloc.start()
    tracemalloc.reset_peak()
    base = tracemalloc.get_traced_memory()[0]
    try:
        fn()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        if not tracing:
            tracemalloc.stop()
    return max(0, peak - base), "tracemalloc"


def profile_call(fn: Callable[[], Any], seconds_per_call: float = 0.0) -> CallProfile:
    """Effective cores and peak memory of ``fn`` (never inside timed rounds).

    A call known to last ``min_seconds`` (0.05 s) or more is made once and tells both: its CPU
    over wall time and the high-water mark of the resident set. A quicker one is repeated for
    the cores and called once more for the memory."""
    if seconds_per_call >= 0.05 and _can_reset_high_water_mark():
        peak = 0

        def measured() -> None:
            nonlocal peak
            _release_free_memory()
            before = _status_kib("VmRSS")
            _CLEAR_REFS.write_text("5")  # the high-water mark is now the current resident set
            fn()
            peak = max(0, _status_kib("VmHWM") - before) * 1024

        cpu, wall, queued = cpu_wall_and_wait(measured, min_seconds=0.0)
        if wall < 0.05:  # quicker than the first call said (it compiled): repeat it for the cores after all
            cpu, wall, queued = cpu_wall_and_wait(fn)
        return CallProfile(
            cores=round(cpu / wall, 2) if wall > 0 else 0.0,
            peak_memory_bytes=peak,
            memory_method="rss-high-water-mark",
            cores_waiting=round(queued / wall, 2) if wall > 0 else 0.0,
        )
    cpu, wall, queued = cpu_wall_and_wait(fn)
    peak, method = peak_memory(fn)
    return CallProfile(
        cores=round(cpu / wall, 2) if wall > 0 else 0.0,
        peak_memory_bytes=peak,
        memory_method=method,
        cores_waiting=round(queued / wall, 2) if wall > 0 else 0.0,
    )


def cores_check(
    speedup: float,
    cores: float | None,
    reference_cores: float | None,
    waiting: float = 0.0,
    reference_waiting: float = 0.0,
) -> str | None:
    """A warning when a speedup could not come from the cores measured, else None.

    A CPU-bound baseline keeps at least one core busy; a technique that is faster
    while less than one core was seen busy either ran where the measurement could
    not see it (processes outside this process's tree) or is not CPU-bound (it
    waits on a GPU, a disk, the network). Doing less work on one core (vectorising)
    is not flagged: that keeps a core busy. On a busy machine a CPU-bound call waits
    for a CPU part of the time and reads fewer cores than it wants: the time its
    threads waited (``waiting``, in cores) is counted as wanted.
    """
    if cores is None or reference_cores is None:
        return None
    wanted, reference_wanted = cores + waiting, reference_cores + reference_waiting
    if reference_wanted < 0.8 or wanted >= 0.8:
        return None
    if speedup <= max(1.0, wanted / reference_wanted):
        return None
    return (
        f"speedup above cores used ({speedup:.2f}x on {cores:.2f} cores, the reference on {reference_cores:.2f}): "
        "processes not counted, or not CPU-bound"
    )
