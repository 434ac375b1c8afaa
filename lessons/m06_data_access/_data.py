"""The lesson's test data: a table of weather-station readings, written in every format.

Not a lesson topic (the name starts with an underscore): the tests use it to build
their inputs outside the timed calls, and to compare what the readers return.

The table has six columns of the kinds real data has: a row id (int64), a time
stamp (one reading a minute, in seconds), a station name (eight names, one with a
comma, so a low-cardinality string column that CSV must quote), two measurements
(float64, with missing temperatures: empty fields in CSV, nulls in Arrow, NaN in pandas) and a count (int32).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa

STATIONS = ("Eindhoven", "De Bilt", "Delft, NL", "Groningen", "Maastricht", "Utrecht", "Vlissingen", "Den Helder")
COLUMNS = ("id", "timestamp", "station", "temperature", "pressure", "count")
START = np.datetime64("2024-01-01T00:00:00", "s")
STEP = np.timedelta64(60, "s")
CSV_DTYPES = {"id": "int64", "station": "str", "temperature": "float64", "pressure": "float64", "count": "int32"}


def make_table(rows: int, seed: int = 0, missing: float = 0.001) -> pa.Table:
    """``rows`` readings, built with NumPy and Arrow (fast: no Python loop over rows)."""
    rng = np.random.default_rng(seed)
    temperature = rng.normal(10.0, 5.0, rows)
    gaps = rng.random(rows) < missing  # missing readings: nulls, empty fields in CSV, NaN in pandas
    codes = rng.integers(0, len(STATIONS), rows).astype(np.int32)
    return pa.table(
        {
            "id": pa.array(np.arange(rows, dtype=np.int64)),
            "timestamp": pa.array(START + np.arange(rows) * STEP, type=pa.timestamp("s")),
            "station": pa.DictionaryArray.from_arrays(codes, pa.array(STATIONS)).cast(pa.string()),
            "temperature": pa.array(temperature, mask=gaps),
            "pressure": pa.array(rng.normal(1013.0, 10.0, rows)),
            "count": pa.array(rng.integers(0, 1000, rows, dtype=np.int32)),
        }
    )


def table_from_columns(columns: dict[str, list]) -> pa.Table:
    """A table of the lesson's schema from plain Python lists (for the property tests)."""
    return pa.table(
        {
            "id": pa.array(columns["id"], type=pa.int64()),
            "timestamp": pa.array(np.array(columns["timestamp"], dtype="datetime64[s]"), type=pa.timestamp("s")),
            "station": pa.array(columns["station"], type=pa.string()),
            "temperature": pa.array(columns["temperature"], type=pa.float64()),  # None: missing
            "pressure": pa.array(np.array(columns["pressure"], dtype=np.float64)),
            "count": pa.array(columns["count"], type=pa.int32()),
        }
    )


def write_csv(table: pa.Table, path: Path) -> Path:
    """CSV with a header, written by Arrow's multi-threaded writer (pandas' to_csv is far slower)."""
    import pyarrow.csv

    pyarrow.csv.write_csv(table, path)
    return path


