"""Benchmarks and equivalence tests for lessons/m10_storage/lossy.py."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import array_shapes, arrays

from lessons.m10_storage import _arrays, filters, lossy
from lessons.m10_storage.conftest import skip_unless_room
from lessons.m10_storage.test_filters import assert_within_bound
from lessons.m10_storage.test_save_array import ROWS
from optbook.lesson import run, technique_names

LOSSY = "store_truncated_precision"


def stored_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.glob("*.b2nd"))


@pytest.mark.parametrize("rows", [ROWS])
@pytest.mark.parametrize("technique", technique_names(lossy))
def test_lossy(benchmark, technique: str, rows: int, outputs: Path) -> None:
    """Time writing the smooth field to a Blosc2 file and reading it back (into an empty folder
    every round); save the file's size, the ratio and, for the lossy store, the largest error."""
    array = _arrays.smooth_field(rows, 1024)
    skip_unless_room(outputs, disk_bytes=2 * array.nbytes, memory_bytes=3 * array.nbytes)
    folder = outputs / f"{technique}-{rows}"

    def empty_folder() -> tuple[tuple, dict]:
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        return (array, folder), {}

    back = run(benchmark, getattr(lossy, technique), setup=empty_folder, rounds=5, bytes=array.nbytes)
    size = stored_bytes(folder)
    benchmark.extra_info.update(file_bytes=size, ratio=round(array.nbytes / size, 3))
    if technique == LOSSY:
        assert_within_bound(back, array)
        relative = np.abs(back.astype(np.float64) - array) / np.abs(array.astype(np.float64))
        benchmark.extra_info["max_relative_error"] = float(relative.max())
        benchmark.extra_info["error_bound"] = 2.0 ** -filters._KEEP_BITS[array.dtype.itemsize]
        with tempfile.TemporaryDirectory(prefix="m10-lossless-") as other:
            lossy.store_lossless(array, Path(other))
            # what the lost bits buy: a smaller file than the best lossless filters give
            assert size < stored_bytes(Path(other))
    else:
        assert np.array_equal(back, array)


@pytest.mark.parametrize("technique", technique_names(lossy))
@settings(deadline=None, max_examples=20)  # files on disk
@given(
    array=st.sampled_from([np.float32, np.float64]).flatmap(
        lambda t: arrays(t, array_shapes(min_dims=1, max_dims=2, min_side=0, max_side=20))
    )
)
def test_lossy_agrees(technique: str, array: np.ndarray) -> None:
    """The lossless store gives back every bit (NaN, infinities, -0.0, empty arrays); the lossy one
    gives every value within its bound, NaN and infinities unchanged, the shape and dtype kept."""
    with tempfile.TemporaryDirectory(prefix="m10-lossy-") as folder:
        back = getattr(lossy, technique)(array, Path(folder))
        assert back.dtype == array.dtype and back.shape == array.shape
        if technique == LOSSY:
            assert_within_bound(back, array)
        else:
            assert back.tobytes() == array.tobytes()


def test_precision_truncation_refuses_integers(tmp_path: Path) -> None:
    """Truncating mantissa bits means nothing for integers: the lossy store says so by name."""
    with pytest.raises(TypeError, match="works on floats, not int64"):
        lossy.store_truncated_precision(np.arange(10, dtype=np.int64), tmp_path)
