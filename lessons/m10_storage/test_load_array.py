"""Benchmarks and equivalence tests for lessons/m10_storage/load_array.py."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import array_shapes, arrays

from lessons.m10_storage import _arrays, load_array, save_array
from lessons.m10_storage.test_save_array import ROWS
from optbook.lesson import run, technique_names


def matching_save(technique: str):
    """save_array.save_zarr for load_array.load_zarr."""
    return getattr(save_array, technique.replace("load_", "save_", 1))


@pytest.fixture(scope="module")
def saved(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[np.ndarray, dict[str, Path]]]:
    """The field saved once in every format."""
    folder = tmp_path_factory.mktemp("m10_saved")
    array = _arrays.smooth_field(ROWS, 1024)
    yield array, {name: matching_save(name)(array, folder) for name in technique_names(load_array)}
    shutil.rmtree(folder, ignore_errors=True)  # pytest would keep it for three runs


@pytest.mark.parametrize("rows", [ROWS])
@pytest.mark.parametrize("technique", technique_names(load_array))
def test_load_array(benchmark, technique: str, rows: int, saved) -> None:
    """Time loading the whole field back into NumPy (warm page cache); the rate counts the
    array's bytes."""
    array, paths = saved
    size = _arrays.disk_size(paths[technique])
    benchmark.extra_info.update(array_bytes=array.nbytes, file_bytes=size, cache="warm")
    result = run(benchmark, getattr(load_array, technique), paths[technique], bytes=array.nbytes)
    assert np.array_equal(result, array)


@pytest.mark.parametrize("technique", technique_names(load_array))
@settings(deadline=None, max_examples=20)  # files on disk
@given(
    array=st.sampled_from([np.float32, np.float64, np.int64, np.uint8]).flatmap(
        lambda t: arrays(t, array_shapes(min_dims=1, max_dims=3, min_side=0, max_side=12))
    )
)
def test_load_array_agrees(technique: str, array: np.ndarray) -> None:
    """Every loader gives back bit for bit what np.load gives back (the array saved)."""
    with tempfile.TemporaryDirectory(prefix="m10-load-") as folder:
        expected = load_array.load_npy(save_array.save_npy(array, Path(folder)))
        back = getattr(load_array, technique)(matching_save(technique)(array, Path(folder)))
        assert back.dtype == expected.dtype and back.shape == expected.shape
        assert back.tobytes() == expected.tobytes()
