"""Benchmarks and equivalence tests for lessons/m06_data_access/chunked.py."""

from __future__ import annotations

import math
import tempfile
from pathlib import Path

import pyarrow as pa
import pytest
from hypothesis import example, given, settings

from lessons.m06_data_access import _data, chunked
from lessons.m06_data_access._sizes import ROWS
from lessons.m06_data_access._testing import ONE_ROW_TABLE, tables, whole_numbers_first
from lessons.m06_data_access.conftest import TableFiles
from optbook.lesson import run, technique_names


def means_by_station(table: pa.Table) -> dict[str, float]:
    """The answer, computed from the table in memory by Arrow (nulls left out)."""
    grouped = table.group_by("station").aggregate([("temperature", "mean")]).to_pylist()
    return {row["station"]: math.nan if row["temperature_mean"] is None else row["temperature_mean"] for row in grouped}


def assert_same_means(result: dict[str, float], expected: dict[str, float]) -> None:
    """The same stations, and means equal to 1e-12 relative: the sums are added in chunks and
    threads, in different orders, so they differ in the last bits (about 1e-16 per addition;
    means of a few hundred thousand values near 10 stay well within 1e-12)."""
    assert sorted(result) == sorted(expected)
    for station, mean in expected.items():
        assert math.isclose(result[station], mean, rel_tol=1e-12, abs_tol=1e-12) or (
            math.isnan(mean) and math.isnan(result[station])
        ), (station, result[station], mean)


@pytest.mark.parametrize("rows", [ROWS])
@pytest.mark.parametrize("technique", technique_names(chunked))
def test_chunked(benchmark, technique: str, rows: int, table_files: TableFiles) -> None:
    """Time the mean temperature per station of the whole CSV file; the harness saves the peak
    memory of one call beside the time (warm page cache)."""
    path = table_files.csv
    size = path.stat().st_size
    benchmark.extra_info.update(file_bytes=size, cache="warm", chunk_rows=chunked._CHUNK_ROWS)
    benchmark.extra_info["block_bytes"] = chunked._BLOCK_BYTES
    result = run(benchmark, getattr(chunked, technique), path, bytes=size, items=rows)
    assert_same_means(result, means_by_station(table_files.table))


@pytest.mark.parametrize("technique", technique_names(chunked))
@settings(deadline=None, max_examples=8)  # files on disk and several libraries: keep it quick
@example(table=ONE_ROW_TABLE)
@given(table=tables(max_rows=30).filter(lambda t: t.num_rows > 0))
def test_chunked_agrees(technique: str, table) -> None:
    """Every technique gives the means of the whole file (chunks of 7 rows and Arrow blocks of
    512 bytes here, so that several chunks, a last short one, and stations missing from some
    chunks are tested; a station whose readings are all missing has mean NaN)."""
    with tempfile.TemporaryDirectory(prefix="m06-chunked-") as folder:
        path = _data.write_csv(table, Path(folder) / "table.csv")
        sizes = chunked._CHUNK_ROWS, chunked._BLOCK_BYTES
        chunked._CHUNK_ROWS, chunked._BLOCK_BYTES = 7, 512
        try:
            result = getattr(chunked, technique)(path)
        finally:
            chunked._CHUNK_ROWS, chunked._BLOCK_BYTES = sizes
        # the means Arrow computes from the table in memory: what the baseline gives (its own examples)
        assert_same_means(result, means_by_station(table))


@pytest.mark.parametrize("technique", technique_names(chunked))
def test_chunked_keeps_the_fractions_after_whole_numbers(technique: str, tmp_path: Path) -> None:
    """A file whose first 30,000 temperatures are whole numbers, the next 10,000 not (about
    2 MiB): every technique gives the right means. A reader that takes the types from its first
    block (256 KiB of text for the Arrow batches) would read the column as integers and stop."""
    table = whole_numbers_first(40_000, 30_000)
    path = _data.write_csv(table, tmp_path / "table.csv")
    assert_same_means(getattr(chunked, technique)(path), means_by_station(table))
