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

from lessons.m06_data_access._data import evict_from_page_cache
from lessons.m06_data_access._testing import evict_or_skip, resident_fraction
from lessons.m06_data_access.test_page_cache import COLD_ROUNDS
from lessons.m10_storage import _arrays, load_array, save_array
from lessons.m10_storage.conftest import hdf5plugin_missing, skip_without_hdf5plugin
from lessons.m10_storage.test_save_array import ROWS
from optbook.lesson import run, technique_names


def files_of(path: Path) -> list[Path]:
    """The file, or every file of a folder (a Zarr store is a folder of chunk files)."""
    return [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())


def evict(path: Path) -> None:
    """Drop every file of a saved array from the page cache (m06's helper, file by file)."""
    for file in files_of(path):
        evict_from_page_cache(file)


def cached_share(path: Path) -> float | None:
    """The share of a saved array's bytes in the page cache (None where mincore cannot be asked)."""
    files = [file for file in files_of(path) if file.stat().st_size]
    shares = [resident_fraction(file) for file in files]
    if not files or None in shares:
        return None
    return sum(share * file.stat().st_size for share, file in zip(shares, files)) / sum(f.stat().st_size for f in files)


def matching_save(technique: str):
    """save_array.save_zarr for load_array.load_zarr."""
    return getattr(save_array, technique.replace("load_", "save_", 1))


@pytest.fixture(scope="module")
def saved(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[np.ndarray, dict[str, Path]]]:
    """The field saved once in every format."""
    folder = tmp_path_factory.mktemp("m10_saved")
    array = _arrays.smooth_field(ROWS, 1024)
    names = [name for name in technique_names(load_array) if not hdf5plugin_missing(name)]
    yield array, {name: matching_save(name)(array, folder) for name in names}
    shutil.rmtree(folder, ignore_errors=True)  # pytest would keep it for three runs


@pytest.mark.parametrize("cache", ["warm", "cold"])
@pytest.mark.parametrize("rows", [ROWS])
@pytest.mark.parametrize("technique", technique_names(load_array))
def test_load_array(benchmark, technique: str, rows: int, cache: str, saved) -> None:
    """Time loading the whole field back into NumPy with the files in the page cache (warm) or
    dropped from it before every round (cold: then the bytes on disk count, and a smaller file
    is fewer to fetch); the rate counts the array's bytes."""
    skip_without_hdf5plugin(technique)
    array, paths = saved
    path = paths[technique]
    size = _arrays.disk_size(path)
    benchmark.extra_info.update(array_bytes=array.nbytes, file_bytes=size, cache=cache)
    function = getattr(load_array, technique)
    if cache == "warm":
        for file in files_of(path):
            file.read_bytes()  # bring the whole file into the page cache
        result = run(benchmark, function, path, bytes=array.nbytes)
    else:
        evict_or_skip(benchmark, lambda: evict(path), lambda: cached_share(path))

        def setup() -> tuple[tuple, dict]:
            evict(path)
            return (path,), {}

        result = run(benchmark, function, setup=setup, rounds=COLD_ROUNDS, bytes=array.nbytes)
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
    skip_without_hdf5plugin(technique)
    with tempfile.TemporaryDirectory(prefix="m10-load-") as folder:
        expected = load_array.load_npy(save_array.save_npy(array, Path(folder)))
        back = getattr(load_array, technique)(matching_save(technique)(array, Path(folder)))
        assert back.dtype == expected.dtype and back.shape == expected.shape
        assert back.tobytes() == expected.tobytes()
