"""File formats, reading: each format written by write_formats.py read back into a DataFrame.

Every version takes ``path`` and returns the table. The tests record which
column types survived the round trip. (The deep reading benchmarks, chunks,
columns and memory maps, are in module 6.)
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd


def read_csv(path: Path) -> pd.DataFrame:
    """CSV: parse the text, guess every column's type (a date stays text, a category
    becomes plain strings); only the empty field means missing."""
    return pd.read_csv(path, keep_default_na=False, na_values=[""])


def read_json(path: Path) -> pd.DataFrame:
    """JSON records: parse the text, guess the types; a column named like a date
    (timestamp) is converted, a category comes back as plain strings."""
    return pd.read_json(path, orient="records")


def read_parquet_pyarrow(path: Path) -> pd.DataFrame:
    """Parquet through pyarrow: decode the columns into Arrow, then into pandas with
    the types from the schema."""
    return pd.read_parquet(path, engine="pyarrow")


def read_parquet_fastparquet(path: Path) -> pd.DataFrame:
    """Parquet through fastparquet, straight into NumPy arrays (called directly: pandas 3
    deprecates its engine)."""
    import fastparquet

    return fastparquet.ParquetFile(str(path)).to_pandas()


def read_feather(path: Path) -> pd.DataFrame:
    """Feather (Arrow IPC): decompress the Arrow columns and hand them to pandas."""
    return pd.read_feather(path)


def read_hdf5_h5py(path: Path) -> pd.DataFrame:
    """HDF5 through h5py: read each dataset and restore its pandas type from the
    attribute the writer left."""
    import h5py

    columns = {}
    with h5py.File(path, "r") as f:
        for name, data in f.items():
            dtype = data.attrs["pandas_dtype"]
            values = data.asstr()[()] if h5py.check_string_dtype(data.dtype) else data[()]
            if dtype.startswith("datetime64"):
                values = values.view(dtype)
            columns[name] = pd.Series(values).astype(dtype)
    return pd.DataFrame(columns)


def read_pickle(path: Path) -> pd.DataFrame:
    """pickle: rebuild the DataFrame object exactly; never unpickle a file you do not trust."""
    return pd.read_pickle(path)
