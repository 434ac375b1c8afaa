"""Larger than memory: a CSV file summarised chunk by chunk instead of loaded whole.

Every function returns the mean temperature of each station (missing readings
left out) in the CSV file at ``path``, as a dict from station name to mean. A
full load needs memory for the whole table; a chunked read keeps one chunk and
the running sums, so the same code handles a file larger than the memory. The
peak memory of one call is measured by the benchmark and shown beside the time.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pandas as pd

_CHUNK_ROWS = 20_000  # rows of one pandas chunk
_BLOCK_BYTES = 1 << 18  # bytes of CSV text in one Arrow record batch (256 KiB)


def mean_by_station_whole_pandas(path: Path) -> dict[str, float]:
    """Load the whole file into one DataFrame, then group: memory grows with the file."""
    frame = pd.read_csv(path, parse_dates=["timestamp"])
    return frame.groupby("station")["temperature"].mean().to_dict()


def mean_by_station_pandas_chunks(path: Path) -> dict[str, float]:
    """pandas' chunksize: an iterator of DataFrames of _CHUNK_ROWS rows; only running
    sums and counts are kept between chunks."""
    sums: dict[str, float] = defaultdict(float)
    counts: dict[str, int] = defaultdict(int)
    for chunk in pd.read_csv(path, parse_dates=["timestamp"], chunksize=_CHUNK_ROWS):
        grouped = chunk.groupby("station")["temperature"].agg(["sum", "count"])
        for station, total, count in grouped.itertuples():
            sums[station] += total
            counts[station] += count
    return {station: sums[station] / counts[station] if counts[station] else float("nan") for station in sums}


def mean_by_station_pyarrow_batches(path: Path) -> dict[str, float]:
    """Arrow's streaming CSV reader (open_csv): record batches of _BLOCK_BYTES of text,
    each grouped in Arrow, the partial sums kept. The types are given: a streaming
    reader fixes them from the first block, which may not fit the rest."""
    import pyarrow as pa
    import pyarrow.csv

    types = {"id": pa.int64(), "timestamp": pa.timestamp("s"), "station": pa.string()}
    types |= {"temperature": pa.float64(), "pressure": pa.float64(), "count": pa.int32()}
    convert = pyarrow.csv.ConvertOptions(column_types=types)

    sums: dict[str, float] = defaultdict(float)
    counts: dict[str, int] = defaultdict(int)
    options = pyarrow.csv.ReadOptions(block_size=_BLOCK_BYTES)
    with pyarrow.csv.open_csv(path, read_options=options, convert_options=convert) as reader:
        for batch in reader:
            grouped = pa.Table.from_batches([batch]).group_by("station")
            for row in grouped.aggregate([("temperature", "sum"), ("temperature", "count")]).to_pylist():
                sums[row["station"]] += row["temperature_sum"] or 0.0
                counts[row["station"]] += row["temperature_count"]
    return {station: sums[station] / counts[station] if counts[station] else float("nan") for station in sums}


def mean_by_station_polars_whole(path: Path) -> dict[str, float]:
    """polars loads the whole file (read_csv), then groups: fast, but the memory still
    grows with the file."""
    import polars as pl

    schema = {"id": pl.Int64, "timestamp": pl.String, "station": pl.String}
    schema |= {"temperature": pl.Float64, "pressure": pl.Float64, "count": pl.Int32}
    timestamp = pl.col("timestamp").str.strptime(pl.Datetime("us"), "%Y-%m-%d %H:%M:%S")
    frame = pl.read_csv(path, schema=schema).with_columns(timestamp)
    result = frame.group_by("station").agg(pl.col("temperature").mean())
    return _means(result["station"].to_list(), result["temperature"].to_list())


def mean_by_station_polars_streaming(path: Path) -> dict[str, float]:
    """polars' lazy scan run by its streaming engine: the file flows through in
    batches, and only the two columns the query needs are parsed."""
    import polars as pl

    schema = {"id": pl.Int64, "timestamp": pl.String, "station": pl.String}
    schema |= {"temperature": pl.Float64, "pressure": pl.Float64, "count": pl.Int32}
    query = pl.scan_csv(path, schema=schema).group_by("station").agg(pl.col("temperature").mean())
    result = query.collect(engine="streaming")
    return _means(result["station"].to_list(), result["temperature"].to_list())


def _means(stations: list[str], means: list[float | None]) -> dict[str, float]:
    """Station to mean; a station with no readings at all has mean NaN (SQL and polars say None)."""
    return {station: float("nan") if mean is None else mean for station, mean in zip(stations, means)}


def mean_by_station_duckdb(path: Path) -> dict[str, float]:
    """DuckDB streams the file through its parallel, out-of-core aggregation (it spills
    to disk past its memory limit)."""
    import duckdb

    with duckdb.connect() as con:
        source = f"read_csv('{path}', types={{'temperature': 'DOUBLE'}})"
        rows = con.sql(f"SELECT station, avg(temperature) FROM {source} GROUP BY station").fetchall()
    return _means([station for station, _ in rows], [mean for _, mean in rows])
