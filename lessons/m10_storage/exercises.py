"""Exercise of lesson 10: make this function faster, keeping its answer.

The function below is the slow baseline of a topic of the lesson, copied here for you
to edit; its docstring says what to try. Check and time your version with::

    pytest lessons/m10_storage --exercises

which runs the topic's equivalence test on it (a wrong answer is shown with the smallest
input that gives it) and times it beside the baseline and the book's fastest version.
The compression ratio of each run is saved with it (``ratio`` in the benchmark's
extra_info). The book's answer is in solutions.py: try first.
"""

from __future__ import annotations

import blosc2
import numpy as np


def filters_exercise(data: np.ndarray, codec: str, level: int) -> bytes:
    """Compress ``data`` with Blosc2's ``codec`` at ``level`` and return the bytes, which
    blosc2.decompress2 must turn back into exactly the same array (filters.py).

    The codec sees the values' bytes in memory order, where the bytes that change sit
    between the ones that do not. Add a filter that rearranges them first (Blosc2's
    SHUFFLE or BITSHUFFLE): long runs of equal bytes compress smaller, and often faster.
    Keep it lossless.
    """
    cparams = blosc2.CParams(
        codec=blosc2.Codec[codec.upper()],
        clevel=level,
        typesize=data.dtype.itemsize,
        filters=[blosc2.Filter.NOFILTER],
        filters_meta=[0],
    )
    return blosc2.compress2(np.ascontiguousarray(data), cparams=cparams)
