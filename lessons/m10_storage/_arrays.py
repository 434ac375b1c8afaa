"""The lesson's arrays, of three characters that compress very differently.

Not a lesson topic (the name starts with an underscore): the tests build their
inputs with it, outside the timed calls.

- ``smooth``: a 2-D field that varies slowly from point to point, in float32, as a
  simulation writes a temperature or a pressure field;
- ``counters``: event counts per bin (small non-negative integers) kept in int64,
  as counters usually are: most of each value's eight bytes are zero;
- ``noise``: normally distributed random float64 values, as measurement noise:
  nothing for a lossless compressor to find but the exponent bits.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np

KINDS = ("smooth", "counters", "noise")


def smooth_field(rows: int, columns: int, first_row: int = 0, total_rows: int | None = None) -> np.ndarray:
    """Rows ``first_row`` to ``first_row + rows`` of a smooth float32 field of ``total_rows`` x ``columns``.

    Each block of rows can be computed on its own, so a large field can be written
    block by block and every block is the same as the same rows of the whole field.
    """
    total_rows = rows if total_rows is None else total_rows
    y = (np.arange(first_row, first_row + rows, dtype=np.float64) / max(total_rows, 1))[:, None]
    x = (np.arange(columns, dtype=np.float64) / max(columns, 1))[None, :]
    field = 280.0 + 10.0 * np.sin(2 * np.pi * x) * np.cos(3 * np.pi * y) + 5.0 * x + 2.0 * y
    return field.astype(np.float32)


def make_array(kind: str, n: int, seed: int = 0) -> np.ndarray:
    """``n`` values of one kind (the smooth field as a 2-D array of about ``n`` values, 1024 wide)."""
    rng = np.random.default_rng(seed)
    if kind == "smooth":
        columns = min(1024, max(n, 1))
        return smooth_field(max(1, n // columns), columns)
    if kind == "counters":
        return rng.poisson(3.0, n).astype(np.int64)
    if kind == "noise":
        return rng.standard_normal(n)
    raise ValueError(f"unknown kind {kind!r}: choose one of {', '.join(KINDS)}")


def disk_size(path: Path) -> int:
    """Bytes on disk of a file, or of every file under a folder (a Zarr store is a folder)."""
    path = Path(path)
    if path.is_dir():
        return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
    return path.stat().st_size


def room_for(disk_bytes: float, memory_bytes: float, folder: Path) -> str | None:
    """Why there is not enough free disk under ``folder`` or free memory, or None when there is."""
    import psutil

    free_disk = shutil.disk_usage(folder).free
    free_memory = psutil.virtual_memory().available
    if disk_bytes > 0.8 * free_disk:
        return f"needs about {disk_bytes / 2**30:.1f} GiB of disk, {free_disk / 2**30:.1f} GiB free under {folder}"
    if memory_bytes > 0.7 * free_memory:
        return f"needs about {memory_bytes / 2**30:.1f} GiB of memory, {free_memory / 2**30:.1f} GiB available"
    return None
