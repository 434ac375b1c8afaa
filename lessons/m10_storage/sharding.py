"""Zarr v3 sharding: many small chunks packed into a few files.

Every function writes a 2-D float32 array to a new Zarr (version 3) store at
``path`` and reads it back whole, returning what it read. Both stores cut the
array into the same small chunks (the unit that is compressed and read); they
differ in how the chunks lie on disk. Without sharding every chunk is a file of
its own, so an array of a million chunks is a million files: a file system
pays for every file created, opened and listed, and cluster file systems
(Lustre, GPFS) limit how many files a project may own. With ``shards=`` in
``zarr.create_array`` a shard, a block of many chunks, is one file with an index
of where each chunk lies in it, and a chunk can still be read on its own.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

CHUNK_EDGE = 64  # chunks of 64 x 64 float32 values, 16 KiB each
SHARD_EDGE = 1024  # shards of 16 x 16 = 256 chunks, 4 MiB, one file each


def _create(path: Path, array: np.ndarray, shards: tuple[int, ...] | None):
    import zarr
    from zarr.codecs import BloscCodec

    chunks = tuple(max(1, min(side, CHUNK_EDGE)) for side in array.shape)
    if shards is not None:  # a shard holds a whole number of chunks
        shards = tuple(max(c, min(s, side) // c * c) for c, s, side in zip(chunks, shards, array.shape, strict=True))
    return zarr.create_array(
        store=path,
        shape=array.shape,
        chunks=chunks,
        shards=shards,
        dtype=array.dtype,
        compressors=BloscCodec(cname="zstd", clevel=5, shuffle="shuffle"),
    )


def write_read_chunk_files(array: np.ndarray, path: Path) -> np.ndarray:
    """``zarr.create_array(..., chunks=(64, 64))``: one file per chunk, written and then read
    back one file each."""
    import zarr

    _create(path, array, shards=None)[...] = array
    return zarr.open_array(path, mode="r")[...]


def write_read_sharded(array: np.ndarray, path: Path) -> np.ndarray:
    """``zarr.create_array(..., chunks=(64, 64), shards=(1024, 1024))``: the same chunks, 256 to
    a file: far fewer files to create and open."""
    import zarr

    _create(path, array, shards=(SHARD_EDGE, SHARD_EDGE))[...] = array
    return zarr.open_array(path, mode="r")[...]
