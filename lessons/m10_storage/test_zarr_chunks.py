"""Benchmarks and equivalence tests for lessons/m10_storage/zarr_chunks.py."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lessons.m10_storage import _arrays, zarr_chunks
from lessons.m10_storage.conftest import skip_unless_room
from optbook.lesson import by_scale, run, technique_names

# the stored array is SIDE x SIDE float32 (64 MiB at scale small), square chunks CHUNK on a side
SIDE = by_scale(tiny=256, small=4096, medium=16384, large=32768)
CHUNK = by_scale(tiny=32, small=512, medium=1024, large=2048)
WIDTH = by_scale(tiny=4, small=16, medium=16, large=16)  # rows or columns read
PATTERNS = ("rows", "columns", "block")


def selection(pattern: str, side: int, width: int) -> tuple[slice, slice]:
    """``width`` whole rows or columns from the middle, or a block of 8 x ``width`` on a side that
    lies inside one square chunk but across several chunks of whole rows or whole columns."""
    middle = side // 2
    if pattern == "rows":
        return slice(middle, middle + width), slice(None)
    if pattern == "columns":
        return slice(None), slice(middle, middle + width)
    first = middle + CHUNK // 10
    return slice(first, first + 8 * width), slice(first, first + 8 * width)


@pytest.fixture(scope="module")
def stored(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, np.ndarray]]:
    """The array and the folder where it is stored in the five layouts (written once)."""
    folder = tmp_path_factory.mktemp("m10_zarr")
    nbytes = SIDE * SIDE * 4
    skip_unless_room(folder, disk_bytes=3 * nbytes, memory_bytes=4 * nbytes)
    array = _arrays.smooth_field(SIDE, SIDE)
    zarr_chunks._write_layouts(array, folder, CHUNK)
    yield folder, array
    shutil.rmtree(folder, ignore_errors=True)  # pytest would keep it for three runs


@pytest.mark.parametrize("side", [SIDE])
@pytest.mark.parametrize("pattern", PATTERNS)
@pytest.mark.parametrize("technique", technique_names(zarr_chunks))
def test_zarr_chunks(benchmark, technique: str, pattern: str, side: int, stored) -> None:
    """Time reading one selection (warm page cache); save the chunk shape and how much was asked for."""
    folder, array = stored
    where = selection(pattern, side, WIDTH)
    wanted = array[where]
    benchmark.extra_info.update(chunk_edge=CHUNK, selected_bytes=wanted.nbytes, array_bytes=array.nbytes, cache="warm")
    result = run(benchmark, getattr(zarr_chunks, technique), folder, where, bytes=wanted.nbytes)
    assert np.array_equal(result, wanted)


@st.composite
def arrays_and_selections(draw: st.DrawFn) -> tuple[np.ndarray, int, tuple[slice, slice]]:
    """A smooth field of odd shape (1 x 1 up to 40 x 40), a chunk edge, and any slice of it
    (empty ones included)."""
    rows, columns = draw(st.integers(1, 40)), draw(st.integers(1, 40))
    array = _arrays.smooth_field(rows, columns)
    r0 = draw(st.integers(0, rows))
    c0 = draw(st.integers(0, columns))
    where = (slice(r0, draw(st.integers(r0, rows))), slice(c0, draw(st.integers(c0, columns))))
    return array, draw(st.integers(1, 12)), where


@pytest.mark.parametrize("technique", technique_names(zarr_chunks))
@settings(deadline=None, max_examples=8)  # four stores written an example: keep it quick
@given(case=arrays_and_selections())
def test_zarr_chunks_agree(technique: str, case) -> None:
    """Every layout gives exactly the baseline's values for any selection: chunks that do not
    divide the array, selections across chunk edges, empty selections."""
    array, edge, where = case
    with tempfile.TemporaryDirectory(prefix="m10-zarr-") as folder:
        zarr_chunks._write_layouts(array, Path(folder), edge)
        expected = zarr_chunks.read_npy_whole_then_slice(Path(folder), where)
        assert np.array_equal(expected, array[where])
        result = getattr(zarr_chunks, technique)(Path(folder), where)
        assert result.shape == expected.shape and np.array_equal(result, expected)
