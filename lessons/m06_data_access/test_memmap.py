"""Benchmarks and equivalence tests for lessons/m06_data_access/memmap.py."""

from __future__ import annotations

import shutil
import tempfile
import warnings
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from lessons.m06_data_access import _data, memmap
from lessons.m06_data_access._testing import evict_or_skip, resident_fraction
from lessons.m06_data_access.conftest import skip_unless_room
from lessons.m06_data_access.test_page_cache import COLD_ROUNDS
from optbook import measure
from optbook.lesson import by_scale, run, technique_names

# rows of the float64 table (8 columns, 64 bytes a row): 256 MiB at scale small
MEMMAP_ROWS = by_scale(tiny=20_000, small=4_000_000, medium=16_000_000, large=64_000_000)
COLUMNS = 8
SLICE_SHARE = 0.01  # the rows asked for: 1% of the table, from its middle


def write_npy_and_arrow(values: np.ndarray, folder: Path) -> dict[str, Path]:
    """The same 2-D float64 table as an .npy file (row-major) and an uncompressed Arrow IPC file (columns)."""
    npy = folder / "table.npy"
    np.save(npy, values)
    arrow = folder / "table.arrow"
    table = pa.table({f"c{i}": values[:, i] for i in range(values.shape[1])})
    with pa.OSFile(str(arrow), "wb") as sink, pa.ipc.new_file(sink, table.schema) as writer:
        writer.write_table(table)
    return {"np": npy, "arrow": arrow}


@pytest.fixture(scope="module")
def memmap_files(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[dict[str, Path], np.ndarray, int, int]]:
    """The files, the expected column means and the slice [start, stop)."""
    folder = tmp_path_factory.mktemp("m06_memmap")
    nbytes = MEMMAP_ROWS * COLUMNS * 8
    skip_unless_room(folder, disk_bytes=2 * nbytes, memory_bytes=3 * nbytes)
    values = np.random.default_rng(6).normal(size=(MEMMAP_ROWS, COLUMNS))
    files = write_npy_and_arrow(values, folder)
    start = MEMMAP_ROWS // 2
    stop = start + int(MEMMAP_ROWS * SLICE_SHARE)
    expected = values[start:stop].mean(axis=0)
    del values
    yield files, expected, start, stop
    shutil.rmtree(folder, ignore_errors=True)  # pytest would keep it for three runs


@pytest.mark.parametrize("cache", ["warm", "cold"])
@pytest.mark.parametrize("rows", [MEMMAP_ROWS])
@pytest.mark.parametrize("technique", technique_names(memmap))
def test_memmap(benchmark, technique: str, rows: int, cache: str, memmap_files) -> None:
    """Time the column means of 1% of the rows with the file in the page cache (warm) or dropped
    from it before every round (cold, as in test_page_cache.py); the harness saves the peak memory."""
    files, expected, start, stop = memmap_files
    path = files[technique.split("_")[2]]  # mean_rows_np_... or mean_rows_arrow_...
    size = path.stat().st_size
    benchmark.extra_info.update(file_bytes=size, slice_bytes=(stop - start) * COLUMNS * 8, cache=cache)
    function = getattr(memmap, technique)
    if cache == "warm":
        path.read_bytes()  # bring the whole file into the page cache
        result = run(benchmark, function, path, start, stop, items=stop - start)
    else:
        evict_or_skip(benchmark, lambda: _data.evict_from_page_cache(path), lambda: resident_fraction(path))

        def evict() -> tuple[tuple, dict]:
            _data.evict_from_page_cache(path)
            return (path, start, stop), {}

        result = run(benchmark, function, setup=evict, rounds=COLD_ROUNDS, items=stop - start)
    # the same numbers added in another order (strided rows or contiguous columns): 1e-12 relative
    np.testing.assert_allclose(np.asarray(result), expected, rtol=1e-12, atol=1e-12)


@st.composite
def tables_and_slices(draw: st.DrawFn) -> tuple[np.ndarray, int, int]:
    """A float64 table of 1 to 40 rows and 1 to 5 columns, and a slice of it (empty slices included)."""
    shape = (draw(st.integers(1, 40)), draw(st.integers(1, 5)))
    values = draw(arrays(np.float64, shape, elements=st.floats(-1e6, 1e6)))
    start = draw(st.integers(0, shape[0]))
    return values, start, draw(st.integers(start, shape[0]))


