"""Warm and cold reads: what the operating system's page cache does to a benchmark.

Every function reads the table at ``path`` (CSV or Parquet, as its name says)
and returns it. The code is the same for a warm and a cold read; what differs is
where the bytes come from. Warm: a recent read left the file's pages in memory
(the page cache), so reading costs a memory copy. Cold: the pages were dropped
first (the tests call os.posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED) before
every round), so the bytes come from the disk.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd


def read_csv_pandas(path: Path):
    """pandas' CSV reader: a large text file to fetch, then a lot of parsing."""
    return pd.read_csv(path, parse_dates=["timestamp"])


def read_csv_pyarrow(path: Path):
    """Arrow's multi-threaded CSV reader: the same bytes to fetch, faster parsing."""
    import pyarrow.csv

    return pyarrow.csv.read_csv(path)


def read_parquet_pyarrow(path: Path):
    """Parquet into Arrow: a compressed binary file, less than half the bytes to fetch
    and nothing to parse."""
    import pyarrow.parquet as pq

    return pq.read_table(path)


def read_file_bytes(path: Path):
    """Only the bytes of the CSV file, no parsing: the floor that storage sets for any
    reader of that file."""
    return Path(path).read_bytes()
