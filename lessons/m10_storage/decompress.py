"""Decompress an array: the other half of compress.py, often the half that matters.

Data are written once and read many times. Every function takes the bytes that
the matching compress_... function of compress.py returned, with the array's
dtype and shape, and gives back the array, exactly as it was.
"""

from __future__ import annotations

import lzma
import zlib

import numpy as np


def decompress_zlib(blob: bytes, dtype: np.dtype, shape: tuple[int, ...]) -> np.ndarray:
    """zlib.decompress on one core, then a NumPy view of the bytes."""
    return np.frombuffer(zlib.decompress(blob), dtype=dtype).reshape(shape)


def decompress_lzma(blob: bytes, dtype: np.dtype, shape: tuple[int, ...]) -> np.ndarray:
    """lzma.decompress on one core: much faster than lzma compresses, slower than zlib."""
    return np.frombuffer(lzma.decompress(blob), dtype=dtype).reshape(shape)


def _blosc2(blob: bytes, dtype: np.dtype, shape: tuple[int, ...]) -> np.ndarray:
    import blosc2

    return np.frombuffer(blosc2.decompress2(blob), dtype=dtype).reshape(shape)


def decompress_blosc2_blosclz(blob: bytes, dtype: np.dtype, shape: tuple[int, ...]) -> np.ndarray:
    """Blosc2 with BloscLZ: blocks decompressed on all cores, then unshuffled."""
    return _blosc2(blob, dtype, shape)


def decompress_blosc2_lz4(blob: bytes, dtype: np.dtype, shape: tuple[int, ...]) -> np.ndarray:
    """Blosc2 with LZ4, the fastest decompressor here."""
    return _blosc2(blob, dtype, shape)


def decompress_blosc2_lz4hc(blob: bytes, dtype: np.dtype, shape: tuple[int, ...]) -> np.ndarray:
    """Blosc2 with LZ4HC: LZ4's format, so LZ4's decompression speed for the smaller output."""
    return _blosc2(blob, dtype, shape)


def decompress_blosc2_zstd(blob: bytes, dtype: np.dtype, shape: tuple[int, ...]) -> np.ndarray:
    """Blosc2 with Zstandard."""
    return _blosc2(blob, dtype, shape)


def decompress_blosc2_zlib(blob: bytes, dtype: np.dtype, shape: tuple[int, ...]) -> np.ndarray:
    """Blosc2 with zlib: the baseline's codec on all cores, block by block."""
    return _blosc2(blob, dtype, shape)