def write_parquet(table: pa.Table, path: Path, row_groups: int = 20) -> Path:
    """Parquet (pyarrow, snappy), cut into about ``row_groups`` row groups so that filters can skip some."""
    import pyarrow.parquet as pq

    pq.write_table(table, path, row_group_size=max(1, -(-table.num_rows // row_groups)))
    return path


def write_feather(table: pa.Table, path: Path) -> Path:
    """Feather version 2, the Arrow IPC file format (lz4-compressed by default)."""
    import pyarrow.feather

    pyarrow.feather.write_feather(table, path)
    return path


def write_hdf5(table: pa.Table, path: Path) -> Path:
    """HDF5 through h5py, in the layout of convert.csv_to_hdf5_h5py."""
    from lessons.m06_data_access.convert import _frame_to_hdf5

    _frame_to_hdf5(table.to_pandas(), path)
    return path


def write_excel(table: pa.Table, path: Path) -> Path:
    """An .xlsx workbook with one sheet (pandas and openpyxl: slow, so only small tables)."""
    frame = table.to_pandas()
    frame["timestamp"] = frame["timestamp"].astype("datetime64[s]")
    frame.to_excel(path, index=False, engine="openpyxl")
    return path


def split_csv(table: pa.Table, folder: Path, parts: int) -> list[Path]:
    """The table cut into ``parts`` CSV files of consecutive rows, as a dataset written by many jobs
    (fewer where the table has fewer rows: no file is empty)."""
    folder.mkdir(parents=True, exist_ok=True)
    parts = max(1, min(parts, table.num_rows))
    step = max(1, -(-table.num_rows // parts))
    parts = -(-table.num_rows // step) or 1
    return [write_csv(table.slice(i * step, step), folder / f"part-{i:03d}.csv") for i in range(parts)]


def as_frame(result) -> pd.DataFrame:
    """Whatever a reader returned (pandas, Arrow, polars) as a pandas DataFrame of the lesson's types.

    Different readers pick different types for the same column (int32 or int64,
    timestamps in s, us or ns, str, object or category); the values are what count.
    """
    if isinstance(result, pa.Table) or not isinstance(result, pd.DataFrame):
        result = result.to_pandas()
    frame = result.reset_index(drop=True).copy()
    for name in frame.columns:
        column = frame[name]
        if name == "timestamp":
            frame[name] = pd.to_datetime(column).astype("datetime64[s]")
        elif name == "station":
            frame[name] = column.astype(object).astype(str)
        elif name in ("id", "count"):
            frame[name] = column.astype(np.int64)
        else:
            frame[name] = column.astype(np.float64)
    return frame


def assert_typed(result) -> None:
    """The time stamps read as time stamps, not as text that every later use must parse again
    (where there are rows: a reader that guesses types cannot tell from an empty file); and a
    pandas frame whose index names each row once, not one that starts again at 0 for every file
    or chunk put together (``frame.loc[0]`` would then be many rows)."""
    if isinstance(result, pd.DataFrame):
        if "timestamp" in result.columns and len(result):
            assert pd.api.types.is_datetime64_any_dtype(result["timestamp"]), result["timestamp"].dtype
        assert result.index.is_unique, "the same index label on several rows"
        return
    table = result if isinstance(result, pa.Table) else result.to_arrow()
    if "timestamp" in table.column_names and table.num_rows:
        assert pa.types.is_timestamp(table.schema.field("timestamp").type), table.schema.field("timestamp")


def assert_same_table(result, expected, sort_by: str | None = None) -> None:
    """Exactly the same values (NaN equal to NaN), whatever the library's types, with the time
    stamps typed and a plain index (``assert_typed``)."""
    assert_typed(result)
    got, want = as_frame(result), as_frame(expected)
    if sort_by is not None:
        got = got.sort_values(sort_by, kind="stable").reset_index(drop=True)
        want = want.sort_values(sort_by, kind="stable").reset_index(drop=True)
    assert list(got.columns) == list(want.columns), (list(got.columns), list(want.columns))
    pd.testing.assert_frame_equal(got, want, check_dtype=True, check_exact=True)


def file_size(path: Path) -> int:
    """Bytes on disk of a file, or of every file under a folder."""
    path = Path(path)
    if path.is_dir():
        return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
    return path.stat().st_size


def evict_from_page_cache(path: Path) -> None:
    """Ask the kernel to drop a file's pages from its page cache (no root needed).

    Dirty pages are not dropped, so the file is flushed first. The next read of the
    file must come from the disk: a cold read.
    """
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
        os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
    finally:
        os.close(fd)


def room_for(disk_bytes: float, memory_bytes: float, folder: Path) -> str | None:
    """Why there is not enough free disk under ``folder`` or free memory, or None when there is."""
    import psutil

    free_disk = shutil.disk_usage(folder).free
    free_memory = psutil.virtual_memory().available
    if disk_bytes > 0.8 * free_disk:
        return f"needs about {disk_bytes / 2**30:.1f} GiB of disk, {free_disk / 2**30:.1f} GiB free under {folder}"
    if memory_bytes > 0.7 * free_memory:
        return f"needs about {memory_bytes / 2**30:.1f} GiB of memory, {free_memory / 2**30:.1f} GiB available"
    return None
