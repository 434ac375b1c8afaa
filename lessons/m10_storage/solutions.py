"""Solution to the exercise of lesson 10 (exercises.py): one way to do it, not the only one."""

from __future__ import annotations

import blosc2
import numpy as np


def filters_exercise(data: np.ndarray, codec: str, level: int) -> bytes:
    """Byte shuffle before the codec: the first bytes of all values, then all second bytes,
    and so on, so that the high bytes, which hardly change, form long runs."""
    cparams = blosc2.CParams(
        codec=blosc2.Codec[codec.upper()],
        clevel=level,
        typesize=data.dtype.itemsize,
        filters=[blosc2.Filter.SHUFFLE],
        filters_meta=[0],
    )
    return blosc2.compress2(np.ascontiguousarray(data), cparams=cparams)
