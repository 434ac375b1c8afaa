"""Parquet's codec and row-group size as controlled parameters.

Every function reads back, with pyarrow, the lesson's table from a Parquet file at ``path``
written with the codec its name says (``_write_parquet`` below writes them: the same table, the
same row groups, only the codec differs). The code of the readers is the same; what differs is
the work behind it: no decompression but more bytes to fetch, snappy (fast, light), zstd (slower,
smaller). The tests write each file with two row-group sizes, one row group for the whole table
and a hundred, since a row group is the unit a reader decompresses, skips or hands to a thread.
"""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq


def _write_parquet(table: pa.Table, path: Path, codec: str, row_group_rows: int) -> Path:
    """The table as Parquet with ``codec`` ("none", "snappy", "zstd") and row groups of ``row_group_rows`` rows."""
    pq.write_table(table, path, compression=codec, row_group_size=max(1, row_group_rows))
    return path


def read_parquet_uncompressed(path: Path) -> pa.Table:
    """compression="none": the column pages as they are; the most bytes to fetch, nothing to decode."""
    return pq.read_table(path)


def read_parquet_snappy(path: Path) -> pa.Table:
    """compression="snappy" (pyarrow's default): a fast codec that gives up some ratio for speed."""
    return pq.read_table(path)


def read_parquet_zstd(path: Path) -> pa.Table:
    """compression="zstd" (level 1 in pyarrow by default): smaller files, a little more work to decode."""
    return pq.read_table(path)


# the codec of the file each reader is given
CODEC_OF = {
    "read_parquet_uncompressed": "none",
    "read_parquet_snappy": "snappy",
    "read_parquet_zstd": "zstd",
}
