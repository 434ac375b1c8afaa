"""Cores kept busy by one call, counting worker processes (a helper of the lesson's tests).

The harness's ``cores`` figure counts this process and the child processes it has
waited for; a pool's workers stay alive between calls (and a forkserver's are not
even our children), so their CPU time is not in it. Here the CPU time of this
process and of every live descendant is read before and after the call.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any


def _tree_cpu_seconds() -> float:
    import psutil

    me = psutil.Process()
    total = 0.0
    for process in [me, *me.children(recursive=True)]:
        try:
            t = process.cpu_times()
        except psutil.Error:  # ended in the meantime
            continue
        # a descendant that ended during the call shows up in its parent's children_* times
        total += t.user + t.system + t.children_user + t.children_system
    return total


def cores_with_workers(fn: Callable[[], Any], min_seconds: float = 0.3) -> float:
    """CPU seconds per wall second of ``fn``, worker processes included, over repeated calls
    lasting at least ``min_seconds`` (the kernel counts CPU time in ticks of about 10 ms)."""
    cpu0, wall0 = _tree_cpu_seconds(), time.perf_counter()
    while time.perf_counter() - wall0 < min_seconds:
        fn()
    cpu, wall = _tree_cpu_seconds() - cpu0, time.perf_counter() - wall0
    return round(cpu / wall, 2)
