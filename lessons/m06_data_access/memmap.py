"""Memory mapping: read a slice of a large file without loading the file.

Every function returns the mean of each column over the rows ``start`` to
``stop`` of a table of float64 columns stored at ``path``: an .npy file (a 2-D
array, row after row) for the np_ functions, an uncompressed Arrow IPC file
(column after column) for the arrow_ functions. A full load reads the whole file
into memory first; a memory map only maps the file into the address space, and
the operating system reads the pages that are touched, when they are touched.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np


def mean_rows_np_load(path: Path, start: int, stop: int) -> np.ndarray:
    """np.load: the whole array is read into memory, then sliced."""
    return np.load(path)[start:stop].mean(axis=0)


def mean_rows_np_memmap(path: Path, start: int, stop: int) -> np.ndarray:
    """np.load with mmap_mode="r" returns an np.memmap: slicing it reads only the
    pages of those rows (a row-major file keeps a row's values together)."""
    return np.load(path, mmap_mode="r")[start:stop].mean(axis=0)


def mean_rows_np_memmap_window(path: Path, start: int, stop: int) -> np.ndarray:
    """np.memmap of only the rows asked for: the .npy header says where the data start, so
    the map begins at row ``start`` (``offset``) and holds ``stop - start`` rows. The whole-file
    map above reserves address space for the whole file; this one only for the window."""
    with open(path, "rb") as file:
        major, _ = np.lib.format.read_magic(file)
        read_header = np.lib.format.read_array_header_1_0 if major == 1 else np.lib.format.read_array_header_2_0
        shape, fortran_order, dtype = read_header(file)
        data_offset = file.tell()
    if fortran_order or len(shape) != 2:
        raise ValueError("a window of rows needs a 2-D array stored row after row (C order)")
    row_bytes = shape[1] * dtype.itemsize
    if stop <= start:
        return np.empty((0, shape[1]), dtype).mean(axis=0)  # no rows: NaN in every column, as np.load gives
    window = np.memmap(path, dtype, mode="r", offset=data_offset + start * row_bytes, shape=(stop - start, shape[1]))
    return window.mean(axis=0)


def mean_rows_arrow_read_all(path: Path, start: int, stop: int) -> np.ndarray:
    """Arrow IPC read through an ordinary file: every column is copied into memory."""
    import pyarrow as pa

    with pa.OSFile(str(path)) as source:
        table = pa.ipc.open_file(source).read_all()
    return _column_means(table.slice(start, stop - start))


def mean_rows_arrow_memory_mapped(path: Path, start: int, stop: int) -> np.ndarray:
    """Arrow IPC through pa.memory_map: the table's columns point into the mapped file
    (zero copy), so only the slice's pages of each column are read."""
    import pyarrow as pa

    with pa.memory_map(str(path)) as source:
        table = pa.ipc.open_file(source).read_all()
        return _column_means(table.slice(start, stop - start))


def _column_means(table) -> np.ndarray:
    return np.array([column.to_numpy().mean() for column in table.columns], dtype=np.float64)
