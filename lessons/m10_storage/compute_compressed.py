"""Compute on compressed data: Blosc2 arrays and lazy expressions against NumPy.

Every function evaluates ``sin(a) * exp(-b) + a * b`` element by element on two
arrays of the same shape. NumPy and numexpr take NumPy arrays (uncompressed, in
memory); the blosc2 functions take Blosc2 NDArrays, which hold the same values
compressed in chunks. A Blosc2 lazy expression is only a recipe until it is
forced: here with [:] (a NumPy result) or .compute() (a compressed NDArray),
inside the timed call. Blosc2 and numexpr use all cores; NumPy uses one.
"""

from __future__ import annotations

import numpy as np


def expression_numpy(a, b):
    """Plain NumPy: each operation makes a whole temporary array (sin(a), exp(-b), a*b,
    ...), so memory traffic and peak memory grow with every step."""
    return np.sin(a) * np.exp(-b) + a * b


def expression_numexpr(a, b):
    """numexpr compiles the expression and evaluates it block by block on all cores:
    no whole temporaries, one result array."""
    import numexpr

    return numexpr.evaluate("sin(a) * exp(-b) + a * b", local_dict={"a": a, "b": b})


def expression_blosc2_to_numpy(a, b):
    """A Blosc2 lazy expression over compressed NDArrays, forced with [:]: chunks are
    decompressed and evaluated one at a time, into an uncompressed NumPy result."""
    import blosc2

    return (blosc2.sin(a) * blosc2.exp(-b) + a * b)[:]


def expression_blosc2_compressed(a, b):
    """The same lazy expression forced with .compute(): the result is a compressed
    NDArray too, so neither inputs nor output are ever whole and uncompressed in memory."""
    import blosc2

    return (blosc2.sin(a) * blosc2.exp(-b) + a * b).compute()
