"""File formats, writing: the same table saved as CSV, JSON, Parquet, Feather, HDF5 and pickle.

Every version takes ``(table, path)`` and writes the table to ``path`` in one
format; read_formats.py reads each back. The tests record the size on disk.
Text formats (CSV, JSON) are readable by anything and keep no types; binary
columnar formats (Parquet, Feather) keep the types and compress; pickle keeps
everything but only Python can read it, and only trusted files should be.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd


def write_csv(table: pd.DataFrame, path: Path) -> None:
    """CSV: every number turned into text, one line a row; no types stored."""
    table.to_csv(path, index=False)


def write_json(table: pd.DataFrame, path: Path) -> None:
    """JSON records: text again, and every row repeats the column names."""
    table.to_json(path, orient="records", date_format="iso", date_unit="s")


def write_parquet_pyarrow(table: pd.DataFrame, path: Path) -> None:
    """Parquet through pyarrow: binary, by column, encoded and compressed (snappy),
    types kept in the file's schema."""
    table.to_parquet(path, engine="pyarrow", index=False)


def write_parquet_fastparquet(table: pd.DataFrame, path: Path) -> None:
    """Parquet through fastparquet, a second writer of the same format (NumPy and
    numba instead of Arrow's C++), called directly: pandas 3 deprecates its engine."""
    import fastparquet

    fastparquet.write(str(path), table, write_index=False, compression="SNAPPY")


def write_feather(table: pd.DataFrame, path: Path) -> None:
    """Feather (Arrow IPC): Arrow's in-memory columns written as they are, compressed
    (lz4), made for fast reading."""
    table.to_feather(path)


def write_hdf5_h5py(table: pd.DataFrame, path: Path) -> None:
    """HDF5 through h5py: one dataset per column. HDF5 stores arrays, not tables: the
    pandas types are kept by hand, as an attribute on each dataset."""
    import h5py

    with h5py.File(path, "w") as f:
        for name, column in table.items():
            dtype = column.dtype
            if isinstance(dtype, pd.CategoricalDtype):
                values = column.astype(str).to_numpy(dtype=object)
                data = f.create_dataset(name, data=values, dtype=h5py.string_dtype())
            elif pd.api.types.is_datetime64_dtype(dtype):
                data = f.create_dataset(name, data=column.to_numpy().view(np.int64))
            elif pd.api.types.is_string_dtype(dtype):
                data = f.create_dataset(name, data=column.to_numpy(dtype=object), dtype=h5py.string_dtype())
            else:
                data = f.create_dataset(name, data=column.to_numpy())
            data.attrs["pandas_dtype"] = str(dtype)


def write_pickle(table: pd.DataFrame, path: Path) -> None:
    """pickle: Python's own serialisation of the whole DataFrame object."""
    table.to_pickle(path)
