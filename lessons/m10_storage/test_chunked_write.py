"""Benchmarks and equivalence tests for lessons/m10_storage/chunked_write.py."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lessons.m10_storage import _arrays, chunked_write
from lessons.m10_storage.conftest import skip_unless_room, skip_without_hdf5plugin
from optbook.lesson import by_scale, run, technique_names

# the field is ROWS x COLUMNS float32: 64 MiB at scale small, 16 GiB at large
ROWS = by_scale(tiny=600, small=4096, medium=32768, large=131072)
COLUMNS = by_scale(tiny=300, small=4096, medium=8192, large=32768)


def read_back(path: Path) -> np.ndarray:
    """What a technique stored, read back whole by the plain reader of its format."""
    if path.suffix == ".h5":
        import h5py
        import hdf5plugin  # noqa: F401  (registers the Blosc filter with HDF5)

        with h5py.File(path, "r") as file:
            return file["field"][...]
    if path.suffix == ".b2nd":
        import blosc2

        return blosc2.open(str(path), mode="r")[...]
    import zarr

    return zarr.open_array(path, mode="r")[...]


def target(folder: Path, technique: str) -> Path:
    suffix = {"blosc2": ".b2nd", "hdf5": ".h5"}.get(technique.rsplit("_", 1)[-1], ".zarr")
    return folder / f"{technique}{suffix}"


def remove(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path)
    elif path.exists():
        path.unlink()


@pytest.mark.parametrize("rows", [ROWS])
@pytest.mark.parametrize("technique", technique_names(chunked_write))
def test_chunked_write(benchmark, technique: str, rows: int, outputs: Path) -> None:
    """Time computing and storing the field; the harness saves the peak memory of one call, to
    read beside the array's size (saved as array_bytes)."""
    skip_without_hdf5plugin(technique)
    array_bytes = rows * COLUMNS * 4
    # the whole-array baseline needs the array and its float64 temporaries in memory
    skip_unless_room(outputs, disk_bytes=array_bytes, memory_bytes=4 * array_bytes if "whole" in technique else 0)
    folder = outputs / f"{technique}-{rows}"
    folder.mkdir(exist_ok=True)
    path = target(folder, technique)

    def fresh() -> tuple[tuple, dict]:
        remove(path)  # every round writes a new store
        return (path, rows, COLUMNS), {}

    written = run(benchmark, getattr(chunked_write, technique), setup=fresh, rounds=3, bytes=array_bytes)
    stored_bytes = _arrays.disk_size(written)
    benchmark.extra_info.update(array_bytes=array_bytes, stored_bytes=stored_bytes)
    assert stored_bytes < array_bytes, f"{technique} stored {stored_bytes} bytes for {array_bytes}: is it compressing?"
    back = read_back(written)
    assert back.shape == (rows, COLUMNS)
    for first in (0, rows // 2, rows - 1):  # a few rows, checked against the field computed whole
        assert np.array_equal(back[first], _arrays.smooth_field(1, COLUMNS, first_row=first, total_rows=rows)[0])


@pytest.mark.parametrize("technique", technique_names(chunked_write))
@settings(deadline=None, max_examples=15)  # files on disk
@given(rows=st.integers(1, 600), columns=st.integers(1, 20))
def test_chunked_write_agrees(technique: str, rows: int, columns: int) -> None:
    """Every technique stores exactly the field that the baseline computes whole: block edges
    that do not divide the rows, a last short block, a single row or column."""
    skip_without_hdf5plugin(technique)
    with tempfile.TemporaryDirectory(prefix="m10-write-") as folder:
        expected = read_back(chunked_write.write_whole_then_save_zarr(Path(folder) / "whole.zarr", rows, columns))
        assert np.array_equal(expected, _arrays.smooth_field(rows, columns))
        written = getattr(chunked_write, technique)(target(Path(folder), technique), rows, columns)
        back = read_back(written)
        assert back.dtype == np.float32, f"stored as {back.dtype}: twice the bytes of the float32 field"
        assert np.array_equal(back, expected)


@pytest.mark.parametrize("technique", technique_names(chunked_write))
def test_chunked_write_replaces_an_old_store(technique: str, tmp_path: Path) -> None:
    """Writing where a store of another shape is already (the run before, or a rerun of a
    script) replaces it: the new field is read back, not the old one, nor an error."""
    skip_without_hdf5plugin(technique)
    path = target(tmp_path, technique)
    getattr(chunked_write, technique)(path, 70, 9)
    written = getattr(chunked_write, technique)(path, 130, 4)
    assert np.array_equal(read_back(written), _arrays.smooth_field(130, 4))


def test_zarr_and_blosc2_crop_a_block_assigned_past_the_end() -> None:
    """What the module's docstring warns about: four rows assigned to rows 8 to 12 of a 10-row
    array. NumPy refuses; Zarr and Blosc2 keep the first two rows and drop the others."""
    import blosc2
    import zarr

    block = np.arange(4.0)
    with pytest.raises(ValueError):
        np.zeros(10)[8:12] = block
    stored_zarr = zarr.create_array(store=zarr.storage.MemoryStore(), shape=(10,), chunks=(4,), dtype="float64")
    stored_zarr[8:12] = block
    stored_blosc2 = blosc2.zeros((10,), dtype="float64")
    stored_blosc2[8:12] = block
    for stored in (stored_zarr, stored_blosc2):
        assert np.array_equal(stored[:], [0.0] * 8 + [0.0, 1.0])
