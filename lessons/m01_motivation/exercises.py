"""Exercises of lesson 1: make this function faster, keeping its answer.

The function below is the slow baseline of a topic of the lesson, copied here for you
to edit; its docstring says what to try. Check and time your version with::

    pytest lessons/m01_motivation --exercises

which runs the topic's equivalence test on it (a wrong answer is shown with the smallest
input that gives it) and times it beside the baseline and the book's fastest version.
The book's answer is in solutions.py: try first.
"""

from __future__ import annotations

import math


def _a(i: int, j: int) -> float:
    return 1.0 / ((i + j) * (i + j + 1) // 2 + i + 1)


def _a_times_u(u: list[float]) -> list[float]:
    n = len(u)
    return [sum(_a(i, j) * u[j] for j in range(n)) for i in range(n)]


def _at_times_u(u: list[float]) -> list[float]:
    n = len(u)
    return [sum(_a(j, i) * u[j] for j in range(n)) for i in range(n)]


def spectral_norm_exercise(n: int) -> float:
    """The spectral norm of the n x n matrix A(i, j) = 1 / ((i + j)(i + j + 1) / 2 + i + 1)
    by ten rounds of the power method (spectral_norm.py); 0.0 for n <= 0.

    Plain Python calls the small function ``_a`` 40 n^2 times, each call building boxed
    numbers. Leave the interpreter: build the matrix once as a NumPy array and let matrix
    products (``@``) do the 40 matrix-vector products, or compile the loops with numba.
    Your norm must match this one to 12 significant digits.
    """
    if n <= 0:
        return 0.0
    u = [1.0] * n
    for _ in range(10):
        v = _at_times_u(_a_times_u(u))
        u = _at_times_u(_a_times_u(v))
    vbv = sum(ui * vi for ui, vi in zip(u, v))
    vv = sum(vi * vi for vi in v)
    return math.sqrt(vbv / vv)
