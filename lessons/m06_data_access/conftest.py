"""The lesson's input files, written once per test run under pytest's temporary folder.

The table is built with NumPy and Arrow and written by Arrow (fast) into every
format the benchmarks read; the files are removed with pytest's temporary
folders. Before writing, the fixtures check that the disk and the memory have
room for this scale, and skip with the reason where they do not.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest

from lessons.m06_data_access import _data, parallel

# The sizes live in _sizes.py, imported inside the fixtures: this file is imported before
# pytest reads --scale.


@dataclass(frozen=True)
class TableFiles:
    """The lesson's table in memory and in every format, all under one temporary folder."""

    table: pa.Table
    csv: Path
    parquet: Path
    feather: Path
    hdf5: Path
    parts: list[Path]

    def path_for(self, technique: str) -> Path:
        """The file a reader takes, from the format in its name (read_parquet_... reads Parquet)."""
        for name in ("parquet", "feather", "hdf5", "csv"):
            if name in technique:
                return getattr(self, name)
        return self.csv  # read_file_bytes and the like read the CSV file


def skip_unless_room(folder: Path, disk_bytes: float, memory_bytes: float) -> None:
    """Skip (with the reason) where the disk or the memory is too small for this scale."""
    reason = _data.room_for(disk_bytes, memory_bytes, folder)
    if reason:
        pytest.skip(f"not enough room for this scale: {reason}")


@pytest.fixture(scope="session")
def table_files(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TableFiles]:
    """The table of ROWS rows as CSV, Parquet, Feather and HDF5 files, and split into PARTS CSV files."""
    from lessons.m06_data_access._sizes import PARTS, ROWS

    folder = tmp_path_factory.mktemp("m06_table")
    # CSV about 80 B a row, twice (whole and split), plus the binary formats; a pandas copy in memory
    skip_unless_room(folder, disk_bytes=ROWS * 250, memory_bytes=ROWS * 400)
    table = _data.make_table(ROWS)
    yield TableFiles(
        table=table,
        csv=_data.write_csv(table, folder / "table.csv"),
        parquet=_data.write_parquet(table, folder / "table.parquet"),
        feather=_data.write_feather(table, folder / "table.feather"),
        hdf5=_data.write_hdf5(table, folder / "table.h5"),
        parts=_data.split_csv(table, folder / "parts", PARTS),
    )
    shutil.rmtree(folder, ignore_errors=True)  # pytest would keep it for three runs


@pytest.fixture(scope="session")
def excel_file(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[pa.Table, Path]]:
    """The first EXCEL_ROWS rows of the table as an .xlsx workbook."""
    from lessons.m06_data_access._sizes import EXCEL_ROWS

    folder = tmp_path_factory.mktemp("m06_excel")
    table = _data.make_table(EXCEL_ROWS)
    yield table, _data.write_excel(table, folder / "table.xlsx")
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session", autouse=True)
def _close_process_pools() -> Iterator[None]:
    """Shut down the process pools that parallel.read_process_pool started, once the tests are done."""
    yield
    parallel._shutdown_process_pools()


@pytest.fixture(scope="session")
def dask_client() -> Iterator[Any]:
    """With OPTBOOK_DASK=slurm, a Dask cluster whose workers are SLURM jobs (one one-core worker per
    usable core unless OPTBOOK_DASK_WORKERS says otherwise; see optbook.cluster.dask_cluster), started
    once per run; its Client is the default client, on which ``read_dask_dataframe`` then runs.
    Otherwise None: the Dask technique runs on Dask's threads in this process. Yields a string
    saying why where the cluster cannot start."""
    from optbook.cluster import dask_cluster

    if dask_cluster.ENV_VAR not in os.environ or os.environ[dask_cluster.ENV_VAR] == "local":
        yield None
        return
    usable_cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    with dask_cluster.dask_client(usable_cores) as client:
        yield client


@pytest.fixture(autouse=True)
def _dask_on_a_cluster(request: pytest.FixtureRequest) -> None:
    """Start the Dask cluster (only for the Dask techniques, only once), or skip saying why it cannot start."""
    callspec = getattr(request.node, "callspec", None)
    if callspec is None or "dask" not in str(callspec.params.get("technique", "")):
        return
    client = request.getfixturevalue("dask_client")
    if isinstance(client, str):
        pytest.skip(client)


@pytest.fixture(autouse=True)
def _remove_written_files(request: pytest.FixtureRequest) -> Iterator[None]:
    """Empty a test's tmp_path once it is done: the conversions write tens of MiB there, and
    pytest keeps the temporary folders of the last three runs."""
    yield
    path = getattr(request.node, "funcargs", {}).get("tmp_path")
    if path is not None:
        shutil.rmtree(path, ignore_errors=True)
