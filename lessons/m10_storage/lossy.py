"""Lossy storage with a bounded error: a float field written to a Blosc2 file and read back.

Every function stores ``array`` (float32 or float64) in a .b2nd file in ``folder`` with zstd at
level 5, reads it back whole and returns it. The lossless one gives back every bit; the lossy
one keeps only the top mantissa bits of each value (16 of float32's 23, 32 of float64's 52:
``_KEEP_BITS`` of filters.py), which bounds the relative error of every value by 2**-16 (or
2**-32), and the zeroed low bits compress away. The tests check the bound and the file sizes.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from lessons.m10_storage.filters import _KEEP_BITS


def _store_and_load(array: np.ndarray, path: Path, filters: list[str], meta: list[int]) -> np.ndarray:
    import blosc2

    cparams = blosc2.CParams(
        codec=blosc2.Codec.ZSTD,
        clevel=5,
        filters=[blosc2.Filter[name] for name in filters],
        filters_meta=meta,
    )
    blosc2.asarray(np.ascontiguousarray(array), urlpath=str(path), mode="w", cparams=cparams)
    return blosc2.open(str(path), mode="r")[...]


def store_lossless(array: np.ndarray, folder: Path) -> np.ndarray:
    """Byte shuffle and bytedelta, the best lossless filters of filters.py on the smooth field."""
    return _store_and_load(array, Path(folder) / "lossless.b2nd", ["SHUFFLE", "BYTEDELTA"], [0, 0])


def store_truncated_precision(array: np.ndarray, folder: Path) -> np.ndarray:
    """Truncate the mantissa to _KEEP_BITS bits, then bit shuffle: a smaller file, every value
    within 2**-_KEEP_BITS of itself, relatively."""
    if array.dtype.kind != "f":
        raise TypeError(f"precision truncation works on floats, not {array.dtype}")
    keep = _KEEP_BITS[array.dtype.itemsize]
    return _store_and_load(array, Path(folder) / "truncated.b2nd", ["TRUNC_PREC", "BITSHUFFLE"], [keep, 0])
