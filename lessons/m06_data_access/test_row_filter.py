"""Benchmarks and equivalence tests for lessons/m06_data_access/row_filter.py."""

from __future__ import annotations

import tempfile
from datetime import datetime
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lessons.m06_data_access import _data, row_filter
from lessons.m06_data_access._sizes import ROWS
from lessons.m06_data_access._testing import assert_summary, tables
from lessons.m06_data_access.conftest import TableFiles
from optbook.lesson import run, technique_names

# the window: 5% of the table's time span, starting at 45% of it
WINDOW_START, WINDOW_SHARE = 0.45, 0.05


def as_datetime(value: np.datetime64) -> datetime:
    return value.astype("datetime64[s]").astype(datetime)


def window(rows: int) -> tuple[datetime, datetime]:
    """The start and end of the window over a table of ``rows`` readings a minute apart."""
    first = int(rows * WINDOW_START)
    return as_datetime(_data.START + first * _data.STEP), as_datetime(
        _data.START + (first + int(rows * WINDOW_SHARE)) * _data.STEP
    )


@pytest.mark.parametrize("rows", [ROWS])
@pytest.mark.parametrize("technique", technique_names(row_filter))
def test_row_filter(benchmark, technique: str, rows: int, table_files: TableFiles) -> None:
    """Time reading the rows of one time window (5% of the table) from Parquet (warm page cache)."""
    start, end = window(rows)
    path = table_files.parquet
    benchmark.extra_info.update(file_bytes=path.stat().st_size, cache="warm", rows_selected_share=WINDOW_SHARE)
    first, selected = int(rows * WINDOW_START), int(rows * WINDOW_SHARE)
    # items: the rows in the window, the rows the reader gives back (not the whole table)
    result = run(benchmark, getattr(row_filter, technique), path, start, end, items=selected)
    assert_summary(result, table_files.table.slice(first, selected))


@pytest.mark.parametrize("technique", technique_names(row_filter))
@settings(deadline=None, max_examples=10)  # files on disk and several libraries: keep it quick
@given(table=tables(), bounds=st.tuples(st.integers(0, 4_000_000_000), st.integers(0, 4_000_000_000)))
def test_row_filter_agrees(technique: str, table, bounds: tuple[int, int]) -> None:
    """Every technique returns exactly the rows in the window, in file order (an empty window,
    an unsorted file and row groups of a few rows included)."""
    start, end = (as_datetime(np.datetime64(b, "s")) for b in sorted(bounds))
    with tempfile.TemporaryDirectory(prefix="m06-filter-") as folder:
        path = _data.write_parquet(table, Path(folder) / "table.parquet", row_groups=3)
        expected = row_filter.read_all_then_filter(path, start, end)
        _data.assert_same_table(getattr(row_filter, technique)(path, start, end), expected)
