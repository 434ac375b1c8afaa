"""Save one array six ways: NumPy's formats, HDF5, Zarr and Blosc2.

Every function writes the NumPy array ``array`` into the folder ``folder`` and
returns the path written (a file, or a folder for Zarr); load_array.py reads each
back. The tests save the size on disk beside the time. The files land in the
page cache; the time to flush them to the disk is not counted.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np


def save_npy(array: np.ndarray, folder: Path) -> Path:
    """np.save: a small header and the raw bytes; as fast as a copy, as large as the array."""
    path = folder / "array.npy"
    np.save(path, array)
    return path


def save_npz_compressed(array: np.ndarray, folder: Path) -> Path:
    """np.savez_compressed: the .npy inside a zip file, deflated by zlib on one core."""
    path = folder / "array.npz"
    np.savez_compressed(path, array=array)
    return path


def save_hdf5_gzip(array: np.ndarray, folder: Path) -> Path:
    """HDF5 through h5py: a chunked dataset with the shuffle filter and gzip level 4
    (the filters every HDF5 library can read). Zarr and Blosc2 below use zstd at level 5:
    against them, the codec differs along with the format."""
    import h5py

    path = folder / "array.h5"
    with h5py.File(path, "w") as file:
        file.create_dataset("array", data=array, chunks=True, shuffle=True, compression="gzip", compression_opts=4)
    return path


def save_hdf5_lzf(array: np.ndarray, folder: Path) -> Path:
    """HDF5 with LZF, h5py's own fast filter (other HDF5 readers need the plugin)."""
    import h5py

    path = folder / "array.lzf.h5"
    with h5py.File(path, "w") as file:
        file.create_dataset("array", data=array, chunks=True, shuffle=True, compression="lzf")
    return path


def save_hdf5_blosc_zstd(array: np.ndarray, folder: Path) -> Path:
    """HDF5 with the codec Zarr and Blosc2 use below: Blosc, zstd at level 5, byte shuffle, through
    the hdf5plugin package (which registers the Blosc filter with HDF5: any reader of the file
    needs it too). Against Zarr and Blosc2 this row compares formats, not codecs."""
    import h5py
    import hdf5plugin

    path = folder / "array.blosc.h5"
    blosc = hdf5plugin.Blosc(cname="zstd", clevel=5, shuffle=hdf5plugin.Blosc.SHUFFLE)
    with h5py.File(path, "w") as file:
        file.create_dataset("array", data=array, chunks=True, **blosc)
    return path


def save_zarr(array: np.ndarray, folder: Path) -> Path:
    """Zarr (format 3): chunks of about 1 MiB, each compressed by Blosc (zstd, byte
    shuffle) on all cores and written as its own file."""
    import zarr
    from zarr.codecs import BloscCodec

    path = folder / "array.zarr"
    chunks = _chunks_of_about(array, 1 << 20)
    compressor = BloscCodec(cname="zstd", clevel=5, shuffle="shuffle")
    zarr.create_array(store=path, data=array, chunks=chunks, compressors=compressor, overwrite=True)
    return path


def save_blosc2(array: np.ndarray, folder: Path) -> Path:
    """Blosc2's own NDArray format (.b2nd), one file, zstd with byte shuffle on all cores."""
    import blosc2

    path = folder / "array.b2nd"
    cparams = blosc2.CParams(codec=blosc2.Codec.ZSTD, clevel=5, filters=[blosc2.Filter.SHUFFLE])
    blosc2.asarray(array, urlpath=str(path), mode="w", cparams=cparams)
    return path


def _chunks_of_about(array: np.ndarray, nbytes: int) -> tuple[int, ...]:
    """Chunks of whole rows (the last axes kept whole) holding about ``nbytes``."""
    if array.ndim == 0:
        return ()
    row_bytes = max(1, array[:1].nbytes if len(array) else array.dtype.itemsize)
    return (max(1, min(len(array), nbytes // row_bytes)), *(max(1, s) for s in array.shape[1:]))
