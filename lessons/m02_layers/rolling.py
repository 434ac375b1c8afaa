"""The case study: the peak moving average of every sensor, optimised one layer at a time.

A table of sensor readings (one row a reading: sensor, time, value, and the
columns a logger adds: site, unit, quality, status), ordered by sensor and then
time. For every sensor, the largest mean over ``window`` consecutive readings;
NaN for a sensor with fewer readings than that. Every version takes
``(table, window)`` and returns one float per sensor, in sensor order.

Each version changes one thing of the one before it, and says which layer of
the framework that is: algorithm, data, libraries or hardware.
"""

from __future__ import annotations

import math
from itertools import pairwise

import numba
import numpy as np
import pandas as pd
from numba import njit, prange


def _readings(sensors: int, per_sensor: int, seed: int = 0) -> pd.DataFrame:
    """A table like the loggers write: one row a minute per sensor, seven columns, ordered by
    sensor and then time; the value is a random walk around 20 degrees, three decimals."""
    rng = np.random.default_rng(seed)
    n = sensors * per_sensor
    start = np.datetime64("2024-01-01T00:00")
    return pd.DataFrame(
        {
            "sensor": np.repeat(np.arange(sensors, dtype=np.int64), per_sensor),
            "time": np.tile(start + np.arange(per_sensor).astype("timedelta64[m]"), sensors),
            "value": (20 + np.cumsum(rng.normal(0, 0.05, n))).round(3),
            "site": rng.choice(["north", "south", "east", "west"], n),
            "unit": np.full(n, "degC"),
            "quality": rng.uniform(0, 1, n).round(2),
            "status": rng.choice(["ok", "check"], n, p=[0.95, 0.05]),
        }
    )


def _peak(best_total: float, window: int) -> float:
    """The peak mean from the peak window sum (dividing by window keeps the order)."""
    return best_total / window if best_total > -math.inf else math.nan


def rolling_nested_loops(table: pd.DataFrame, window: int) -> np.ndarray:
    """The first version: every row as a Python tuple of all its columns, and every
    window summed again from scratch, window additions per reading."""
    series: dict[int, list[float]] = {}
    for row in table.itertuples(index=False):
        series.setdefault(row.sensor, []).append(row.value)
    peaks = []
    for sensor in sorted(series):
        values = series[sensor]
        best = -math.inf
        for end in range(window, len(values) + 1):
            total = 0.0
            for k in range(end - window, end):
                total += values[k]
            best = max(best, total)
        peaks.append(_peak(best, window))
    return np.array(peaks, dtype=np.float64)


def _sensor_bounds(sensors: np.ndarray) -> np.ndarray:
    """Where each sensor's readings start and end, for a column ordered by sensor."""
    starts = np.flatnonzero(np.diff(sensors)) + 1
    return np.concatenate(([0], starts, [len(sensors)])) if len(sensors) else np.zeros(1, dtype=np.int64)


def rolling_needed_columns(table: pd.DataFrame, window: int) -> np.ndarray:
    """Data layer: take only the two columns the question needs, whole, instead of
    building a tuple of all seven (dates and strings included) for every row."""
    bounds = _sensor_bounds(table["sensor"].to_numpy())
    values = table["value"].tolist()
    peaks = []
    for a, b in pairwise(bounds):
        best = -math.inf
        for end in range(a + window, b + 1):
            total = 0.0
            for k in range(end - window, end):
                total += values[k]
            best = max(best, total)
        peaks.append(_peak(best, window))
    return np.array(peaks, dtype=np.float64)


def rolling_running_sum(table: pd.DataFrame, window: int) -> np.ndarray:
    """Algorithm layer: keep a running sum, add the reading that enters the window and
    subtract the one that leaves: two operations per reading instead of window."""
    bounds = _sensor_bounds(table["sensor"].to_numpy())
    values = table["value"].tolist()
    return np.array([_running_peak(values[a:b], window) for a, b in pairwise(bounds)], dtype=np.float64)


