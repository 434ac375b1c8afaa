"""Benchmarks and equivalence tests for lessons/m10_storage/window.py."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lessons.m10_storage import _arrays, window
from lessons.m10_storage.conftest import skip_unless_room
from optbook import measure
from optbook.lesson import by_scale, run, technique_names

# the stored array is SIDE x SIDE float32 (256 MiB at scale small), square chunks CHUNK on a side
SIDE = by_scale(tiny=512, small=8192, medium=16384, large=32768)
CHUNK = by_scale(tiny=64, small=256, medium=512, large=1024)
WIDTHS = by_scale(tiny=[16], small=[16, 256], medium=[16, 256], large=[16, 256])  # the window's side


def centred(side: int, width: int) -> tuple[slice, slice]:
    """A width x width window from the middle of the array, not aligned with the chunks."""
    first = side // 2 + 3
    return slice(first, first + width), slice(first, first + width)


@pytest.fixture(scope="module")
def stored(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, np.ndarray]]:
    """The array and the folder where it is stored both ways (written once)."""
    folder = tmp_path_factory.mktemp("m10_window")
    nbytes = SIDE * SIDE * 4
    skip_unless_room(folder, disk_bytes=2.5 * nbytes, memory_bytes=4 * nbytes)
    array = _arrays.smooth_field(SIDE, SIDE)
    window._write_array(array, folder, CHUNK)
    yield folder, array
    shutil.rmtree(folder, ignore_errors=True)  # pytest would keep it for three runs


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("technique", technique_names(window))
def test_window(benchmark, technique: str, width: int, stored) -> None:
    """Read one width x width window (warm page cache); bytes= counts the window's bytes."""
    folder, array = stored
    where = centred(SIDE, width)
    wanted = array[where]
    benchmark.extra_info.update(side=SIDE, chunk_edge=CHUNK, array_bytes=array.nbytes, cache="warm")
    result = run(benchmark, getattr(window, technique), folder, where, bytes=wanted.nbytes)
    assert result.dtype == np.float32 and np.array_equal(result, wanted)  # stored losslessly: exact


@st.composite
def arrays_and_windows(draw: st.DrawFn) -> tuple[np.ndarray, int, tuple[slice, slice]]:
    """A field of odd shape (1 x 1 up to 40 x 40), a chunk edge, and any window of it (empty,
    one value, across chunk edges, the whole array)."""
    rows, columns = draw(st.integers(1, 40)), draw(st.integers(1, 40))
    r0, c0 = draw(st.integers(0, rows)), draw(st.integers(0, columns))
    where = (slice(r0, draw(st.integers(r0, rows))), slice(c0, draw(st.integers(c0, columns))))
    return _arrays.smooth_field(rows, columns), draw(st.integers(1, 12)), where


@pytest.mark.parametrize("technique", technique_names(window))
@settings(deadline=None, max_examples=10)  # two stores written per example: keep it quick
@given(case=arrays_and_windows())
def test_window_agrees(technique: str, case) -> None:
    """Exactly the baseline's values, shape and dtype for any window (lossless storage)."""
    array, edge, where = case
    with tempfile.TemporaryDirectory(prefix="m10-window-") as folder:
        window._write_array(array, Path(folder), edge)
        expected = window.read_whole_then_slice(Path(folder), where)
        assert np.array_equal(expected, array[where])
        result = getattr(window, technique)(Path(folder), where)
        assert result.shape == expected.shape and result.dtype == expected.dtype
        assert np.array_equal(result, expected)


def test_partial_reads_hold_only_what_the_window_touches(tmp_path: Path) -> None:
    """Loading the whole file needs memory for the whole array, whatever the window; a memory map
    and Zarr's chunks need memory for the pages or chunks the window touches. Measured as the
    growth of memory at the peak of one call (optbook.measure.peak_memory), on a 36 MiB array."""
    side = 3072
    array = _arrays.smooth_field(side, side)
    window._write_array(array, tmp_path, 256)
    where = centred(side, 16)
    peaks = {}
    for technique in technique_names(window):
        read = getattr(window, technique)
        assert np.array_equal(read(tmp_path, where), array[where])  # imports and first-call set-up
        peaks[technique], _ = measure.peak_memory(lambda read=read: read(tmp_path, where))
    assert peaks["read_whole_then_slice"] >= 0.9 * array.nbytes, peaks
    for technique in technique_names(window)[1:]:
        assert peaks[technique] < array.nbytes / 4, f"{technique} held {peaks[technique]} bytes: {peaks}"
