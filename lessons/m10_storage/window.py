"""Reading a small window of a big array: the whole file, a memory map, or the chunks that hold it.

The same 2-D float32 array is stored in ``folder`` twice: as ``array.npy`` and as
``blocks.zarr``, a Zarr (version 3) array cut into square chunks, each compressed
on its own (Blosc zstd). Every function returns ``array[window]`` for a window of
a few rows and columns. Loading the whole file reads every byte to keep a few; a
memory map reads only the pages the window's rows touch (one or two pages per
row); Zarr reads and decompresses only the chunks the window overlaps. The bigger
the array and the smaller the window, the more a partial read saves.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np


def read_whole_then_slice(folder: Path, window: tuple[slice, slice]) -> np.ndarray:
    """``np.load`` the whole array, then slice: the time and memory of the whole array,
    whatever the window."""
    return np.load(folder / "array.npy")[window]


def read_memmap_window(folder: Path, window: tuple[slice, slice]) -> np.ndarray:
    """``np.load(..., mmap_mode="r")`` then slice and copy: the operating system reads only
    the pages (4 KiB) holding the window's rows, but the file is stored uncompressed."""
    return np.array(np.load(folder / "array.npy", mmap_mode="r")[window])


def read_zarr_window(folder: Path, window: tuple[slice, slice]) -> np.ndarray:
    """``zarr.open_array(...)[window]``: only the chunks that overlap the window are read and
    decompressed; the file on disk is compressed."""
    import zarr

    return zarr.open_array(folder / "blocks.zarr", mode="r")[window]


def _write_array(array: np.ndarray, folder: Path, chunk_edge: int) -> None:
    """Store ``array`` the two ways read above, with square chunks ``chunk_edge`` on a side."""
    import zarr
    from zarr.codecs import BloscCodec

    np.save(folder / "array.npy", array)
    stored = zarr.create_array(
        store=folder / "blocks.zarr",
        shape=array.shape,
        chunks=tuple(max(1, min(side, chunk_edge)) for side in array.shape),
        dtype=array.dtype,
        compressors=BloscCodec(cname="zstd", clevel=5, shuffle="shuffle"),
        overwrite=True,
    )
    stored[...] = array
