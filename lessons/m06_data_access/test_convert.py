"""Benchmarks and equivalence tests for lessons/m06_data_access/convert.py."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import example, given, settings

from lessons.m06_data_access import _data, convert, read_formats
from lessons.m06_data_access._sizes import ROWS
from lessons.m06_data_access._testing import (
    EMPTY_TABLE,
    ONE_ROW_TABLE,
    assert_summary,
    fresh_folder,
    tables,
    whole_numbers_first,
)
from optbook.lesson import run, technique_names


def read_back(path: Path):
    """The table in a file a conversion wrote, read by the plain reader of its format."""
    if path.suffix == ".h5":
        return read_formats.read_hdf5_h5py(path)
    if path.suffix == ".feather":
        return read_formats.read_feather_pyarrow(path)
    return read_formats.read_parquet_pyarrow(path)


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Where the conversions write, one folder per technique; it lasts until every benchmark
    of this module has been timed (the timed rounds may run after the test's body), then goes."""
    folder = tmp_path_factory.mktemp("m06_convert_out")
    yield folder
    shutil.rmtree(folder, ignore_errors=True)  # pytest would keep it for three runs


@pytest.mark.parametrize("rows", [ROWS])
@pytest.mark.parametrize("technique", technique_names(convert))
def test_convert(benchmark, technique: str, rows: int, table_files, outputs: Path) -> None:
    """Time one conversion of the CSV file into an empty folder; save the size of what it wrote."""
    source = table_files.csv
    csv_bytes = source.stat().st_size
    setup = fresh_folder(outputs / f"{technique}-{rows}", source)
    written = run(benchmark, getattr(convert, technique), setup=setup, bytes=csv_bytes, items=rows)
    size = _data.file_size(written)
    benchmark.extra_info.update(file_bytes=size, csv_bytes=csv_bytes, size_vs_csv=round(size / csv_bytes, 4))
    assert_summary(read_back(written), table_files.table)


@pytest.mark.parametrize("technique", technique_names(convert))
@settings(deadline=None, max_examples=8)  # files on disk and three libraries: keep it quick
@example(table=EMPTY_TABLE)
@example(table=ONE_ROW_TABLE)
@given(table=tables())
def test_convert_round_trips(technique: str, table) -> None:
    """Every conversion, the baseline included, writes exactly the table it read: every value,
    in order, for any table (empty, one row, missing readings, quoted names, extreme floats).
    (Compared with the generated table, which is what the baseline writes: one conversion an
    example instead of two.)"""
    with tempfile.TemporaryDirectory(prefix="m06-convert-") as folder:
        source = _data.write_csv(table, Path(folder) / "table.csv")
        _data.assert_same_table(read_back(getattr(convert, technique)(source, Path(folder))), table)


@pytest.mark.parametrize("technique", technique_names(convert))
def test_conversions_keep_the_fractions_after_whole_numbers(technique: str, tmp_path: Path) -> None:
    """A CSV file whose first 30,000 temperatures and pressures are whole numbers, the next
    10,000 not: every conversion writes every value. (A streaming reader left to guess the
    types takes them from its first block of about 1 MiB, and stops at the first fraction.)"""
    table = whole_numbers_first(40_000, 30_000)
    source = _data.write_csv(table, tmp_path / "table.csv")
    _data.assert_same_table(read_back(getattr(convert, technique)(source, tmp_path)), table)


@pytest.mark.parametrize("technique", [t for t in technique_names(convert) if "parquet" in t])
def test_parquet_files_hold_the_csv_columns_and_no_index(technique: str, tmp_path: Path) -> None:
    """Each Parquet file holds the CSV's six columns and nothing else (no index column, as pandas
    may add: ``__index_level_0__``, which other readers such as polars and DuckDB see as data),
    and every column is compressed (snappy, or zstd for polars)."""
    import pyarrow.parquet as pq

    source = _data.write_csv(_data.make_table(200), tmp_path / "table.csv")
    metadata = pq.ParquetFile(getattr(convert, technique)(source, tmp_path)).metadata
    assert metadata.schema.names == ["id", "timestamp", "station", "temperature", "pressure", "count"]
    first = metadata.row_group(0)
    codecs = {first.column(i).compression for i in range(first.num_columns)}
    assert "UNCOMPRESSED" not in codecs and len(codecs) == 1, codecs