@pytest.mark.parametrize("technique", technique_names(memmap))
@settings(deadline=None, max_examples=20)  # files on disk
@given(case=tables_and_slices())
def test_memmap_agrees(technique: str, case) -> None:
    """Every technique gives the column means of the slice. The same values are added in
    different orders (NumPy's pairwise sums over strided rows or contiguous columns), so the
    means agree to about 1e-16 times the number of rows of the largest value: 1e-12 relative
    and 1e-9 absolute (values up to 1e6) cover it. An empty slice gives NaN in every column."""
    values, start, stop = case
    with tempfile.TemporaryDirectory(prefix="m06-memmap-") as folder, warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # the mean of an empty slice
        files = write_npy_and_arrow(values, Path(folder))
        expected = memmap.mean_rows_np_load(files["np"], start, stop)
        result = getattr(memmap, technique)(files[technique.split("_")[2]], start, stop)
        np.testing.assert_allclose(np.asarray(result), expected, rtol=1e-12, atol=1e-9)


def save_npy(values: np.ndarray, path: Path, version: tuple[int, int] | None = None) -> Path:
    """An .npy file, in the header version asked for (NumPy writes 1.0 unless the header is
    too long for it), made read-only as shared data files often are."""
    with open(path, "wb") as file:
        np.lib.format.write_array(file, values, version=version)
    path.chmod(0o444)
    return path


@pytest.mark.parametrize("version", [None, (2, 0)])
def test_memmap_window_reads_any_row_major_npy(version, tmp_path: Path) -> None:
    """The window is read with the file's own dtype (float32 here), whatever the header's
    version, from a read-only file; an empty window gives NaN in every column, in that dtype."""
    values = np.arange(60, dtype=np.float32).reshape(12, 5) / 7
    path = save_npy(values, tmp_path / "table.npy", version)
    result = memmap.mean_rows_np_memmap_window(path, 3, 9)
    assert result.dtype == np.float32
    np.testing.assert_allclose(result, values[3:9].mean(axis=0), rtol=1e-6)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # the mean of an empty slice
        empty = memmap.mean_rows_np_memmap_window(path, 4, 4)
    assert empty.shape == (5,) and empty.dtype == np.float32 and np.isnan(empty).all()


@pytest.mark.parametrize("values", [np.asfortranarray(np.ones((6, 4))), np.ones(6)], ids=["fortran", "1-D"])
def test_memmap_window_refuses_what_has_no_rows_in_a_row(values: np.ndarray, tmp_path: Path) -> None:
    """A window of rows is one stretch of the file only for a 2-D array stored row after row:
    a Fortran-ordered or a 1-D array gets a clear error, not wrong numbers."""
    path = save_npy(values, tmp_path / "table.npy")
    with pytest.raises(ValueError, match=r"^a window of rows needs a 2-D array stored row after row \(C order\)$"):
        memmap.mean_rows_np_memmap_window(path, 1, 3)


def test_memory_maps_hold_only_the_rows_they_read(tmp_path: Path) -> None:
    """Loading the .npy file needs memory for all of it; the memory maps need memory for the
    pages of the rows read. Measured as the growth of memory at the peak of one call
    (optbook.measure.peak_memory), reading 16 rows of a 32 MiB table."""
    values = np.random.default_rng(0).random((65536, 64))
    path = save_npy(values, tmp_path / "table.npy")
    peaks = {}
    for technique in ("mean_rows_np_load", "mean_rows_np_memmap", "mean_rows_np_memmap_window"):
        read = getattr(memmap, technique)
        np.testing.assert_allclose(read(path, 100, 116), values[100:116].mean(axis=0))  # first-call set-up
        peaks[technique], _ = measure.peak_memory(lambda read=read: read(path, 100, 116))
    assert peaks["mean_rows_np_load"] >= 0.9 * values.nbytes, peaks
    for technique in ("mean_rows_np_memmap", "mean_rows_np_memmap_window"):
        assert peaks[technique] < values.nbytes / 8, f"{technique} held {peaks[technique]} bytes: {peaks}"
