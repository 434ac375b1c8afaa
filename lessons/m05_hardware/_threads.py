"""The thread counts the lesson compares: 1, 2, 4, ... and every usable core (on this 2-core machine 1 and 2)."""

from __future__ import annotations

import numba
import numexpr

from lessons.m05_hardware._cores import usable_cores

_MOST = min(usable_cores(), numba.config.NUMBA_NUM_THREADS)  # numba cannot start more than its pool
THREADS = sorted({1, _MOST, *(2**k for k in range(1, 12) if 2**k < _MOST)})

# numexpr sizes its thread pool once, when it is imported, from NUMEXPR_MAX_THREADS (64 when
# unset), and silently keeps its old count when asked for more: above it, the rows are skipped.
NUMEXPR_MOST = numexpr.MAX_THREADS


def beyond_numexpr(threads: int) -> str | None:
    """Why numexpr cannot run on ``threads`` threads in this process, or None when it can."""
    if threads <= NUMEXPR_MOST:
        return None
    return (
        f"numexpr's thread maximum in this process is {NUMEXPR_MOST} (NUMEXPR_MAX_THREADS when it was "
        f"imported); to time {threads} threads, set NUMEXPR_MAX_THREADS={threads} before Python starts"
    )
