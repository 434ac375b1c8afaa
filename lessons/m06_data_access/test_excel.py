"""Benchmarks and equivalence tests for lessons/m06_data_access/excel.py."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings

from lessons.m06_data_access import _data, excel
from lessons.m06_data_access._sizes import EXCEL_ROWS
from lessons.m06_data_access._testing import fresh_folder, tables
from optbook.lesson import run, technique_names


def assert_same_as_written(result: pd.DataFrame, table) -> None:
    """Excel keeps 15 to 17 significant digits of a float (openpyxl writes 16), so a value read
    back may differ from the one written by a few units in the 16th digit: 1e-15 relative.
    Every other column comes back exactly."""
    got, want = _data.as_frame(result), _data.as_frame(table)
    pd.testing.assert_frame_equal(
        got.drop(columns=["temperature", "pressure"]), want.drop(columns=["temperature", "pressure"])
    )
    for name in ("temperature", "pressure"):
        np.testing.assert_allclose(got[name], want[name], rtol=1e-15, atol=0)


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Where the conversions write, one folder per technique; it lasts until every benchmark
    of this module has been timed (the timed rounds may run after the test's body), then goes."""
    folder = tmp_path_factory.mktemp("m06_excel_out")
    yield folder
    shutil.rmtree(folder, ignore_errors=True)  # pytest would keep it for three runs


@pytest.mark.parametrize("rows", [EXCEL_ROWS])
@pytest.mark.parametrize("technique", technique_names(excel))
def test_excel(benchmark, technique: str, rows: int, excel_file, outputs: Path) -> None:
    """Time converting the workbook to Parquet into an empty folder; save the sizes of both files."""
    table, source = excel_file
    size = source.stat().st_size
    setup = fresh_folder(outputs / f"{technique}-{rows}", source)
    written = run(benchmark, getattr(excel, technique), setup=setup, bytes=size, items=rows)
    benchmark.extra_info.update(file_bytes=size, parquet_bytes=written.stat().st_size)
    assert_same_as_written(pd.read_parquet(written), table)
    # the sheet's columns and no others: no index column, which readers other than pandas see as data
    assert pq.ParquetFile(written).schema_arrow.names == table.column_names


@pytest.mark.parametrize("technique", technique_names(excel))
@settings(deadline=None, max_examples=6)  # workbooks are slow to write
@given(table=tables(max_rows=8).filter(lambda t: t.num_rows > 0))
def test_excel_agrees(technique: str, table) -> None:
    """Both engines read the same workbook into exactly the same table (and that table is the one
    written, to Excel's precision). Excel stores every number as a float64, so integers beyond
    2**53 cannot be kept exactly, and the readers turn a whole-number float into a Python int,
    which overflows int64 beyond 2**63: rows with such ids or measurements are left out."""
    import pyarrow.compute as pc

    small = pc.less_equal(pc.abs(table["id"]), 2**53)
    for name in ("temperature", "pressure"):
        small = pc.and_(small, pc.less_equal(pc.abs(pc.fill_null(table[name], 0.0)), 1e15))
    table = table.filter(small)
    with tempfile.TemporaryDirectory(prefix="m06-excel-") as folder:
        source = _data.write_excel(table, Path(folder) / "table.xlsx")
        expected = pd.read_parquet(excel.excel_to_parquet_openpyxl(source, Path(folder)))
        assert_same_as_written(expected, table)
        result = pd.read_parquet(getattr(excel, technique)(source, Path(folder)))
        pd.testing.assert_frame_equal(_data.as_frame(result), _data.as_frame(expected))
