"""mandelbrot: a bitmap of the Mandelbrot set, from the Computer Language Benchmarks Game.

Every version takes n and returns the n x n bitmap over [-1.5, 0.5] x [-1, 1] as
bytes, the body of a PBM image: a pixel is 1 when z -> z^2 + c stays within
|z| <= 2 for 50 iterations, eight pixels a byte, the first in the highest bit,
each row padded to whole bytes. The plain C version is ``c/mandelbrot.c``.
"""

from __future__ import annotations

import ctypes
import functools

import numpy as np
from numba import njit

from lessons.m01_motivation import _compile

_ITERATIONS = 50


def _rows_python(n: int, first: int, last: int) -> bytes:
    """Rows first .. last - 1 of the bitmap, in plain Python."""
    out = bytearray()
    for y in range(first, last):
        ci = 2.0 * y / n - 1.0
        byte, bit = 0, 0
        for x in range(n):
            cr = 2.0 * x / n - 1.5
            zr = zi = tr = ti = 0.0
            inside = 1
            for _ in range(_ITERATIONS):
                zi = 2.0 * zr * zi + ci
                zr = tr - ti + cr
                tr = zr * zr
                ti = zi * zi
                if tr + ti > 4.0:
                    inside = 0
                    break
            byte = (byte << 1) | inside
            bit += 1
            if bit == 8:
                out.append(byte)
                byte, bit = 0, 0
        if bit:
            out.append(byte << (8 - bit))
    return bytes(out)


def mandelbrot_python(n: int) -> bytes:
    """Plain Python: up to 50 iterations of complex arithmetic per pixel, every
    one of them interpreted."""
    return _rows_python(n, 0, n)


def mandelbrot_numpy(n: int) -> bytes:
    """NumPy over the whole image at once: each iteration is a few array operations
    on n^2 pixels, escaped ones included (no early exit)."""
    cr = (2.0 * np.arange(n) / n - 1.5)[None, :]
    ci = (2.0 * np.arange(n) / n - 1.0)[:, None]
    zr = np.zeros((n, n))
    zi, tr, ti = zr.copy(), zr.copy(), zr.copy()
    escaped = np.zeros((n, n), dtype=bool)
    with np.errstate(over="ignore", invalid="ignore"):  # escaped points grow to inf and nan
        for _ in range(_ITERATIONS):
            zi = 2.0 * zr * zi + ci
            zr = tr - ti + cr
            tr = zr * zr
            ti = zi * zi
            escaped |= tr + ti > 4.0
    return np.packbits(~escaped, axis=1).tobytes()


def mandelbrot_numba(n: int) -> bytes:
    """The plain-Python loops compiled by numba, early exit and all."""
    out = np.zeros((n, (n + 7) // 8), dtype=np.uint8)
    _mandelbrot_numba(n, out)
    return out.tobytes()


@njit(cache=False)
def _mandelbrot_numba(n, out):
    for y in range(n):
        _mandelbrot_row(n, y, out)


@njit(cache=False)
def _mandelbrot_row(n, y, out):
    ci = 2.0 * y / n - 1.0
    for x in range(n):
        cr = 2.0 * x / n - 1.5
        zr = zi = tr = ti = 0.0
        inside = True
        for _ in range(50):
            zi = 2.0 * zr * zi + ci
            zr = tr - ti + cr
            tr = zr * zr
            ti = zi * zi
            if tr + ti > 4.0:
                inside = False
                break
        if inside:
            out[y, x // 8] |= 0x80 >> (x % 8)


def mandelbrot_c(n: int) -> bytes:
    """The same program in plain C (c/mandelbrot.c), compiled with -O3 and called
    once through ctypes."""
    out = ctypes.create_string_buffer(n * ((n + 7) // 8))
    _c_mandelbrot()(n, out)
    return out.raw


@functools.cache
def _c_mandelbrot():
    function = _compile.load("mandelbrot").mandelbrot
    function.argtypes = [ctypes.c_int, ctypes.c_char_p]
    function.restype = None
    return function
