"""Benchmarks and equivalence tests for lessons/m10_storage/save_array.py."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import array_shapes, arrays

from lessons.m10_storage import _arrays, load_array, save_array
from lessons.m10_storage.conftest import skip_unless_room, skip_without_hdf5plugin
from optbook.lesson import by_scale, run, technique_names

# the smooth float32 field saved: ROWS x 1024, 16 MiB at scale small
ROWS = by_scale(tiny=64, small=4096, medium=65536, large=262144)


def matching_load(technique: str):
    """load_array.load_zarr for save_array.save_zarr."""
    return getattr(load_array, technique.replace("save_", "load_", 1))


def emptied(folder: Path) -> Path:
    """The folder, made empty (and made if it is missing)."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return folder


@pytest.mark.parametrize("rows", [ROWS])
@pytest.mark.parametrize("technique", technique_names(save_array))
def test_save_array(benchmark, technique: str, rows: int, outputs: Path) -> None:
    """Time saving the field (into an empty folder every round); save the size on disk."""
    skip_without_hdf5plugin(technique)
    array = _arrays.smooth_field(rows, 1024)
    skip_unless_room(outputs, disk_bytes=2 * array.nbytes, memory_bytes=3 * array.nbytes)
    folder = outputs / f"{technique}-{rows}"

    def empty_folder() -> tuple[tuple, dict]:
        return (array, emptied(folder)), {}

    path = run(benchmark, getattr(save_array, technique), setup=empty_folder, rounds=5, bytes=array.nbytes)
    size = _arrays.disk_size(path)
    benchmark.extra_info.update(array_bytes=array.nbytes, file_bytes=size, ratio=round(array.nbytes / size, 3))
    assert np.array_equal(matching_load(technique)(path), array)
    if technique != "save_npy":  # every other format compresses, and the smooth field compresses well
        assert size < array.nbytes, f"{technique} stored {size} bytes for {array.nbytes}: is it compressing?"


@pytest.mark.parametrize("technique", technique_names(save_array))
@settings(deadline=None, max_examples=20)  # files on disk
@given(
    array=st.sampled_from([np.float32, np.float64, np.int64, np.uint8]).flatmap(
        lambda t: arrays(t, array_shapes(min_dims=1, max_dims=3, min_side=0, max_side=12))
    )
)
def test_save_array_round_trips(technique: str, array: np.ndarray) -> None:
    """Every format gives back, bit for bit, the array that np.save keeps (dtype, shape, NaN,
    infinities, -0.0; empty arrays, one element and 3-D shapes included)."""
    skip_without_hdf5plugin(technique)
    with tempfile.TemporaryDirectory(prefix="m10-save-") as folder:
        expected = load_array.load_npy(save_array.save_npy(array, Path(folder)))
        back = matching_load(technique)(getattr(save_array, technique)(array, Path(folder)))
        assert back.dtype == expected.dtype and back.shape == expected.shape
        assert back.tobytes() == expected.tobytes() == array.tobytes()


@pytest.mark.parametrize("technique", technique_names(save_array))
def test_saving_again_replaces_the_old_file(technique: str, tmp_path: Path) -> None:
    """Saving into a folder that holds an earlier save (a rerun) replaces it: the new array, of
    another shape and dtype, is read back."""
    skip_without_hdf5plugin(technique)
    save = getattr(save_array, technique)
    save(np.arange(12.0).reshape(3, 4), tmp_path)
    newer = np.arange(5, dtype=np.int64)
    assert np.array_equal(matching_load(technique)(save(newer, tmp_path)), newer)
