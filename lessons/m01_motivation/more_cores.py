"""The user story: "our code is slow, I need more computing resources".

The mandelbrot program of mandelbrot.py, run four ways: plain Python on one
core, plain Python spread over every core with multiprocessing, compiled C on
one core, and compiled numba code on every core. Every version takes n and
returns the same n x n bitmap. The tests record the CPU-seconds (core-seconds)
each one costs: more cores make plain Python finish sooner but never cheaper.
"""

from __future__ import annotations

import multiprocessing
import os
from itertools import pairwise

import numba
import numpy as np
from numba import njit, prange

from lessons.m01_motivation.mandelbrot import _mandelbrot_row, _rows_python, mandelbrot_c


def _cores() -> int:
    """The cores this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def mandelbrot_python_one_core(n: int) -> bytes:
    """Plain Python on one core: the code as it was first written."""
    return _rows_python(n, 0, n)


def mandelbrot_python_all_cores(n: int) -> bytes:
    """The same plain Python, its rows shared out over one process per core
    (multiprocessing): faster by at most the number of cores, and no cheaper."""
    workers = _cores()
    chunks = max(1, min(n, 4 * workers))  # several blocks a worker: the set's middle rows cost more
    bounds = [n * i // chunks for i in range(chunks + 1)]
    with multiprocessing.Pool(workers) as pool:
        parts = pool.starmap(_rows_python, [(n, a, b) for a, b in pairwise(bounds)])
    return b"".join(parts)


def mandelbrot_c_one_core(n: int) -> bytes:
    """Compiled C on a single core (c/mandelbrot.c through ctypes): the code made
    faster instead of the machine made bigger."""
    return mandelbrot_c(n)


def mandelbrot_numba_all_cores(n: int) -> bytes:
    """Compiled (numba) and its rows shared out over every core with prange:
    fast code first, then more cores."""
    numba.set_num_threads(min(_cores(), numba.config.NUMBA_NUM_THREADS))
    out = np.zeros((n, (n + 7) // 8), dtype=np.uint8)
    _mandelbrot_numba_parallel(n, out)
    return out.tobytes()


@njit(parallel=True, cache=False)
def _mandelbrot_numba_parallel(n, out):
    for y in prange(n):
        _mandelbrot_row(n, y, out)
