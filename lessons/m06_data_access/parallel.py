"""Read a dataset split into many CSV files: one file after another, or several at once.

Every function reads all the CSV files in ``paths`` (the same columns in each)
with ``workers`` threads or processes and returns one table holding all their
rows, in file order. Parsing CSV costs CPU time, so reading files in parallel
helps as far as there are cores to parse them; the libraries that parse with
many threads on their own (Arrow, polars) do so even for a single file.
"""

from __future__ import annotations

import multiprocessing
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path

import pandas as pd

_DTYPES = {"id": "int64", "station": "str", "temperature": "float64", "pressure": "float64", "count": "int32"}


def _read_one(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=_DTYPES, parse_dates=["timestamp"])


def read_one_after_another(paths: list[Path], workers: int):
    """The loop everyone writes first: pandas reads the files one by one, then concat
    joins them (workers is not used)."""
    return pd.concat([_read_one(p) for p in paths], ignore_index=True)


def read_thread_pool(paths: list[Path], workers: int):
    """The same reads in a pool of threads: pandas' C parser lets go of the GIL
    while it splits the text, so threads parse files at the same time."""
    with ThreadPoolExecutor(workers) as pool:
        return pd.concat(pool.map(_read_one, paths), ignore_index=True)


_PROCESS_POOLS: dict[int, Executor] = {}


def read_process_pool(paths: list[Path], workers: int):
    """A pool of worker processes, started on the first call and kept (as a long
    program would): each worker parses a file, and the table is pickled back."""
    if workers not in _PROCESS_POOLS:
        # forkserver: workers start from a clean server process, not a fork of this
        # multi-threaded one (Arrow and polars run thread pools here)
        context = multiprocessing.get_context("forkserver")
        _PROCESS_POOLS[workers] = ProcessPoolExecutor(workers, mp_context=context)
    return pd.concat(_PROCESS_POOLS[workers].map(_read_one, paths), ignore_index=True)


def _shutdown_process_pools() -> None:
    while _PROCESS_POOLS:
        _PROCESS_POOLS.popitem()[1].shutdown(wait=True, cancel_futures=True)


def read_pyarrow_dataset(paths: list[Path], workers: int):
    """An Arrow dataset over all the files: Arrow reads and parses them on its own
    thread pool (set to ``workers`` threads here) into one Arrow Table. The column
    types are given: guessed from the first file, they may not fit the others."""
    import pyarrow as pa
    import pyarrow.csv
    import pyarrow.dataset as ds

    types = {"id": pa.int64(), "timestamp": pa.timestamp("s"), "station": pa.string()}
    types |= {"temperature": pa.float64(), "pressure": pa.float64(), "count": pa.int32()}
    csv_format = ds.CsvFileFormat(convert_options=pyarrow.csv.ConvertOptions(column_types=types))
    before = pa.cpu_count()
    pa.set_cpu_count(workers)
    try:
        return ds.dataset([str(p) for p in paths], format=csv_format).to_table()
    finally:
        pa.set_cpu_count(before)


def read_dask_dataframe(paths: list[Path], workers: int):
    """dask.dataframe makes one pandas read per file and runs them on its threaded
    scheduler with ``workers`` threads; compute() forces the lazy frame. Where the
    program has connected to a Dask cluster (``distributed.Client``), the reads run
    on its workers instead, on this machine or on other nodes, with the same code."""
    import dask.dataframe as dd

    frame = dd.read_csv([str(p) for p in paths], dtype=_DTYPES, parse_dates=["timestamp"])
    return frame.compute(num_workers=workers).reset_index(drop=True)


def scan_csv_polars(paths: list[Path], workers: int):
    """polars scans all the files lazily and reads them in parallel on its own thread
    pool. That pool's size is fixed when polars first runs (POLARS_MAX_THREADS, by
    default the number of cores) and cannot be changed afterwards, so ``workers`` must
    match it: a ValueError says so where it does not."""
    import polars as pl

    if workers != pl.thread_pool_size():
        raise ValueError(
            f"polars runs {pl.thread_pool_size()} threads in this process, not {workers}: "
            f"start Python with POLARS_MAX_THREADS={workers} to read with {workers}"
        )
    schema = {"id": pl.Int64, "timestamp": pl.String, "station": pl.String}
    schema |= {"temperature": pl.Float64, "pressure": pl.Float64, "count": pl.Int32}
    timestamp = pl.col("timestamp").str.strptime(pl.Datetime("us"), "%Y-%m-%d %H:%M:%S")
    return pl.scan_csv(paths, schema=schema).with_columns(timestamp).collect()


def read_modin(paths: list[Path], workers: int):
    """Modin: the pandas API with the work spread over cores by an engine (Ray, Dask);
    the one-line change is `import modin.pandas as pd`."""
    import modin.pandas as mpd

    frames = [mpd.read_csv(p, dtype=_DTYPES, parse_dates=["timestamp"]) for p in paths]
    return mpd.concat(frames, ignore_index=True)._to_pandas()


def _modin_missing_reason() -> str | None:
    """Why Modin cannot run here, or None when it can."""
    try:
        import modin  # noqa: F401
    except ImportError:
        return (
            f"Modin is not installed: pip install 'modin[dask]' (Modin 0.37.1 requires pandas<2.4, "
            f"this environment has pandas {pd.__version__}: use a separate environment with pandas 2)"
        )
    return None
