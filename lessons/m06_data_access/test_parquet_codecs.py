"""Benchmarks and equivalence tests for lessons/m06_data_access/parquet_codecs.py."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from lessons.m06_data_access import _data, parquet_codecs
from lessons.m06_data_access._sizes import ROWS
from lessons.m06_data_access._testing import EMPTY_TABLE, ONE_ROW_TABLE, assert_summary, tables
from lessons.m06_data_access.conftest import TableFiles
from optbook.lesson import run, technique_names

ROW_GROUPS = [1, 100]  # the whole table in one row group, or cut into a hundred


def test_every_reader_has_a_codec() -> None:
    assert set(parquet_codecs.CODEC_OF) == set(technique_names(parquet_codecs))


@pytest.fixture(scope="module")
def codec_files(table_files: TableFiles, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    """The lesson's table written once per codec and row-group count: {(codec, row_groups): path}."""
    folder = tmp_path_factory.mktemp("m06_codecs")
    table = table_files.table
    files = {
        (codec, groups): parquet_codecs._write_parquet(
            table, folder / f"table-{codec}-{groups}.parquet", codec, -(-table.num_rows // groups)
        )
        for codec in ("none", "snappy", "zstd")
        for groups in ROW_GROUPS
    }
    yield files
    shutil.rmtree(folder, ignore_errors=True)


@pytest.mark.parametrize("row_groups", ROW_GROUPS)
@pytest.mark.parametrize("rows", [ROWS])
@pytest.mark.parametrize("technique", technique_names(parquet_codecs))
def test_parquet_codecs(
    benchmark, technique: str, rows: int, row_groups: int, codec_files: dict, table_files: TableFiles
) -> None:
    """Time reading the whole table back (warm page cache); save the codec, the row groups and the file's size."""
    codec = parquet_codecs.CODEC_OF[technique]
    path = codec_files[codec, row_groups]
    size = path.stat().st_size
    uncompressed = codec_files["none", row_groups].stat().st_size
    metadata = pq.ParquetFile(path).metadata
    # the parameters are what the file holds
    assert metadata.num_row_groups == min(row_groups, rows)
    assert metadata.row_group(0).column(0).compression == {"none": "UNCOMPRESSED"}.get(codec, codec.upper())
    benchmark.extra_info.update(
        codec=codec,
        row_groups_in_file=metadata.num_row_groups,
        file_bytes=size,
        size_vs_uncompressed=size / uncompressed,
        cache="warm",
    )
    path.read_bytes()  # bring the whole file into the page cache
    result = run(benchmark, getattr(parquet_codecs, technique), path, bytes=size, items=rows)
    assert_summary(result, table_files.table)


@pytest.mark.parametrize("technique", technique_names(parquet_codecs))
@settings(deadline=None, max_examples=10)  # files on disk
@example(table=EMPTY_TABLE, row_group_rows=1)
@example(table=ONE_ROW_TABLE, row_group_rows=1)
@given(table=tables(), row_group_rows=st.integers(1, 13))
def test_parquet_codecs_agree(technique: str, table, row_group_rows: int) -> None:
    """Every codec and row-group size gives back exactly the table written: every value, in order
    (the codecs are lossless; missing readings, quoted names and extreme floats included)."""
    with tempfile.TemporaryDirectory(prefix="m06-codecs-") as folder:
        path = Path(folder) / "table.parquet"
        parquet_codecs._write_parquet(table, path, parquet_codecs.CODEC_OF[technique], row_group_rows)
        _data.assert_same_table(getattr(parquet_codecs, technique)(path), table)
