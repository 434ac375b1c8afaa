"""Benchmarks and equivalence tests for lessons/m06_data_access/page_cache.py."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import example, given, settings

from lessons.m06_data_access import _data, page_cache
from lessons.m06_data_access._sizes import ROWS
from lessons.m06_data_access._testing import (
    EMPTY_TABLE,
    ONE_ROW_TABLE,
    assert_summary,
    evict_or_skip,
    resident_fraction,
    tables,
)
from lessons.m06_data_access.conftest import TableFiles
from optbook.lesson import by_scale, run, technique_names

COLD_ROUNDS = by_scale(tiny=2, small=5, medium=5, large=3)


def check_summary(result, table) -> None:
    """A table read back has the table's rows and sums; raw bytes are the CSV file's bytes."""
    if isinstance(result, bytes):
        assert result.count(b"\n") == table.num_rows + 1  # the header and one line a row
    else:
        assert_summary(result, table)


@pytest.mark.parametrize("cache", ["warm", "cold"])
@pytest.mark.parametrize("rows", [ROWS])
@pytest.mark.parametrize("technique", technique_names(page_cache))
def test_page_cache(benchmark, technique: str, rows: int, cache: str, table_files: TableFiles) -> None:
    """Time one read with the file in the page cache (warm) or evicted from it before every
    round (cold); save what share of the file was cached when a cold round started."""
    path = table_files.path_for(technique)
    size = path.stat().st_size
    benchmark.extra_info.update(file_bytes=size, cache=cache)
    function = getattr(page_cache, technique)
    if cache == "warm":
        path.read_bytes()  # bring the whole file into the page cache
        result = run(benchmark, function, path, bytes=size, items=rows)
    else:
        evict_or_skip(benchmark, lambda: _data.evict_from_page_cache(path), lambda: resident_fraction(path))

        def evict() -> tuple[tuple, dict]:
            _data.evict_from_page_cache(path)
            return (path,), {}

        result = run(benchmark, function, setup=evict, rounds=COLD_ROUNDS, bytes=size, items=rows)
    check_summary(result, table_files.table)


@pytest.mark.parametrize("technique", technique_names(page_cache))
@settings(deadline=None, max_examples=8)  # files on disk: keep it quick
@example(table=EMPTY_TABLE)
@example(table=ONE_ROW_TABLE)
@given(table=tables())
def test_page_cache_agrees(technique: str, table) -> None:
    """Every reader gives the table that was written (warm or cold is the same code: the values
    cannot differ; this checks the readers), and read_file_bytes gives the file's bytes."""
    with tempfile.TemporaryDirectory(prefix="m06-cache-") as folder:
        csv = _data.write_csv(table, Path(folder) / "table.csv")
        parquet = _data.write_parquet(table, Path(folder) / "table.parquet")
        expected = page_cache.read_csv_pandas(csv)
        _data.evict_from_page_cache(csv)
        _data.evict_from_page_cache(parquet)
        result = getattr(page_cache, technique)(parquet if "parquet" in technique else csv)
        if isinstance(result, bytes):
            assert result == csv.read_bytes()
        else:
            _data.assert_same_table(result, expected)
