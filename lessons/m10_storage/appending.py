"""Appending to an array of unknown final length: records arriving in blocks.

Every function takes ``blocks``, an iterable of float64 arrays of shape (k, 3)
(k rows of three values each, k varying from block to block, as a simulation or
an instrument produces them) and ``path``, where the Zarr version writes, and
returns all the rows in order as one (n, 3) array. How many blocks will come is
not known in advance. A NumPy array cannot grow in place: ``np.concatenate`` in
the loop copies everything so far at every block (quadratic time). Keeping the
blocks in a list and joining them once costs one copy; doubling a preallocated
buffer copies each row about twice at most; Zarr's ``append`` writes the rows to
disk a chunk at a time, so the total may be larger than memory.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import numpy as np

WIDTH = 3  # values per row
CHUNK_ROWS = 65_536  # rows per Zarr chunk (1.5 MiB)


def append_concatenate(blocks: Iterable[np.ndarray], path: Path) -> np.ndarray:
    """``rows = np.concatenate((rows, block))`` per block: every block copies all the rows
    so far, so the time grows as n^2 / (rows per block)."""
    rows = np.empty((0, WIDTH))
    for block in blocks:
        rows = np.concatenate((rows, block))
    return rows


def append_list_then_join(blocks: Iterable[np.ndarray], path: Path) -> np.ndarray:
    """``list.append`` each block (amortised constant time), one ``np.concatenate`` at the
    end: every row is copied once; needs the blocks and the result in memory together."""
    kept = []
    for block in blocks:
        kept.append(block)
    return np.concatenate(kept) if kept else np.empty((0, WIDTH))


def append_preallocate_doubling(blocks: Iterable[np.ndarray], path: Path) -> np.ndarray:
    """A buffer that doubles its capacity when full, as Python's list and C++'s vector do:
    each row is copied into it once and moved by at most a few doublings (amortised O(1))."""
    buffer = np.empty((1024, WIDTH))
    size = 0
    for block in blocks:
        needed = size + len(block)
        if needed > len(buffer):
            bigger = np.empty((max(needed, 2 * len(buffer)), WIDTH))
            bigger[:size] = buffer[:size]
            buffer = bigger
        buffer[size:needed] = block
        size = needed
    return buffer[:size].copy()  # the copy lets go of the spare capacity


def append_zarr(blocks: Iterable[np.ndarray], path: Path) -> np.ndarray:
    """``zarr_array.append(rows)``, the blocks gathered first into a whole chunk's worth
    (65,536 rows, uncompressed here): each append rewrites the array's metadata and the chunks
    it touches, so appending every small block as it comes is many times slower. The rows
    are on disk as they arrive, so the total may exceed memory; the array is read back at
    the end to return it."""
    import zarr

    stored = zarr.create_array(
        store=path, shape=(0, WIDTH), chunks=(CHUNK_ROWS, WIDTH), dtype="float64", compressors=None, overwrite=True
    )
    pending, pending_rows = [], 0
    for block in blocks:
        pending.append(block)
        pending_rows += len(block)
        if pending_rows >= CHUNK_ROWS:
            stored.append(np.concatenate(pending), axis=0)
            pending, pending_rows = [], 0
    if pending_rows:
        stored.append(np.concatenate(pending), axis=0)
    return stored[...]
