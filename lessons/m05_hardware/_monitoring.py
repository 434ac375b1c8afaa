"""What the lesson's tests record with optbook's monitor: the cores a technique kept busy."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from optbook.monitor import monitor_call


def monitor_repeated(fn: Callable[[], Any], seconds: float = 0.5, interval: float = 0.05) -> dict[str, Any]:
    """Call ``fn`` again and again for about ``seconds`` while the monitor samples the cores (outside
    the timed rounds); return what a benchmark's extra_info keeps of the summary."""

    def repeat() -> int:
        calls, end = 0, time.perf_counter() + seconds
        while calls == 0 or time.perf_counter() < end:
            fn()
            calls += 1
        return calls

    calls, summary = monitor_call(repeat, interval=interval)
    return {
        "cores_used": round(summary.cores_used, 2),
        "per_core_percent": summary.per_core_percent,
        "busy_cores": summary.busy_cores,
        "calls": calls,
    }
