"""Measure one call outside the timed rounds: the cores it kept busy and its peak memory.

Effective cores are CPU time over wall time, summed over all threads of this
process and of its child processes: live ones (the workers of a pool) read with
psutil, ended ones from the kernel's count of the children it waited for. Peak memory is the growth of the
resident set during one call: on Linux freed heap memory is first handed back
to the OS and the kernel's high-water mark is reset before the call
(``/proc/self/clear_refs``); elsewhere tracemalloc's peak is
used, which sees Python and NumPy allocations only. Libraries with allocators of
their own that keep freed memory (polars' jemalloc, DuckDB) read low: the figure
is then a lower bound. Arrow's pool is asked to release its unused memory first.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import resource
import sys
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psutil

_STATUS = Path("/proc/self/status")
_CLEAR_REFS = Path("/proc/self/clear_refs")


@dataclass(frozen=True)
class CallProfile:
    """What one call of a technique used besides time."""

    cores: float  # CPU seconds per wall second
    peak_memory_bytes: int  # growth of memory during one call
    memory_method: str  # "rss-high-water-mark" or "tracemalloc"


def _waited_children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _live_children_cpu() -> dict[int, tuple[float, bool]]:
    """CPU seconds so far of every live descendant process, and whether it is a direct child."""
    me = psutil.Process()
    direct = {child.pid for child in me.children()}
    found = {}
    for child in me.children(recursive=True):
        try:
            times = child.cpu_times()
        except psutil.Error:  # ended meanwhile
            continue
        found[child.pid] = (times.user + times.system, child.pid in direct)
    return found


def _children_cpu_between(before: dict[int, tuple[float, bool]], waited_before: float) -> float:
    """CPU seconds the descendants used since ``before``: live ones (a worker pool's) from psutil,
    ended ones from the kernel's count of waited-for children, less what they had used before."""
    after = _live_children_cpu()
    live = sum(cpu - before.get(pid, (0.0, False))[0] for pid, (cpu, _) in after.items())
    ended_direct = sum(cpu for pid, (cpu, direct) in before.items() if pid not in after and direct)
    return live + _waited_children_cpu() - waited_before - ended_direct


def wait_until_idle(window: float = 0.02, limit: float = 0.5) -> None:
    """Wait until this process's threads stop using CPU (BLAS and OpenMP threads spin for a while
    after their last task), so that their spinning is not counted against the next call."""
    deadline = time.perf_counter() + limit
    while time.perf_counter() < deadline:
        cpu0 = time.process_time()
        time.sleep(window)
        if time.process_time() - cpu0 < 0.1 * window:
            return


def effective_cores(fn: Callable[[], Any], min_seconds: float = 0.05) -> float:
    """CPU time over wall time of ``fn``, repeated until ``min_seconds`` of wall time have passed."""
    wait_until_idle()
    children, waited = _live_children_cpu(), _waited_children_cpu()
    wall0, cpu0 = time.perf_counter(), time.process_time()
    while True:
        fn()
        wall = time.perf_counter() - wall0
        if wall >= min_seconds:
            break
    cpu = time.process_time() - cpu0 + _children_cpu_between(children, waited)
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


def profile_call(fn: Callable[[], Any]) -> CallProfile:
    """Effective cores and peak memory of ``fn`` (called at least twice, never inside timed rounds)."""
    cores = effective_cores(fn)
    peak, method = peak_memory(fn)
    return CallProfile(cores=round(cores, 2), peak_memory_bytes=peak, memory_method=method)