def _running_peak(values: list[float], window: int) -> float:
    if len(values) < window:
        return math.nan
    total = sum(values[:window])
    best = total
    for i in range(window, len(values)):
        total += values[i] - values[i - window]
        best = max(best, total)
    return _peak(best, window)


def rolling_pandas(table: pd.DataFrame, window: int) -> np.ndarray:
    """Libraries: pandas' group-by and rolling mean, a running sum written in Cython."""
    means = table.groupby("sensor", sort=True)["value"].rolling(window).mean()
    return means.groupby(level=0, sort=True).max().to_numpy(dtype=np.float64)


def rolling_numpy_cumsum(table: pd.DataFrame, window: int) -> np.ndarray:
    """Libraries: NumPy turns the running sum into a cumulative sum, and every window
    sum into one subtraction of two cumulative sums, all in compiled loops."""
    bounds = _sensor_bounds(table["sensor"].to_numpy())
    values = table["value"].to_numpy()
    peaks = np.full(len(bounds) - 1, np.nan)
    for i, (a, b) in enumerate(pairwise(bounds)):
        if b - a >= window:
            sums = np.cumsum(values[a:b])
            windows = sums[window - 1 :] - np.concatenate(([0.0], sums[: b - a - window]))
            peaks[i] = windows.max() / window
    return peaks


def rolling_numba(table: pd.DataFrame, window: int) -> np.ndarray:
    """Libraries: the running-sum loop compiled by numba, one pass over the column,
    no temporary arrays; the sensors' bounds found in the same compiled code."""
    bounds = _bounds_numba(table["sensor"].to_numpy())
    return _peaks_numba(table["value"].to_numpy(), bounds, window)


def rolling_numba_float32(table: pd.DataFrame, window: int) -> np.ndarray:
    """Data layer: the readings as float32 (the sensors give fewer than seven digits),
    half the bytes for the loop to read; the sums stay float64. The conversion is one
    more pass over the column on every call."""
    bounds = _bounds_numba(table["sensor"].to_numpy())
    return _peaks_numba(table["value"].to_numpy(dtype=np.float32), bounds, window)


def rolling_numba_all_cores(table: pd.DataFrame, window: int) -> np.ndarray:
    """Hardware layer: the compiled float64 loop with the sensors shared out over
    every core (numba's prange)."""
    numba.set_num_threads(numba.config.NUMBA_NUM_THREADS)
    bounds = _bounds_numba(table["sensor"].to_numpy())
    return _peaks_numba_parallel(table["value"].to_numpy(), bounds, window)


@njit(cache=False)
def _bounds_numba(sensors):
    n = len(sensors)
    changes = 0
    for i in range(1, n):
        if sensors[i] != sensors[i - 1]:
            changes += 1
    bounds = np.empty(changes + 2 if n else 1, dtype=np.int64)
    bounds[0] = 0
    k = 1
    for i in range(1, n):
        if sensors[i] != sensors[i - 1]:
            bounds[k] = i
            k += 1
    if n:
        bounds[k] = n
    return bounds


@njit(cache=False)
def _peak_of(values, a, b, window):
    if b - a < window:
        return np.nan
    total = 0.0
    for i in range(a, a + window):
        total += values[i]
    best = total
    for i in range(a + window, b):
        total += values[i]  # two float64 additions: float32 readings are not
        total -= values[i - window]  # subtracted from each other in float32
        best = max(best, total)
    return best / window


@njit(cache=False)
def _peaks_numba(values, bounds, window):
    peaks = np.empty(len(bounds) - 1)
    for s in range(len(bounds) - 1):
        peaks[s] = _peak_of(values, bounds[s], bounds[s + 1], window)
    return peaks


@njit(parallel=True, cache=False)
def _peaks_numba_parallel(values, bounds, window):
    peaks = np.empty(len(bounds) - 1)
    for s in prange(len(bounds) - 1):
        peaks[s] = _peak_of(values, bounds[s], bounds[s + 1], window)
    return peaks
