"""Zarr: chunk shape against access pattern, and reading a slice without loading the array.

The same 2-D float32 array is stored in the folder ``folder`` five ways: as
``array.npy``, and as three Zarr arrays (version 3 format, Blosc zstd with byte
shuffle) that differ only in the shape of their chunks: ``rows.zarr`` (chunks of
whole rows), ``columns.zarr`` (chunks of whole columns), ``blocks.zarr`` (square
chunks). Every function returns ``array[selection]``. Zarr reads and
decompresses every chunk that the selection touches, and only those: the best
chunk shape is the one that matches how the array will be read.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np


def read_npy_whole_then_slice(folder: Path, selection: tuple[slice, slice]) -> np.ndarray:
    """np.load the whole array, then take the slice: the time and memory of the whole
    array, whatever the slice."""
    return np.load(folder / "array.npy")[selection]


def read_npy_memmap_slice(folder: Path, selection: tuple[slice, slice]) -> np.ndarray:
    """np.load with mmap_mode="r": only the pages holding the slice are read; fine for
    rows, but a column touches a page in every row (uncompressed, so the file is large)."""
    return np.array(np.load(folder / "array.npy", mmap_mode="r")[selection])


def read_zarr_row_chunks(folder: Path, selection: tuple[slice, slice]) -> np.ndarray:
    """Zarr with chunks of whole rows: a few rows touch one or two chunks, a column
    touches every chunk."""
    import zarr

    return zarr.open_array(folder / "rows.zarr", mode="r")[selection]


def read_zarr_column_chunks(folder: Path, selection: tuple[slice, slice]) -> np.ndarray:
    """Zarr with chunks of whole columns: the mirror image, fast for columns, slow for rows."""
    import zarr

    return zarr.open_array(folder / "columns.zarr", mode="r")[selection]


def read_zarr_block_chunks(folder: Path, selection: tuple[slice, slice]) -> np.ndarray:
    """Zarr with square chunks: never the best for a whole row or column, never the
    worst, and the best for a small block."""
    import zarr

    return zarr.open_array(folder / "blocks.zarr", mode="r")[selection]


def _write_layouts(array: np.ndarray, folder: Path, chunk_edge: int) -> dict[str, Path]:
    """Store ``array`` the five ways read above; square chunks are ``chunk_edge`` on a side and
    the row and column chunks hold the same number of values."""
    import zarr
    from zarr.codecs import BloscCodec

    rows, columns = array.shape
    values_per_chunk = chunk_edge * chunk_edge
    shapes = {
        "rows.zarr": (max(1, min(rows, values_per_chunk // max(columns, 1))), columns),
        "columns.zarr": (rows, max(1, min(columns, values_per_chunk // max(rows, 1)))),
        "blocks.zarr": (min(rows, chunk_edge), min(columns, chunk_edge)),
    }
    paths = {"array.npy": folder / "array.npy"}
    np.save(paths["array.npy"], array)
    for name, chunks in shapes.items():
        paths[name] = folder / name
        compressor = BloscCodec(cname="zstd", clevel=5, shuffle="shuffle")
        stored = zarr.create_array(
            store=paths[name],
            shape=array.shape,
            chunks=tuple(max(1, c) for c in chunks),
            dtype=array.dtype,
            compressors=compressor,
            overwrite=True,
        )
        stored[...] = array
    return paths
