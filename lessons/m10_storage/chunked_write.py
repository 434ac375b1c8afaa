"""Chunked writing: store an array larger than the memory budget, block by block.

Every function computes the smooth float32 field of ``rows`` x ``columns`` values
(one block of rows at a time where it can) and stores it under ``path``,
returning the path written. The field stands for any result too large to hold:
the output of a simulation written step by step, or a table converted from many
files. Building it whole first needs memory for all of it; writing block by
block needs memory for one block, whatever the size of the array.

The last block is cut to the rows that are left (``min(_BLOCK_ROWS, rows - first)``):
Zarr and Blosc2 crop a block assigned past the end of an array without an error
(``stored[8:12] = four_rows`` on a 10-row array keeps the first two rows and drops the
rest), where NumPy raises, so a block of the wrong size would be lost silently.
"""

from __future__ import annotations

from pathlib import Path

from lessons.m10_storage._arrays import smooth_field

_BLOCK_ROWS = 64  # rows computed and written at a time


def write_whole_then_save_zarr(path: Path, rows: int, columns: int) -> Path:
    """Compute the whole field in memory, then store it in Zarr: memory for the whole
    array (and its temporaries)."""
    import zarr

    whole = smooth_field(rows, columns)
    zarr.create_array(store=path, data=whole, chunks=(_BLOCK_ROWS, columns), compressors=_compressor(), overwrite=True)
    return path


def write_blocks_zarr(path: Path, rows: int, columns: int) -> Path:
    """Create an empty Zarr array on disk, then compute and assign one block of rows at a
    time; each block fills whole chunks, which Zarr compresses and writes at once."""
    import zarr

    stored = zarr.create_array(
        store=path,
        shape=(rows, columns),
        chunks=(_BLOCK_ROWS, columns),
        dtype="float32",
        compressors=_compressor(),
        overwrite=True,
    )
    for first in range(0, rows, _BLOCK_ROWS):
        block = smooth_field(min(_BLOCK_ROWS, rows - first), columns, first_row=first, total_rows=rows)
        stored[first : first + len(block)] = block
    return path


def _compressor():
    """Blosc with zstd and byte shuffle (Zarr's default, zstd alone, does not shuffle)."""
    from zarr.codecs import BloscCodec

    return BloscCodec(cname="zstd", clevel=5, shuffle="shuffle")


def write_blocks_blosc2(path: Path, rows: int, columns: int) -> Path:
    """The same with a Blosc2 NDArray stored in a file (urlpath): blosc2.empty on disk,
    then one block of rows at a time."""
    import blosc2

    stored = blosc2.empty((rows, columns), dtype="float32", chunks=(_BLOCK_ROWS, columns), urlpath=str(path), mode="w")
    for first in range(0, rows, _BLOCK_ROWS):
        block = smooth_field(min(_BLOCK_ROWS, rows - first), columns, first_row=first, total_rows=rows)
        stored[first : first + len(block)] = block
    return path


def write_blocks_hdf5(path: Path, rows: int, columns: int) -> Path:
    """HDF5 through h5py: a chunked dataset filled one block of rows at a time (HDF5
    caches a few chunks and writes the rest out), compressed with the codec the Zarr and
    Blosc2 techniques use, Blosc with zstd at level 5 and byte shuffle, through the
    hdf5plugin package: the techniques differ in format, not in codec."""
    import h5py
    import hdf5plugin

    with h5py.File(path, "w") as file:
        stored = file.create_dataset(
            "field",
            shape=(rows, columns),
            dtype="float32",
            chunks=(min(_BLOCK_ROWS, max(rows, 1)), max(columns, 1)),
            **hdf5plugin.Blosc(cname="zstd", clevel=5, shuffle=hdf5plugin.Blosc.SHUFFLE),
        )
        for first in range(0, rows, _BLOCK_ROWS):
            block = smooth_field(min(_BLOCK_ROWS, rows - first), columns, first_row=first, total_rows=rows)
            stored[first : first + len(block)] = block
    return path
