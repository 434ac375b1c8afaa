"""Blosc2's filters: rearrange the bytes before the codec sees them.

Every function compresses a NumPy array with Blosc2's ``codec`` ("lz4", "zstd",
...) at compression ``level`` (1 fast to 9 small) and returns the compressed
bytes; they differ only in the filter run before the codec. A filter costs
little time and can change the ratio more than the choice of codec or level.
All are lossless except the last, which drops the lowest bits of each float on
purpose, with a bounded error.
"""

from __future__ import annotations

import numpy as np

# mantissa bits kept by blosc2_truncate_precision: float32 has 23, float64 has 52.
# Keeping k bits bounds the relative error of every value by 2**-k.
_KEEP_BITS = {4: 16, 8: 32}


def _compress(data: np.ndarray, codec: str, level: int, filters: list[str], meta: list[int] | None = None) -> bytes:
    import blosc2

    cparams = blosc2.CParams(
        codec=blosc2.Codec[codec.upper()],
        clevel=level,
        typesize=data.dtype.itemsize,
        filters=[blosc2.Filter[name] for name in filters],
        filters_meta=meta or [0] * len(filters),
    )
    return blosc2.compress2(np.ascontiguousarray(data), cparams=cparams)


def blosc2_no_filter(data: np.ndarray, codec: str, level: int) -> bytes:
    """No filter: the codec sees the values' bytes in memory order, where the bytes
    that change (the low ones) sit between the ones that do not."""
    return _compress(data, codec, level, ["NOFILTER"])


def blosc2_shuffle(data: np.ndarray, codec: str, level: int) -> bytes:
    """Byte shuffle: within a block, the first bytes of all values, then all second
    bytes, and so on; runs of equal high bytes become long and easy to compress."""
    return _compress(data, codec, level, ["SHUFFLE"])


def blosc2_bitshuffle(data: np.ndarray, codec: str, level: int) -> bytes:
    """Bit shuffle: the same idea bit by bit, so bits that rarely change (sign,
    exponent, high digits of small counts) form long runs of zeros or ones."""
    return _compress(data, codec, level, ["BITSHUFFLE"])


def blosc2_shuffle_bytedelta(data: np.ndarray, codec: str, level: int) -> bytes:
    """Shuffle, then bytedelta: each byte stream stored as differences from the byte
    before it; on a smooth field neighbours differ little, so the differences are small."""
    return _compress(data, codec, level, ["SHUFFLE", "BYTEDELTA"])


def blosc2_truncate_precision(data: np.ndarray, codec: str, level: int) -> bytes:
    """Lossy: keep only the top _KEEP_BITS mantissa bits of each float (16 of 23 for
    float32, 32 of 52 for float64), then bit shuffle; the zeroed bits compress away."""
    if data.dtype.kind != "f":
        raise TypeError(f"precision truncation works on floats, not {data.dtype}")
    keep = _KEEP_BITS[data.dtype.itemsize]
    return _compress(data, codec, level, ["TRUNC_PREC", "BITSHUFFLE"], [keep, 0])
