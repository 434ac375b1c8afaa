"""Exercise of lesson 5: make this function faster, keeping its answer.

The function below is the slow baseline of a topic of the lesson, copied here for you
to edit; its docstring says what to try. Check and time your version with::

    pytest lessons/m05_hardware --exercises

which runs the topic's equivalence test on it (a wrong answer is shown with the smallest
input that gives it) and times it beside the baseline and the book's fastest version,
with the share of this machine's memory bandwidth it reaches. The book's answer is in
solutions.py: try first.
"""

from __future__ import annotations

import numpy as np


def memory_bound_exercise(out: np.ndarray, b: np.ndarray, c: np.ndarray, threads: int) -> np.ndarray:
    """The triad: write b + 3 c into ``out`` and return it, with up to ``threads`` threads
    (memory_bound.py).

    Each element costs 2 operations but 24 bytes of memory traffic: the time goes into
    moving data. This version moves more than it must, through a temporary array for 3 c
    that is written and read back, and uses one core. Move less (write into ``out``
    directly, with the ufuncs' ``out=``) and read memory with more cores (numexpr or numba
    with ``threads`` threads). Keep the two roundings of NumPy: 3.0 * c first, then + b;
    the test compares bit for bit.
    """
    out[:] = b + 3.0 * c
    return out
