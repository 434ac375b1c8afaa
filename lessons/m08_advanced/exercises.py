"""Exercises of lesson 8: make these functions faster, keeping their answers.

Each function below is the slow baseline of one topic of the lesson, copied here for
you to edit; its docstring says which idea of the lesson to apply. Check and time your
versions with::

    pytest lessons/m08_advanced --exercises

which runs the topic's equivalence tests on them (a wrong answer is shown with the
smallest input that gives it) and times them beside the baseline and the book's fastest
version. The book's answers are in solutions.py: try first.
"""

from __future__ import annotations

import math

import numpy as np


def vectorise_exercise(xs: np.ndarray, ys: np.ndarray) -> list[float]:
    """The distance of every point (x, y) from the origin, sqrt(x^2 + y^2) (vectorise.py).

    A Python loop over NumPy arrays: every step is interpreted and every ``x`` a new
    NumPy scalar object. Vectorise: one NumPy expression over the whole arrays, which runs
    its loop in compiled code (NumPy even has a function for exactly this). A NumPy array
    is a fine answer. Keep 15 significant digits, for coordinates up to 1e100.
    """
    return [math.sqrt(x * x + y * y) for x, y in zip(xs, ys)]


def inplace_exercise(x: np.ndarray) -> np.ndarray:
    """The polynomial 3x^3 + 2x^2 + x + 1 of every element of ``x``, in a new array;
    ``x`` itself must not change (inplace.py).

    As written, each of the six operators makes a temporary array the size of x, and
    ``x**3`` is costly. Use Horner's rule, ((3x + 2)x + 1)x + 1, with fewer operations,
    and write every step into one result array (the ufuncs' ``out=`` argument).
    """
    return 3 * x**3 + 2 * x**2 + x + 1
