"""dtypes: the same analysis on the same table, stored with smaller types.

The table holds weather readings: station (text, 50 names), temperature (°C,
one decimal), humidity (0 to 100 %), year (2000 to 2024) and wind (m/s). The
analysis is the same in every version (Fahrenheit arithmetic, then a group-by
per station); what changes is only how the table is stored, listed in
``_STORAGE``: a loader gets these types from ``pd.read_csv(..., dtype=...)`` or
``astype`` once, and every later step profits. The tests convert the table
outside the timed call and record each version's memory.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

_BASELINE = {"station": object, "temperature": "float64", "humidity": "int64", "year": "int64", "wind": "float64"}
_STORAGE = {
    "stats_float64_int64_object": _BASELINE,
    "stats_float32": {**_BASELINE, "temperature": "float32", "wind": "float32"},
    "stats_smallest_ints": {**_BASELINE, "humidity": "uint8", "year": "uint16"},
    "stats_arrow_strings": {**_BASELINE, "station": "string[pyarrow]"},
    "stats_category": {**_BASELINE, "station": "category"},
    "stats_all_downcast": {
        "station": "category",
        "temperature": "float32",
        "humidity": "uint8",
        "year": "uint16",
        "wind": "float32",
    },
}


def _weather(rows: int, seed: int = 0) -> pd.DataFrame:
    """A table of ``rows`` readings with the baseline's types."""
    rng = np.random.default_rng(seed)
    codes = rng.integers(0, 50, rows)
    return pd.DataFrame(
        {
            # one string object per row, as a parser or a Python loop makes them
            "station": pd.Series([f"station_{c:03d}" for c in codes.tolist()], dtype=object),
            "temperature": rng.normal(10, 8, rows).round(1),
            "humidity": rng.integers(0, 101, rows),
            "year": rng.integers(2000, 2025, rows),
            "wind": rng.gamma(2.0, 2.0, rows).round(1),
        }
    )


def _stored_as(table: pd.DataFrame, technique: str) -> pd.DataFrame:
    """The table in the types a technique names (see ``_STORAGE``)."""
    return table.astype(_STORAGE[technique])


def _station_stats(table: pd.DataFrame) -> pd.DataFrame:
    """Per station: mean temperature in °F, mean wind load (half the squared speed), highest humidity, latest year."""
    fahrenheit = table["temperature"] * 1.8 + 32
    load = table["wind"] * table["wind"] * 0.5
    frame = pd.DataFrame(
        {
            "station": table["station"],
            "fahrenheit": fahrenheit,
            "load": load,
            "humidity": table["humidity"],
            "year": table["year"],
        }
    )
    return frame.groupby("station", observed=True, sort=True).agg(
        fahrenheit=("fahrenheit", "mean"), load=("load", "mean"), humidity=("humidity", "max"), year=("year", "max")
    )


def stats_float64_int64_object(table: pd.DataFrame) -> pd.DataFrame:
    """As many loaders give it: 8-byte floats and integers, and every station name a
    Python string object (pandas 2's default; dtype=object in pandas 3)."""
    return _station_stats(table)


def stats_float32(table: pd.DataFrame) -> pd.DataFrame:
    """Temperature and wind as float32: half the bytes for seven significant digits,
    more than a one-decimal reading has."""
    return _station_stats(table)


def stats_smallest_ints(table: pd.DataFrame) -> pd.DataFrame:
    """Humidity as uint8 (0 to 255) and year as uint16: one and two bytes instead of eight."""
    return _station_stats(table)


def stats_arrow_strings(table: pd.DataFrame) -> pd.DataFrame:
    """Station names as Arrow strings: one buffer of characters and offsets, no Python
    object per value (pandas 3's default str type)."""
    return _station_stats(table)


def stats_category(table: pd.DataFrame) -> pd.DataFrame:
    """Station names as a category: 50 names stored once, and a one-byte code per row;
    the group-by works on the codes."""
    return _station_stats(table)


def stats_all_downcast(table: pd.DataFrame) -> pd.DataFrame:
    """Every column in its smallest type at once: category, float32 and small integers."""
    return _station_stats(table)
