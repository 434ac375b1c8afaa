"""The table every file format stores in the formats lesson: one column of each common type."""

from __future__ import annotations

import numpy as np
import pandas as pd


def mixed_table(rows: int, seed: int = 0) -> pd.DataFrame:
    """``rows`` rows of eight columns: int64, category, datetime, float64, float32, int16, bool, str."""
    rng = np.random.default_rng(seed)
    start = np.datetime64("2024-01-01T00:00:00", "s")
    return pd.DataFrame(
        {
            "id": np.arange(rows, dtype=np.int64),
            "station": pd.Categorical(rng.choice([f"station_{i:02d}" for i in range(20)], rows)),
            "timestamp": pd.Series(start + rng.integers(0, 365 * 86400, rows).astype("timedelta64[s]")).astype(
                "datetime64[ns]"
            ),
            "temperature": rng.normal(10, 7, rows),
            "humidity": rng.uniform(30, 100, rows).astype(np.float32),
            "count": rng.integers(0, 1000, rows).astype(np.int16),
            "valid": rng.random(rows) < 0.95,
            "note": pd.Series(rng.choice(["ok", "maintenance", "sensor swapped", "manual check"], rows), dtype="str"),
        }
    )


def dtype_changes(original: pd.DataFrame, read: pd.DataFrame) -> dict[str, str]:
    """The columns whose dtype did not survive a round trip, as "before -> after" (missing columns too)."""
    changes = {}
    for name, dtype in original.dtypes.items():
        if name not in read.columns:
            changes[str(name)] = f"{dtype} -> missing"
        elif str(read[name].dtype) != str(dtype):
            changes[str(name)] = f"{dtype} -> {read[name].dtype}"
    return changes


def comparable(read: pd.DataFrame, original: pd.DataFrame) -> pd.DataFrame:
    """``read`` turned back into ``original``'s types where a format lost them, so the values
    can be compared: text to dates, float64 to float32, int64 to int16, categories and Arrow
    strings to plain Python strings."""
    columns = {}
    for name, dtype in original.dtypes.items():
        column = read[name] if name in read.columns else pd.Series([], dtype=object)
        if pd.api.types.is_datetime64_any_dtype(dtype):
            column = pd.to_datetime(column)
            if getattr(column.dt, "tz", None) is not None:
                column = column.dt.tz_convert("UTC").dt.tz_localize(None)
            column = column.astype("datetime64[ns]")
        elif isinstance(dtype, pd.CategoricalDtype) or pd.api.types.is_string_dtype(dtype):
            column = pd.Series(column.astype(object).tolist(), dtype=object)
        else:
            column = column.astype(dtype)
        columns[name] = column.reset_index(drop=True)
    return pd.DataFrame(columns, columns=list(original.columns))
