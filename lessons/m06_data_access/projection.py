"""Read only the columns you need: two of the table's six, from CSV and from Parquet.

Every function returns the columns station and temperature of every row of the
table at ``path`` (a CSV file for the read_csv functions, a Parquet file for the
others). A CSV file must be parsed line by line whatever is kept; a Parquet file
stores each column apart, so the other four are never read from disk or decoded.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

_COLUMNS = ["station", "temperature"]


def read_csv_then_select(path: Path):
    """Read the whole CSV file with pandas, then keep two columns."""
    return pd.read_csv(path, parse_dates=["timestamp"])[_COLUMNS]


def read_csv_usecols(path: Path):
    """pandas' usecols: the other columns are skipped while parsing, but every line
    of text is still read and split."""
    return pd.read_csv(path, usecols=_COLUMNS)[_COLUMNS]


def read_csv_pyarrow_include_columns(path: Path):
    """Arrow's multi-threaded CSV reader told which columns to convert
    (include_columns)."""
    import pyarrow.csv

    return pyarrow.csv.read_csv(path, convert_options=pyarrow.csv.ConvertOptions(include_columns=_COLUMNS))


def read_parquet_then_select(path: Path):
    """Read the whole Parquet file into pandas, then keep two columns."""
    return pd.read_parquet(path)[_COLUMNS]


def read_parquet_columns(path: Path):
    """Column projection: pandas asks the Parquet reader for two columns, and only
    their bytes are read and decoded."""
    return pd.read_parquet(path, columns=_COLUMNS)


def read_parquet_columns_pyarrow(path: Path):
    """The same projection into an Arrow Table, with the station names kept as a
    dictionary (as they are stored) rather than one string per row."""
    import pyarrow.parquet as pq

    return pq.read_table(path, columns=_COLUMNS, read_dictionary=["station"])


def scan_parquet_polars(path: Path):
    """polars' lazy scan: select() is pushed down into the reader (projection pushdown)."""
    import polars as pl

    return pl.scan_parquet(path).select(_COLUMNS).collect()


def query_parquet_duckdb(path: Path):
    """DuckDB's SQL names the columns, and only those are read."""
    import duckdb

    with duckdb.connect() as con:
        return con.sql(f"SELECT station, temperature FROM read_parquet('{path}')").to_arrow_table()
