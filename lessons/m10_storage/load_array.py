"""Load one array back from each format of save_array.py, whole, into NumPy.

Every function takes the path that the matching save_... function returned and
gives back the array exactly as it was saved. The tests read the files warm (in
the page cache: the times are those of decoding, not of the disk) and cold (dropped
from the page cache before every read, as in m06's page_cache.py: the bytes come
from the disk, so a file that compression made smaller is quicker to fetch).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np


def load_npy(path: Path) -> np.ndarray:
    """np.load of an .npy file: one read of the raw bytes."""
    return np.load(path)


def load_npz_compressed(path: Path) -> np.ndarray:
    """np.load of the .npz: the zip member inflated by zlib on one core."""
    with np.load(path) as archive:
        return archive["array"]


def load_hdf5_gzip(path: Path) -> np.ndarray:
    """h5py reads the dataset whole; HDF5 inflates it chunk by chunk on one core."""
    import h5py

    with h5py.File(path, "r") as file:
        return file["array"][...]


def load_hdf5_lzf(path: Path) -> np.ndarray:
    """h5py with its LZF filter: faster to decode than gzip, larger files."""
    import h5py

    with h5py.File(path, "r") as file:
        return file["array"][...]


def load_hdf5_blosc_zstd(path: Path) -> np.ndarray:
    """h5py with the Blosc filter (zstd) from hdf5plugin: importing hdf5plugin registers it."""
    import h5py
    import hdf5plugin  # noqa: F401  (registers the Blosc filter with HDF5)

    with h5py.File(path, "r") as file:
        return file["array"][...]


def load_zarr(path: Path) -> np.ndarray:
    """Zarr reads and decompresses the chunks (concurrently) into one NumPy array."""
    import zarr

    return zarr.open_array(path, mode="r")[...]


def load_blosc2(path: Path) -> np.ndarray:
    """Blosc2 opens the .b2nd file and decompresses it on all cores ([...] gives NumPy)."""
    import blosc2

    return blosc2.open(str(path), mode="r")[...]
