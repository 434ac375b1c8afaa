"""Benchmarks and equivalence tests for lessons/m06_data_access/parallel.py."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pyarrow as pa
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from lessons.m06_data_access import _data, parallel
from lessons.m06_data_access._sizes import PARTS, ROWS
from lessons.m06_data_access._testing import ONE_ROW_TABLE, assert_summary, tables, whole_numbers_first
from lessons.m06_data_access.conftest import TableFiles
from optbook.lesson import by_scale, run, technique_names

# threads or processes given to the parallel readers; fixed numbers, so that runs on
# different machines compare case by case. From one worker up: how each reader scales.
WORKERS = by_scale(tiny=[2], small=[1, 2], medium=[1, 2, 4, 8], large=[4, 16, 32])


def technique_params() -> list:
    """The technique names, Modin marked to skip (saying what to install) where it cannot be
    imported beside this pandas."""
    reason = parallel._modin_missing_reason()
    return [
        pytest.param(name, marks=pytest.mark.skipif(reason is not None and name == "read_modin", reason=reason or ""))
        for name in technique_names(parallel)
    ]


@pytest.mark.parametrize("workers", WORKERS)
@pytest.mark.parametrize("rows", [ROWS])
@pytest.mark.parametrize("technique", technique_params())
def test_parallel(benchmark, technique: str, rows: int, workers: int, table_files: TableFiles) -> None:
    """Time reading the dataset of PARTS CSV files with ``workers`` workers (warm page cache)."""
    paths = table_files.parts
    size = sum(p.stat().st_size for p in paths)
    benchmark.extra_info.update(files=PARTS, file_bytes=size, cache="warm")
    if technique == "scan_csv_polars":
        import polars as pl

        if workers != pl.thread_pool_size():
            pytest.skip(
                f"polars fixed its thread pool at {pl.thread_pool_size()} threads when it started: "
                f"run with POLARS_MAX_THREADS={workers} to time it with {workers} worker" + "s" * (workers != 1)
            )
        benchmark.extra_info["polars_threads"] = pl.thread_pool_size()
    result = run(benchmark, getattr(parallel, technique), paths, workers, bytes=size, items=rows)
    assert_summary(result, table_files.table)


def usable_workers(technique: str, wanted: int) -> int:
    """``wanted``, but for polars the one thread count it can run with (fixed when polars starts)."""
    if technique == "scan_csv_polars":
        import polars as pl

        return pl.thread_pool_size()
    return wanted


@pytest.mark.parametrize("technique", technique_params())
@settings(deadline=None, max_examples=6)  # files, threads and processes: keep it quick
@example(table=ONE_ROW_TABLE, parts=2, workers=3)
@given(table=tables(max_rows=10).filter(lambda t: t.num_rows > 0), parts=st.integers(1, 4), workers=st.integers(1, 3))
def test_parallel_agrees(technique: str, table, parts: int, workers: int) -> None:
    """Every technique gives all rows of all files, in file order, whatever the number of files
    and workers (one file, more workers than files, files of one row); polars with the one
    thread count it has, and a ValueError for any other."""
    workers = usable_workers(technique, workers)
    with tempfile.TemporaryDirectory(prefix="m06-parallel-") as folder:
        paths = _data.split_csv(table, Path(folder), parts)
        expected = parallel.read_one_after_another(paths, workers)
        _data.assert_same_table(expected, table)
        _data.assert_same_table(getattr(parallel, technique)(paths, workers), expected)


def test_polars_refuses_a_worker_count_it_cannot_use(table_files: TableFiles) -> None:
    """scan_csv_polars does not silently read with another number of threads than asked."""
    import polars as pl

    with pytest.raises(ValueError, match="POLARS_MAX_THREADS"):
        parallel.scan_csv_polars(table_files.parts, pl.thread_pool_size() + 1)


@pytest.mark.parametrize("technique", technique_params())
def test_parallel_keeps_the_fractions_after_whole_numbers(technique: str, tmp_path: Path) -> None:
    """A first file of whole-number temperatures and pressures, a second whose first 500 are
    whole numbers too and the next 500 not: every technique gives every value. (Left to guess
    the types, an Arrow dataset takes them from the first file and polars from a file's first
    100 rows: each reads these columns as integers, and stops at the first fraction.)"""
    workers = usable_workers(technique, 2)
    whole, fractions = whole_numbers_first(1_000, 1_000), whole_numbers_first(1_000, 500, seed=1)
    paths = [_data.write_csv(whole, tmp_path / "0.csv"), _data.write_csv(fractions, tmp_path / "1.csv")]
    expected = pa.concat_tables([whole, fractions])
    _data.assert_same_table(getattr(parallel, technique)(paths, workers), expected)
