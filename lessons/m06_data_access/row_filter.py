"""Read only the rows you need: a time window pushed down into the Parquet reader.

Every function returns the rows of the Parquet file at ``path`` whose timestamp
lies in ``[start, end)``, all six columns. The file is sorted by
time (one reading a minute) and cut into row groups; each row group stores the
smallest and largest timestamp it holds, so a reader that is given the filter
skips every row group outside the window without reading it.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pandas as pd


def read_all_then_filter(path: Path, start: datetime, end: datetime):
    """Read the whole file into pandas, then keep the rows in the window."""
    frame = pd.read_parquet(path)
    return frame[(frame["timestamp"] >= start) & (frame["timestamp"] < end)]


def read_parquet_filters(path: Path, start: datetime, end: datetime):
    """Predicate pushdown: pandas passes filters= to the Parquet reader, which skips
    the row groups whose min/max statistics lie outside the window."""
    return pd.read_parquet(path, filters=[("timestamp", ">=", start), ("timestamp", "<", end)])


def read_pyarrow_dataset_filter(path: Path, start: datetime, end: datetime):
    """An Arrow dataset scanned with a filter expression, into an Arrow Table (no
    pandas): row groups skipped, the rest filtered while decoding."""
    import pyarrow.dataset as ds

    timestamp = ds.field("timestamp")
    return ds.dataset(path, format="parquet").to_table(filter=(timestamp >= start) & (timestamp < end))


def scan_parquet_polars_filter(path: Path, start: datetime, end: datetime):
    """polars' lazy scan with filter(): the predicate is pushed down into the reader."""
    import polars as pl

    timestamp = pl.col("timestamp")
    return pl.scan_parquet(path).filter((timestamp >= start) & (timestamp < end)).collect()


def query_parquet_duckdb_where(path: Path, start: datetime, end: datetime):
    """DuckDB's WHERE clause, pushed into its parallel Parquet scan (row groups skipped
    by their statistics), fetched as an Arrow Table."""
    import duckdb

    with duckdb.connect() as con:
        query = f"SELECT * FROM read_parquet('{path}') WHERE timestamp >= ? AND timestamp < ?"
        return con.sql(query, params=[start, end]).to_arrow_table()
