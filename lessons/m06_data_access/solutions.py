"""Solutions to the exercises of lesson 6 (exercises.py): one way to do each, not the only one."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pandas as pd


def row_filter_exercise(path: Path, start: datetime, end: datetime):
    """Predicate pushdown: the window given to the Parquet reader, which skips the row
    groups whose statistics lie outside it."""
    return pd.read_parquet(path, filters=[("timestamp", ">=", start), ("timestamp", "<", end)])


def projection_csv_exercise(path: Path):
    """Arrow's multi-threaded CSV reader converts only the two columns asked for."""
    import pyarrow.csv

    options = pyarrow.csv.ConvertOptions(include_columns=["station", "temperature"])
    return pyarrow.csv.read_csv(path, convert_options=options)
