"""The lesson's arrays, made once per test run; a check of free disk and memory before large ones."""

from __future__ import annotations

import functools
import shutil
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from lessons.m10_storage import _arrays


@functools.cache
def array_of(kind: str, n: int) -> np.ndarray:
    """The array of one kind with ``n`` values, made once per test run (outside the timed calls)."""
    array = _arrays.make_array(kind, n)
    array.setflags(write=False)  # shared by many tests: none may change it
    return array


def skip_unless_room(folder: Path, disk_bytes: float, memory_bytes: float) -> None:
    """Skip (with the reason) where the disk or the memory is too small for this scale."""
    reason = _arrays.room_for(disk_bytes, memory_bytes, folder)
    if reason:
        pytest.skip(f"not enough room for this scale: {reason}")


# the techniques that write or read HDF5 files with the Blosc filter
NEEDS_HDF5PLUGIN = {"save_hdf5_blosc_zstd", "load_hdf5_blosc_zstd", "write_blocks_hdf5"}


def hdf5plugin_missing(technique: str) -> str | None:
    """Why a technique that needs hdf5plugin (the HDF5 Blosc filter) cannot run, or None."""
    if technique not in NEEDS_HDF5PLUGIN:
        return None
    try:
        import hdf5plugin  # noqa: F401
    except ImportError:
        return "hdf5plugin is not installed (it gives HDF5 the Blosc and zstd filters): pip install hdf5plugin"
    return None


def skip_without_hdf5plugin(technique: str) -> None:
    reason = hdf5plugin_missing(technique)
    if reason:
        pytest.skip(reason)


@pytest.fixture(scope="module")
def outputs(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Where one test module's writers write: it lasts until every benchmark of the module has
    been timed (the timed rounds may run after a test's body), then goes (pytest would keep
    it for three runs, and the lesson writes arrays of tens of MiB)."""
    folder = tmp_path_factory.mktemp(f"m10_{request.module.__name__.rsplit('.', 1)[-1]}_out")
    yield folder
    shutil.rmtree(folder, ignore_errors=True)
