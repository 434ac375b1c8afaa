"""Convert once, read many: a CSV file turned into a binary, typed, columnar format.

Every function reads the CSV file ``source`` (columns id, timestamp, station,
temperature, pressure, count) and writes the same table in another format into
the folder ``target``, returning the path of the file it wrote. The conversion
is paid once; every later read is faster (see read_formats.py). The files land in
the operating system's page cache; the time to flush them to disk is not counted.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

_DTYPES = {"id": "int64", "station": "str", "temperature": "float64", "pressure": "float64", "count": "int32"}


def _read_csv_pandas(source: Path) -> pd.DataFrame:
    return pd.read_csv(source, dtype=_DTYPES, parse_dates=["timestamp"])


def csv_to_parquet_pandas(source: Path, target: Path) -> Path:
    """The usual first step: pandas reads the CSV, then writes Parquet with its default
    engine (pyarrow, snappy compression)."""
    path = target / "table.parquet"
    _read_csv_pandas(source).to_parquet(path, engine="pyarrow", index=False)
    return path


def csv_to_parquet_fastparquet(source: Path, target: Path) -> Path:
    """pandas reads the CSV, fastparquet (the other Parquet engine, Python with Cython
    helpers) writes it. (pandas deprecates its engine="fastparquet": call fastparquet.)"""
    import fastparquet

    path = target / "table.fastparquet.parquet"
    fastparquet.write(path, _read_csv_pandas(source), write_index=False, compression="SNAPPY")
    return path


def csv_to_feather(source: Path, target: Path) -> Path:
    """Feather (the Arrow IPC file format): Arrow's memory layout written as it is,
    lz4-compressed, so that reading it back is nearly a copy."""
    path = target / "table.feather"
    _read_csv_pandas(source).to_feather(path)
    return path


def csv_to_hdf5_h5py(source: Path, target: Path) -> Path:
    """HDF5 through h5py: one dataset per column (time stamps as int64 seconds, the
    station names as small integer codes plus their list of names)."""
    path = target / "table.h5"
    _frame_to_hdf5(_read_csv_pandas(source), path)
    return path


def _frame_to_hdf5(frame: pd.DataFrame, path: Path) -> None:
    import h5py
    import numpy as np

    with h5py.File(path, "w") as file:
        for name, column in frame.items():
            if name == "timestamp":
                seconds = column.to_numpy().astype("datetime64[s]").astype(np.int64)
                file.create_dataset(name, data=seconds).attrs["unit"] = "seconds since 1970-01-01"
            elif name == "station":
                codes, names = pd.factorize(column, sort=True)
                file.create_dataset(name, data=codes.astype(np.int16))
                file.create_dataset("station_names", data=np.array(names, dtype=object), dtype=h5py.string_dtype())
            else:
                file.create_dataset(name, data=column.to_numpy())
        file.attrs["columns"] = list(frame.columns)


def csv_to_parquet_pyarrow(source: Path, target: Path) -> Path:
    """No pandas at all: Arrow's multi-threaded CSV reader straight into its Parquet
    writer, so the table is never converted to pandas objects."""
    import pyarrow.csv
    import pyarrow.parquet as pq

    path = target / "table.pyarrow.parquet"
    pq.write_table(pyarrow.csv.read_csv(source), path)
    return path


def csv_to_parquet_pyarrow_streaming(source: Path, target: Path) -> Path:
    """The CSV read and written batch by batch (about 1 MiB of text at a time): the
    memory used stays small however large the file. The types are given: a streaming
    reader fixes them from the first block, which may not fit the rest."""
    import pyarrow as pa
    import pyarrow.csv
    import pyarrow.parquet as pq

    types = {"id": pa.int64(), "timestamp": pa.timestamp("s"), "station": pa.string()}
    types |= {"temperature": pa.float64(), "pressure": pa.float64(), "count": pa.int32()}
    convert = pyarrow.csv.ConvertOptions(column_types=types)
    path = target / "table.streamed.parquet"
    with (
        pyarrow.csv.open_csv(source, convert_options=convert) as reader,
        pq.ParquetWriter(path, reader.schema) as writer,
    ):
        for batch in reader:
            writer.write_batch(batch)
    return path


def csv_to_parquet_polars(source: Path, target: Path) -> Path:
    """polars scans the CSV lazily and streams it into Parquet (sink_parquet, zstd
    compression by default), in parallel and in bounded memory."""
    import polars as pl

    path = target / "table.polars.parquet"
    schema = {"id": pl.Int64, "timestamp": pl.String, "station": pl.String}
    schema |= {"temperature": pl.Float64, "pressure": pl.Float64, "count": pl.Int32}
    timestamp = pl.col("timestamp").str.strptime(pl.Datetime("us"), "%Y-%m-%d %H:%M:%S")
    pl.scan_csv(source, schema=schema).with_columns(timestamp).sink_parquet(path)
    return path


def csv_to_parquet_duckdb(source: Path, target: Path) -> Path:
    """DuckDB converts in one SQL statement (COPY ... TO ... FORMAT parquet), streaming
    and in parallel."""
    import duckdb

    path = target / "table.duckdb.parquet"
    with duckdb.connect() as con:
        types = "{'id': 'BIGINT', 'timestamp': 'TIMESTAMP', 'temperature': 'DOUBLE', "
        types += "'pressure': 'DOUBLE', 'count': 'INTEGER'}"
        con.execute(f"COPY (SELECT * FROM read_csv('{source}', types={types})) TO '{path}' (FORMAT parquet)")
    return path
