"""Benchmarks and equivalence tests for lessons/m06_data_access/projection.py."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import example, given, settings

from lessons.m06_data_access import _data, projection
from lessons.m06_data_access._sizes import ROWS
from lessons.m06_data_access._testing import EMPTY_TABLE, ONE_ROW_TABLE, assert_summary, column_names, tables
from lessons.m06_data_access.conftest import TableFiles
from optbook.lesson import run, technique_names


@pytest.mark.parametrize("rows", [ROWS])
@pytest.mark.parametrize("technique", technique_names(projection))
def test_projection(benchmark, technique: str, rows: int, table_files: TableFiles) -> None:
    """Time reading two of the six columns, from CSV or from Parquet (warm page cache)."""
    path = table_files.path_for(technique)
    size = path.stat().st_size
    benchmark.extra_info.update(file_bytes=size, cache="warm")
    result = run(benchmark, getattr(projection, technique), path, bytes=size, items=rows)
    assert column_names(result) == ["station", "temperature"]
    assert_summary(result, table_files.table)


@pytest.mark.parametrize("technique", technique_names(projection))
@settings(deadline=None, max_examples=10)  # files on disk and several libraries: keep it quick
@example(table=EMPTY_TABLE)
@example(table=ONE_ROW_TABLE)
@given(table=tables())
def test_projection_agrees(technique: str, table) -> None:
    """Every technique gives exactly the two columns of the whole table, in order."""
    with tempfile.TemporaryDirectory(prefix="m06-projection-") as folder:
        csv = _data.write_csv(table, Path(folder) / "table.csv")
        parquet = _data.write_parquet(table, Path(folder) / "table.parquet", row_groups=3)
        expected = projection.read_csv_then_select(csv)
        _data.assert_same_table(expected, table.select(["station", "temperature"]))
        result = getattr(projection, technique)(csv if "csv" in technique else parquet)
        _data.assert_same_table(result, expected)


def test_arrow_keeps_the_station_names_as_a_dictionary(tmp_path: Path) -> None:
    """read_parquet_columns_pyarrow keeps the station names as they are stored: a dictionary of
    the few names and one small code a row, not one string a row."""
    import pyarrow as pa

    table = _data.make_table(100)
    result = projection.read_parquet_columns_pyarrow(_data.write_parquet(table, tmp_path / "table.parquet"))
    assert pa.types.is_dictionary(result.schema.field("station").type)
    assert result["station"].to_pylist() == table["station"].to_pylist()
