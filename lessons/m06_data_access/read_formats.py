"""One table read from CSV, Parquet, Feather and HDF5, by pandas, Arrow, polars and DuckDB.

Every function reads the whole table (columns id, timestamp, station,
temperature, pressure, count) from ``path``, a file in the format its name says,
and returns it in its library's own table type: a pandas DataFrame, an Arrow
Table or a polars DataFrame. (Turning an Arrow Table into pandas costs extra: the
read_parquet_pandas line shows how much.) Files are read warm: they are in the
page cache (see page_cache.py for cold reads).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

_DTYPES = {"id": "int64", "station": "category", "temperature": "float64", "pressure": "float64", "count": "int32"}


def read_csv_pandas(path: Path):
    """pandas' default: the C parser guesses every column's type from the text and
    keeps the station names as one string object per row."""
    return pd.read_csv(path, parse_dates=["timestamp"])


def read_csv_pandas_dtypes(path: Path):
    """The same parser told the types: no guessing, int32 counts, and the eight
    station names stored once as categories."""
    return pd.read_csv(path, dtype=_DTYPES, parse_dates=["timestamp"])


def read_csv_pandas_pyarrow_engine(path: Path):
    """pandas with engine="pyarrow": Arrow's multi-threaded parser, then converted to
    pandas."""
    return pd.read_csv(path, engine="pyarrow", parse_dates=["timestamp"])


def read_csv_pyarrow(path: Path):
    """Arrow's CSV reader, multi-threaded, into an Arrow Table (no pandas)."""
    import pyarrow.csv

    return pyarrow.csv.read_csv(path)


def read_csv_polars(path: Path):
    """polars' multi-threaded CSV reader; the time stamps are parsed with their format
    given (asked to guess, with try_parse_dates=True, polars is several times slower).
    The column types are given too: polars guesses them from the first 100 rows, and a
    file whose first temperatures happen to be whole numbers stops with an error at the
    first fraction."""
    import polars as pl

    schema = {"id": pl.Int64, "timestamp": pl.String, "station": pl.String}
    schema |= {"temperature": pl.Float64, "pressure": pl.Float64, "count": pl.Int32}
    timestamp = pl.col("timestamp").str.strptime(pl.Datetime("us"), "%Y-%m-%d %H:%M:%S")
    return pl.read_csv(path, schema=schema).with_columns(timestamp)


def read_csv_duckdb(path: Path):
    """DuckDB's parallel CSV reader, the result fetched as an Arrow Table. The column
    types are given: DuckDB sniffs them from a sample of the file (20,480 rows), and
    where the sample holds only whole numbers it reads the column as BIGINT and rounds
    every later reading to an integer (4.47 read as 4), without a warning."""
    import duckdb

    types = {"id": "BIGINT", "timestamp": "TIMESTAMP", "station": "VARCHAR"}
    types |= {"temperature": "DOUBLE", "pressure": "DOUBLE", "count": "INTEGER"}
    with duckdb.connect() as con:
        return con.read_csv(str(path), dtype=types).to_arrow_table()


def read_parquet_pandas(path: Path):
    """Parquet through pandas: Arrow reads it, then converts the table to pandas objects."""
    return pd.read_parquet(path, engine="pyarrow")


def read_parquet_pyarrow(path: Path):
    """Parquet into an Arrow Table: typed, compressed columns decoded in parallel, no
    text to parse."""
    import pyarrow.parquet as pq

    return pq.read_table(path)


def read_parquet_fastparquet(path: Path):
    """Parquet through fastparquet, the other engine, straight into pandas."""
    import fastparquet

    return fastparquet.ParquetFile(path).to_pandas()


def read_parquet_polars(path: Path):
    """Parquet into a polars DataFrame (polars' own Rust reader)."""
    import polars as pl

    return pl.read_parquet(path)


def read_parquet_duckdb(path: Path):
    """Parquet through DuckDB, fetched as an Arrow Table."""
    import duckdb

    with duckdb.connect() as con:
        return con.read_parquet(str(path)).to_arrow_table()


def read_feather_pyarrow(path: Path):
    """Feather (Arrow IPC): the file holds Arrow's own memory layout, so reading is
    decompressing and copying, nothing to parse or convert."""
    import pyarrow.feather

    return pyarrow.feather.read_table(path)


def read_hdf5_h5py(path: Path):
    """HDF5 through h5py: each column is a typed binary dataset, read whole into NumPy;
    the table is put together in pandas."""
    import h5py
    import numpy as np

    with h5py.File(path, "r") as file:
        columns = {}
        for name in file.attrs["columns"]:
            data = file[name][...]
            if name == "timestamp":
                data = data.astype("datetime64[s]")
            elif name == "station":
                names = file["station_names"].asstr()[...]
                data = pd.Categorical.from_codes(data, categories=np.asarray(names, dtype=object))
            columns[str(name)] = data
    return pd.DataFrame(columns)
