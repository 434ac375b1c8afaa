"""fannkuch-redux: flipping pancakes over every permutation, from the Computer Language Benchmarks Game.

For every permutation of 0 .. n-1, in the benchmark's fixed order, count the
flips (reverse the first k + 1 items, k being the first item) until 0 comes
first. Every version takes n and returns ``(checksum, max_flips)``: the flip
counts summed with alternating signs, and the largest count (n = 7 gives
228 and 16). Integer work on tiny arrays: NumPy does not fit it. The plain C
version is ``c/fannkuch_redux.c``.
"""

from __future__ import annotations

import ctypes
import functools

import numpy as np
from numba import njit

from lessons.m01_motivation import _compile


def fannkuch_redux_python(n: int) -> tuple[int, int]:
    """Plain Python: n! permutations, each copied and flipped with list slices,
    every step interpreted."""
    if n < 1:
        return 0, 0
    perm1 = list(range(n))
    count = [0] * n
    max_flips = checksum = permutation = 0
    r = n
    while True:
        while r != 1:
            count[r - 1] = r
            r -= 1
        perm = perm1[:]
        flips = 0
        k = perm[0]
        while k:
            perm[: k + 1] = perm[k::-1]
            flips += 1
            k = perm[0]
        max_flips = max(max_flips, flips)
        checksum += flips if permutation % 2 == 0 else -flips
        # the next permutation: rotate the first r + 1 items left, r counting up
        while True:
            if r == n:
                return checksum, max_flips
            perm1.insert(r, perm1.pop(0))
            count[r] -= 1
            if count[r] > 0:
                break
            r += 1
        permutation += 1


def fannkuch_redux_numba(n: int) -> tuple[int, int]:
    """The same loops on small integer arrays, compiled by numba."""
    if n < 1:
        return 0, 0
    checksum, max_flips = _fannkuch_numba(n)
    return int(checksum), int(max_flips)


@njit(cache=False)
def _fannkuch_numba(n):
    perm1 = np.arange(n)
    perm = np.empty(n, dtype=np.int64)
    count = np.zeros(n, dtype=np.int64)
    max_flips = 0
    checksum = 0
    permutation = 0
    r = n
    while True:
        while r != 1:
            count[r - 1] = r
            r -= 1
        perm[:] = perm1
        flips = 0
        k = perm[0]
        while k != 0:
            i, j = 0, k
            while i < j:
                perm[i], perm[j] = perm[j], perm[i]
                i += 1
                j -= 1
            flips += 1
            k = perm[0]
        if flips > max_flips:
            max_flips = flips
        checksum += flips if permutation % 2 == 0 else -flips
        while True:
            if r == n:
                return checksum, max_flips
            first = perm1[0]
            for i in range(r):
                perm1[i] = perm1[i + 1]
            perm1[r] = first
            count[r] -= 1
            if count[r] > 0:
                break
            r += 1
        permutation += 1


def fannkuch_redux_c(n: int) -> tuple[int, int]:
    """The same program in plain C (c/fannkuch_redux.c), compiled with -O3 and called
    once through ctypes."""
    if n < 1:
        return 0, 0
    checksum = ctypes.c_long()
    max_flips = _c_fannkuch_redux()(n, ctypes.byref(checksum))
    return checksum.value, max_flips


@functools.cache
def _c_fannkuch_redux():
    function = _compile.load("fannkuch_redux").fannkuch_redux
    function.argtypes = [ctypes.c_int, ctypes.POINTER(ctypes.c_long)]
    function.restype = ctypes.c_int
    return function
