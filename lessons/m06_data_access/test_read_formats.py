"""Benchmarks and equivalence tests for lessons/m06_data_access/read_formats.py."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import example, given, settings

from lessons.m06_data_access import _data, read_formats
from lessons.m06_data_access._sizes import ROWS
from lessons.m06_data_access._testing import (
    EMPTY_TABLE,
    ONE_ROW_TABLE,
    assert_summary,
    tables,
    whole_numbers_first,
)
from lessons.m06_data_access.conftest import TableFiles
from optbook.lesson import run, technique_names

WRITERS = {
    "csv": _data.write_csv,
    "parquet": _data.write_parquet,
    "feather": _data.write_feather,
    "hdf5": _data.write_hdf5,
}


def file_format(technique: str) -> str:
    """The format a reader reads, from its name: read_parquet_polars reads Parquet."""
    return technique.split("_")[1]


@pytest.mark.parametrize("rows", [ROWS])
@pytest.mark.parametrize("technique", technique_names(read_formats))
def test_read_formats(benchmark, technique: str, rows: int, table_files: TableFiles) -> None:
    """Time one read of the whole table (warm: the file is in the page cache); save the file's size."""
    path = table_files.path_for(technique)
    size = path.stat().st_size
    benchmark.extra_info.update(file_bytes=size, file_format=file_format(technique), cache="warm")
    result = run(benchmark, getattr(read_formats, technique), path, bytes=size, items=rows)
    assert_summary(result, table_files.table)


@pytest.mark.parametrize("technique", technique_names(read_formats))
@settings(deadline=None, max_examples=10)  # files on disk and several libraries: keep it quick
@example(table=EMPTY_TABLE)
@example(table=ONE_ROW_TABLE)
@given(table=tables())
def test_read_formats_agree(technique: str, table) -> None:
    """Every reader, the baseline included, gives back exactly the table that was written, value
    for value, in order (empty and one-row tables, missing readings, quoted names and extreme
    floats included)."""
    with tempfile.TemporaryDirectory(prefix="m06-read-") as folder:
        fmt = file_format(technique)
        path = WRITERS[fmt](table, Path(folder) / f"table.{fmt}")
        # the baseline gives back the table written (its own examples check that): compare with it
        _data.assert_same_table(getattr(read_formats, technique)(path), table)


@pytest.mark.parametrize("technique", [t for t in technique_names(read_formats) if file_format(t) == "csv"])
def test_csv_readers_keep_the_fractions_after_whole_numbers(technique: str, tmp_path: Path) -> None:
    """A CSV file whose first 30,000 temperatures and pressures are whole numbers, the next
    10,000 not: every reader gives back every value. (polars, asked to guess, stops at the first
    fraction; DuckDB, asked to guess, reads 4.47 as 4.)"""
    table = whole_numbers_first(40_000, 30_000)
    path = _data.write_csv(table, tmp_path / "table.csv")
    _data.assert_same_table(getattr(read_formats, technique)(path), table)


def test_told_types_are_the_types_read() -> None:
    """read_csv_pandas_dtypes keeps what it was told: the station names as categories and the
    counts as int32 (half the bytes of the int64 pandas would guess)."""
    with tempfile.TemporaryDirectory(prefix="m06-read-") as folder:
        path = _data.write_csv(_data.make_table(50), Path(folder) / "table.csv")
        frame = read_formats.read_csv_pandas_dtypes(path)
    assert isinstance(frame["station"].dtype, pd.CategoricalDtype)
    assert frame["count"].dtype == "int32"
    assert frame["id"].dtype == "int64"


def test_readers_left_to_guess_fail_on_whole_numbers_first(tmp_path: Path) -> None:
    """Why read_csv_polars and read_csv_duckdb are told the types: on the same file, polars left to
    guess from its first 100 rows stops at the first fraction, and DuckDB left to sniff a sample of
    20,480 rows reads the temperatures as integers, 4.47 as 4 (polars 2.1, DuckDB 2.0)."""
    import duckdb
    import numpy as np
    import polars as pl

    table = whole_numbers_first(40_000, 30_000)
    path = _data.write_csv(table, tmp_path / "table.csv")
    with pytest.raises(pl.exceptions.ComputeError):
        pl.read_csv(path)
    with duckdb.connect() as con:
        guessed = con.read_csv(str(path)).to_arrow_table()
    assert str(guessed.schema.field("temperature").type) == "int64"
    fractions = table["temperature"].to_numpy()[30_000:]
    assert np.array_equal(guessed["temperature"].to_numpy()[30_000:], np.round(fractions))
