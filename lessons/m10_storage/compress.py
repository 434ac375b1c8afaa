"""Compress an array: the standard library's zlib and lzma against Blosc2's codecs.

Every function takes a NumPy array and returns its bytes compressed (losslessly:
decompress.py gives back exactly the same array). The standard library's
compressors see a plain string of bytes and use one core. Blosc2 knows the size
of one value (typesize), reorders the bytes of each block so that the first
bytes of all values come together (the shuffle filter), and compresses the
blocks on several threads (blosc2.nthreads, all cores by default). All Blosc2
lines here use shuffle at compression level 5; filters.py varies both.
"""

from __future__ import annotations

import lzma
import zlib

import numpy as np


def compress_zlib(data: np.ndarray) -> bytes:
    """zlib (deflate, as in gzip and zip) at its default level 6, on one core."""
    return zlib.compress(np.ascontiguousarray(data).tobytes(), 6)


def compress_lzma(data: np.ndarray) -> bytes:
    """lzma (as in xz) at its default preset 6: often the smallest output of the
    standard library, and by far the slowest."""
    return lzma.compress(np.ascontiguousarray(data).tobytes(), preset=6)


def _blosc2(data: np.ndarray, codec: str) -> bytes:
    import blosc2

    cparams = blosc2.CParams(
        codec=blosc2.Codec[codec], clevel=5, typesize=data.dtype.itemsize, filters=[blosc2.Filter.SHUFFLE]
    )
    return blosc2.compress2(np.ascontiguousarray(data), cparams=cparams)


def compress_blosc2_blosclz(data: np.ndarray) -> bytes:
    """Blosc2 with BloscLZ, its own codec tuned for speed on shuffled blocks."""
    return _blosc2(data, "BLOSCLZ")


def compress_blosc2_lz4(data: np.ndarray) -> bytes:
    """Blosc2 with LZ4: very fast to compress and faster still to decompress."""
    return _blosc2(data, "LZ4")


def compress_blosc2_lz4hc(data: np.ndarray) -> bytes:
    """Blosc2 with LZ4HC: LZ4's format, searched harder when compressing, so smaller
    output and the same fast decompression."""
    return _blosc2(data, "LZ4HC")


def compress_blosc2_zstd(data: np.ndarray) -> bytes:
    """Blosc2 with Zstandard (Blosc2's default codec): ratios near lzma's at a much
    higher speed."""
    return _blosc2(data, "ZSTD")


def compress_blosc2_zlib(data: np.ndarray) -> bytes:
    """Blosc2 with zlib: the baseline's codec, helped by the shuffle filter, blocks and
    threads."""
    return _blosc2(data, "ZLIB")
