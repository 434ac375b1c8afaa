"""Benchmarks and equivalence tests for lessons/m02_layers/rolling.py."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lessons.m02_layers import rolling
from optbook.lesson import by_scale, run, skip_if_too_slow, technique_names

PER_SENSOR = by_scale(tiny=500, small=5000)  # readings a sensor: 5000 minutes, about 3.5 days
ROWS = by_scale(tiny=[2_000], small=[100_000, 1_000_000], medium=[1_000_000, 10_000_000], large=[10_000_000])
WINDOW = 120  # a two-hour moving average of one-minute readings


def assert_peaks(got: np.ndarray, expected: np.ndarray, values: np.ndarray, longest: int, technique: str) -> None:
    """Check peak means, NaN where a sensor has too few readings.

    The versions add the same readings in different ways: window by window, as a running
    sum over a whole series, or as differences of cumulative sums. Each addition rounds by
    at most one float64 epsilon (2.2e-16) of the running total, which is at most the
    series' length times the largest reading; four times that bounds the difference of
    two versions. float32 rounds every reading once, by at most its epsilon (1.2e-7), and
    flushes readings below its smallest normal number (1.2e-38) to zero.
    """
    scale = float(np.abs(values).max(initial=0.0)) or 1.0
    tolerance = 4 * (longest + 1) * np.finfo(np.float64).eps * scale
    if "float32" in technique:
        tolerance += np.finfo(np.float32).eps * scale + 2 * np.finfo(np.float32).smallest_normal
    np.testing.assert_allclose(np.asarray(got, dtype=np.float64), expected, rtol=0, atol=tolerance, equal_nan=True)


@pytest.mark.parametrize("rows", ROWS)
@pytest.mark.parametrize("technique", technique_names(rolling))
def test_rolling(benchmark, technique: str, rows: int) -> None:
    """Time one version on ``rows`` readings (5000 a sensor); check its peaks."""
    skip_if_too_slow(benchmark, grows_as=1)
    table = rolling._readings(rows // PER_SENSOR, PER_SENSOR, seed=rows)
    peaks = run(benchmark, getattr(rolling, technique), table, WINDOW, items=rows)
    expected = rolling.rolling_numba(table, WINDOW)
    assert_peaks(peaks, expected, table["value"].to_numpy(), PER_SENSOR, technique)


@st.composite
def sensor_tables(draw: st.DrawFn) -> pd.DataFrame:
    """Up to four sensors (increasing ids, not always from 0) of 1 to 30 readings each,
    the empty table included, with all seven columns."""
    ids = sorted(draw(st.sets(st.integers(min_value=-5, max_value=50), max_size=4)))
    lengths = [draw(st.integers(min_value=1, max_value=30)) for _ in ids]
    values = draw(st.lists(st.floats(-1e3, 1e3, allow_nan=False), min_size=sum(lengths), max_size=sum(lengths)))
    n = len(values)
    return pd.DataFrame(
        {
            "sensor": np.repeat(np.array(ids, dtype=np.int64), lengths),
            "time": np.datetime64("2024-01-01T00:00") + np.arange(n).astype("timedelta64[m]"),
            "value": np.array(values, dtype=np.float64),
            "site": np.full(n, "north"),
            "unit": np.full(n, "degC"),
            "quality": np.ones(n),
            "status": np.full(n, "ok"),
        }
    )


@pytest.mark.parametrize("technique", technique_names(rolling))
@settings(deadline=None)  # numba compiles on the first call
@given(table=sensor_tables(), window=st.integers(min_value=1, max_value=12))
def test_rolling_agrees_with_nested_loops(technique: str, table: pd.DataFrame, window: int) -> None:
    """Every version gives the nested loops' peaks: sensors shorter than the window (NaN),
    one reading, a window of one, and no rows at all included."""
    got = getattr(rolling, technique)(table, window)
    expected = rolling.rolling_nested_loops(table, window)
    longest = int(table.groupby("sensor").size().max()) if len(table) else 0
    assert len(got) == len(expected)
    assert got.dtype == np.float64, f"{technique} gives {got.dtype}, not one float per sensor"
    assert_peaks(got, expected, table["value"].to_numpy(), longest, technique)


@settings(deadline=None)  # numba compiles on the first call
@given(table=sensor_tables(), window=st.integers(min_value=1, max_value=12))
def test_float32_reads_float32_readings(table: pd.DataFrame, window: int) -> None:
    """The float32 version reads the readings rounded to float32 and sums them in float64: exactly
    what the float64 loop gives on the rounded readings (a float64 read would pass the tolerance
    of the equivalence test above, so this is what shows the conversion is really made)."""
    rounded = table.assign(value=table["value"].to_numpy(dtype=np.float32).astype(np.float64))
    got = rolling.rolling_numba_float32(table, window)
    np.testing.assert_array_equal(got, rolling.rolling_numba(rounded, window))
