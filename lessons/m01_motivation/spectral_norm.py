"""spectral-norm: the largest singular value of a matrix, from the Computer Language Benchmarks Game.

The matrix is A(i, j) = 1 / ((i + j)(i + j + 1) / 2 + i + 1), cut to n x n; ten
rounds of the power method on A^T A give its norm. Every version takes n and
returns the norm (the Benchmarks Game prints it with nine decimals: n = 100 gives
1.274219991). The plain C version is ``c/spectral_norm.c``.
"""

from __future__ import annotations

import ctypes
import functools
import math

import numpy as np
from numba import njit

from lessons.m01_motivation import _compile


def _a(i: int, j: int) -> float:
    return 1.0 / ((i + j) * (i + j + 1) // 2 + i + 1)


def _a_times_u(u: list[float]) -> list[float]:
    n = len(u)
    return [sum(_a(i, j) * u[j] for j in range(n)) for i in range(n)]


def _at_times_u(u: list[float]) -> list[float]:
    n = len(u)
    return [sum(_a(j, i) * u[j] for j in range(n)) for i in range(n)]


def spectral_norm_python(n: int) -> float:
    """Plain Python: 40 n^2 calls of a small function, each building boxed integers
    and floats."""
    if n <= 0:
        return 0.0
    u = [1.0] * n
    for _ in range(10):
        v = _at_times_u(_a_times_u(u))
        u = _at_times_u(_a_times_u(v))
    vbv = sum(ui * vi for ui, vi in zip(u, v))
    vv = sum(vi * vi for vi in v)
    return math.sqrt(vbv / vv)


def spectral_norm_numpy(n: int) -> float:
    """NumPy: build the n x n matrix once, then the power method is 40 matrix-vector
    products done by BLAS. It fits the program, at n^2 memory."""
    if n <= 0:
        return 0.0
    i, j = np.arange(n, dtype=np.float64)[:, None], np.arange(n, dtype=np.float64)[None, :]
    a = 1.0 / ((i + j) * (i + j + 1) / 2 + i + 1)
    u = np.ones(n)
    for _ in range(10):
        v = a.T @ (a @ u)
        u = a.T @ (a @ v)
    return math.sqrt((u @ v) / (v @ v))


def spectral_norm_numba(n: int) -> float:
    """The plain-Python loops compiled by numba: the matrix is computed on the fly,
    in registers, as the C program does."""
    if n <= 0:
        return 0.0
    return _spectral_norm_numba(n)


@njit(cache=False)
def _a_numba(i, j):
    return 1.0 / ((i + j) * (i + j + 1) // 2 + i + 1)


@njit(cache=False)
def _ata_times_u_numba(u, out, tmp):
    n = u.shape[0]
    for i in range(n):
        total = 0.0
        for j in range(n):
            total += _a_numba(i, j) * u[j]
        tmp[i] = total
    for i in range(n):
        total = 0.0
        for j in range(n):
            total += _a_numba(j, i) * tmp[j]
        out[i] = total


@njit(cache=False)
def _spectral_norm_numba(n):
    u, v, tmp = np.ones(n), np.empty(n), np.empty(n)
    for _ in range(10):
        _ata_times_u_numba(u, v, tmp)
        _ata_times_u_numba(v, u, tmp)
    vbv = 0.0
    vv = 0.0
    for i in range(n):
        vbv += u[i] * v[i]
        vv += v[i] * v[i]
    return np.sqrt(vbv / vv)


def spectral_norm_c(n: int) -> float:
    """The same program in plain C (c/spectral_norm.c), compiled with -O3 and called
    once through ctypes."""
    return _c_spectral_norm()(n)


@functools.cache
def _c_spectral_norm():
    function = _compile.load("spectral_norm").spectral_norm
    function.argtypes = [ctypes.c_int]
    function.restype = ctypes.c_double
    return function
