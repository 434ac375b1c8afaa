"""Reduce early: filter rows and select columns before the heavy step, not after it.

The question: the mean summer (June to August) temperature of 2023 per region,
from readings that passed quality control. Every version takes ``(readings,
stations)``: a table of readings (station, year, month, day, temperature and
six more columns) and a table of station facts (station, region and four more),
and returns the mean temperature per region, regions in sorted order. The heavy
step is the join that brings each reading its station's region.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

_SUMMER = [6, 7, 8]
_REGIONS = ["north", "east", "south", "west", "centre"]


def _stations(count: int, seed: int = 0) -> pd.DataFrame:
    """``count`` stations: id, region, height, latitude, longitude, name."""
    rng = np.random.default_rng(seed)
    return pd.DataFrame(
        {
            "station": pd.Series([f"ST{i:05d}" for i in range(count)], dtype="str"),
            "region": rng.choice(_REGIONS, count),
            "height": rng.uniform(-5, 300, count).round(1),
            "latitude": rng.uniform(50.7, 53.6, count).round(4),
            "longitude": rng.uniform(3.3, 7.2, count).round(4),
            "name": pd.Series([f"station {i}" for i in range(count)], dtype="str"),
        }
    )


def _readings(rows: int, stations: int, seed: int = 0) -> pd.DataFrame:
    """``rows`` daily readings of ten years at ``stations`` stations, eleven columns."""
    rng = np.random.default_rng(seed)
    return pd.DataFrame(
        {
            "station": pd.Series([f"ST{i:05d}" for i in rng.integers(0, stations, rows).tolist()], dtype="str"),
            "year": rng.integers(2014, 2024, rows),
            "month": rng.integers(1, 13, rows),
            "day": rng.integers(1, 29, rows),
            "temperature": rng.normal(10, 7, rows).round(1),
            "humidity": rng.uniform(30, 100, rows).round(1),
            "pressure": rng.normal(1013, 8, rows).round(1),
            "wind": rng.gamma(2.0, 2.0, rows).round(1),
            "rain": rng.exponential(1.0, rows).round(1),
            "quality": rng.choice(["ok", "suspect"], rows, p=[0.95, 0.05]),
            "note": rng.choice(["", "maintenance", "sensor swapped", "manual"], rows, p=[0.97, 0.01, 0.01, 0.01]),
        }
    )


def reduce_after_join(readings: pd.DataFrame, stations: pd.DataFrame) -> pd.Series:
    """Join everything, then filter and select: the join copies every row and every
    column of both tables, most of them thrown away right after."""
    joined = readings.merge(stations, on="station", how="left")
    wanted = joined[(joined["year"] == 2023) & joined["month"].isin(_SUMMER) & (joined["quality"] == "ok")]
    return wanted.groupby("region", sort=True)["temperature"].mean()


def reduce_columns_first(readings: pd.DataFrame, stations: pd.DataFrame) -> pd.Series:
    """Select the five columns the question needs, then join and filter: every row
    still joined, but only five columns of it."""
    needed = readings[["station", "year", "month", "quality", "temperature"]]
    joined = needed.merge(stations[["station", "region"]], on="station", how="left")
    wanted = joined[(joined["year"] == 2023) & joined["month"].isin(_SUMMER) & (joined["quality"] == "ok")]
    return wanted.groupby("region", sort=True)["temperature"].mean()


def reduce_rows_and_columns_first(readings: pd.DataFrame, stations: pd.DataFrame) -> pd.Series:
    """Filter the rows and select the columns first: the join sees only the few
    percent of readings that matter, two columns of each."""
    keep = (readings["year"] == 2023) & readings["month"].isin(_SUMMER) & (readings["quality"] == "ok")
    wanted = readings.loc[keep, ["station", "temperature"]]
    joined = wanted.merge(stations[["station", "region"]], on="station", how="left")
    return joined.groupby("region", sort=True)["temperature"].mean()
