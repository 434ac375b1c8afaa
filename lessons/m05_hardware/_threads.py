"""The thread counts the lesson compares: 1, 2, 4, ... and every usable core (on this 2-core machine 1 and 2)."""

from __future__ import annotations

import numba

from lessons.m05_hardware._cores import usable_cores

_MOST = min(usable_cores(), numba.config.NUMBA_NUM_THREADS)  # numba cannot start more than its pool
THREADS = sorted({1, _MOST, *(2**k for k in range(1, 12) if 2**k < _MOST)})
