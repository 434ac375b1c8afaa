"""The clock rate: a chain of dependent operations, each waiting for the one before.

Every function takes ``n`` and runs the chain x = (x ^ Y) + Z n times on 64-bit
unsigned integers, returning the final x. Every step needs the previous result,
so no two operations of the chain can run at the same time: compiled, each xor
and each add takes one clock cycle (their latency on current x86-64 cores), so
two operations per step measure the core's effective clock: 2 n / seconds.
Turbo raises the clock of a lightly loaded chip; with every core busy, or hot,
the chip may run slower.
"""

from __future__ import annotations

import numba
import numpy as np
from numba import njit, prange

from lessons.m05_hardware._cores import usable_cores

START, Y, Z = 12345, 0x9E3779B97F4A7C15, 7
_MASK = 2**64 - 1


def chain_python(n: int) -> int:
    """The chain in plain Python: every step is dozens of interpreter instructions, so the clock
    hardly shows."""
    x = START
    for _ in range(n):
        x = ((x ^ Y) + Z) & _MASK  # & _MASK: wrap around at 64 bits, as the machine does
    return x


def chain_compiled(n: int) -> int:
    """The chain compiled (numba): one xor and one add per step, each one clock cycle, on one core."""
    return int(_chain(n, np.uint64(START), np.uint64(Y), np.uint64(Z)))


def chain_compiled_every_core(n: int) -> int:
    """The same chain on every core at once (numba's prange, one chain per thread): the time of one
    chain with the whole chip busy, where turbo has less headroom."""
    threads = min(usable_cores(), numba.config.NUMBA_NUM_THREADS)  # numba cannot start more than its pool
    previous = numba.get_num_threads()
    numba.set_num_threads(threads)
    try:
        results = np.zeros(threads, dtype=np.uint64)
        _chain_per_thread(n, np.uint64(START), np.uint64(Y), np.uint64(Z), results)
    finally:
        numba.set_num_threads(previous)
    return int(results[0])


@njit(cache=False)
def _chain(n, x, y, z):
    for _ in range(n):
        x = (x ^ y) + z
    return x


@njit(parallel=True, cache=False)
def _chain_per_thread(n, x, y, z, results):
    for t in prange(results.size):
        results[t] = _chain(n, x, y, z)
