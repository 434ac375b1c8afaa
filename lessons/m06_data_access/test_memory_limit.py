"""Larger than memory for real: m06's readers run in a child process that may not grow by as much
memory as the file holds (lessons/m06_data_access/_memory_limit.py sets RLIMIT_AS in the child).

No benchmark here: a reader either fits or fails, and that is what the tests assert, reader by reader.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import numpy as np
import pytest

from lessons.m06_data_access import _data, chunked, memmap
from lessons.m06_data_access._memory_limit import run_limited
from lessons.m06_data_access.conftest import skip_unless_room
from lessons.m06_data_access.test_memmap import COLUMNS, write_npy_and_arrow
from optbook.lesson import by_scale, technique_names

# The files are at least 64 MiB at every scale: a reader's own start-up takes memory whatever the
# file (pandas' CSV parser about 20 MiB), and half the file must leave room for it.
FILE_MIB = by_scale(tiny=64, small=256, medium=1024, large=4096)
BUDGET_SHARE = 0.5  # the child may grow by half the file's size, no more

# What happens under the limit. "ok": the reader gives the right answer. "fails": it raises a memory
# error or dies. The whole-file memory maps fail too: RLIMIT_AS counts the address space a map
# reserves, the whole file, even though only the slice's pages would ever be read.
MEMMAP_OUTCOME = {
    "mean_rows_np_load": "fails",
    "mean_rows_np_memmap": "fails",
    "mean_rows_np_memmap_window": "ok",
    "mean_rows_arrow_read_all": "fails",
    "mean_rows_arrow_memory_mapped": "fails",
}
CHUNKED_OUTCOME = {
    "mean_by_station_whole_pandas": "fails",
    "mean_by_station_pandas_chunks": "ok",
    "mean_by_station_pyarrow_batches": "ok",
    "mean_by_station_polars_whole": "fails",
    "mean_by_station_polars_streaming": "fails",  # see MAY_FIT_LATER
    "mean_by_station_duckdb": "fails",
}
# polars' streaming engine and DuckDB read the CSV file in blocks of 32 MiB (of the whole file where
# it is smaller): their failed allocations name that size. A larger file, with a larger limit, may
# let them through. They failed at 64 and 256 MiB (limits of
# 32 and 128 MiB; polars' streaming engine still at 90% of a 64 MiB file); beyond, either outcome is
# accepted, and a success must give the right answer.
MAY_FIT_LATER = {"mean_by_station_polars_streaming", "mean_by_station_duckdb"}


def test_every_technique_has_an_outcome() -> None:
    assert set(MEMMAP_OUTCOME) == set(technique_names(memmap))
    assert set(CHUNKED_OUTCOME) == set(technique_names(chunked))


def assert_out_of_memory(technique: str, outcome: str, message: object, budget: int) -> None:
    """The reader failed, and for want of memory (not for a wrong path or a bug): every library says
    so in its own words (MemoryError, ENOMEM "Cannot allocate memory", "out of memory", "memory
    allocation of N bytes failed")."""
    assert outcome != "ok", f"{technique} fitted in {budget} bytes more"
    text = str(message).lower()
    assert "memory" in text or "alloc" in text, (outcome, message)


@pytest.fixture(scope="module")
def big_files(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    """An .npy and Arrow table and a CSV file of about FILE_MIB each, and tiny ones for the warm-up."""
    folder = tmp_path_factory.mktemp("m06_limit")
    nbytes = FILE_MIB << 20
    skip_unless_room(folder, disk_bytes=4 * nbytes, memory_bytes=3 * nbytes)
    (folder / "small").mkdir()
    rows = nbytes // (COLUMNS * 8)
    values = np.random.default_rng(14).normal(size=(rows, COLUMNS))
    start, stop = rows // 2, rows // 2 + rows // 100
    files = {
        "big": write_npy_and_arrow(values, folder),
        "small": write_npy_and_arrow(values[:10], folder / "small"),
        "slice": (start, stop, values[start:stop].mean(axis=0)),
    }
    del values
    table = _data.make_table(nbytes // 80)  # about 80 bytes a CSV row
    files["csv"] = _data.write_csv(table, folder / "table.csv")
    files["small_csv"] = _data.write_csv(table.slice(0, 100), folder / "small" / "table.csv")
    files["means"] = chunked.mean_by_station_pyarrow_batches(files["csv"])
    del table
    yield files
    shutil.rmtree(folder, ignore_errors=True)


@pytest.mark.parametrize("technique", technique_names(memmap))
def test_memmap_under_memory_limit(technique: str, big_files: dict) -> None:
    """The column means of 1% of the rows, with less memory than the file: only a map of the window fits."""
    kind = technique.split("_")[2]
    path, small = big_files["big"][kind], big_files["small"][kind]
    start, stop, expected = big_files["slice"]
    budget = int(path.stat().st_size * BUDGET_SHARE)
    outcome, result = run_limited(memmap.__name__, technique, (small, 0, 5), (path, start, stop), budget)
    if MEMMAP_OUTCOME[technique] == "ok":
        assert outcome == "ok", result
        np.testing.assert_allclose(result, expected, rtol=1e-12, atol=1e-12)  # as in test_memmap
    else:
        assert_out_of_memory(technique, outcome, result, budget)


@pytest.mark.parametrize("technique", technique_names(chunked))
def test_chunked_under_memory_limit(technique: str, big_files: dict) -> None:
    """The mean temperature per station of a CSV file, with less memory than the file: the readers
    that keep one chunk at a time fit, the ones that load the whole file fail."""
    path = big_files["csv"]
    budget = int(path.stat().st_size * BUDGET_SHARE)
    outcome, result = run_limited(chunked.__name__, technique, (big_files["small_csv"],), (path,), budget)
    expected = CHUNKED_OUTCOME[technique]
    if technique in MAY_FIT_LATER and FILE_MIB > 256:
        expected = outcome if outcome == "ok" else "fails"
    if expected == "ok":
        assert outcome == "ok", result
        assert result.keys() == big_files["means"].keys()
        # sums of a million values in chunks of different sizes: the last bits differ
        np.testing.assert_allclose(
            [result[k] for k in sorted(result)], [big_files["means"][k] for k in sorted(result)], rtol=1e-9
        )
    else:
        assert_out_of_memory(technique, outcome, result, budget)
