"""Benchmarks and equivalence tests for lessons/m03_data/reduce_early.py."""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lessons.m03_data import reduce_early
from optbook.lesson import by_scale, run, technique_names

ROWS = by_scale(tiny=[5_000], small=[1_000_000], medium=[10_000_000], large=[50_000_000])
STATIONS = 500


@functools.cache
def tables(rows: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    return reduce_early._readings(rows, STATIONS, seed=rows), reduce_early._stations(STATIONS)


def assert_same_means(got: pd.Series, expected: pd.Series) -> None:
    """Every version averages the same readings in the same order (joins keep the readings'
    order), so the means agree to the last bit; a tolerance of a few epsilons is left for safety."""
    pd.testing.assert_series_equal(got, expected, check_exact=False, rtol=1e-12, check_index_type=False)


@pytest.mark.parametrize("rows", ROWS)
@pytest.mark.parametrize("technique", technique_names(reduce_early))
def test_reduce_early(benchmark, technique: str, rows: int) -> None:
    """Time the question on ``rows`` readings of 500 stations; check the means per region."""
    readings, stations = tables(rows)
    means = run(benchmark, getattr(reduce_early, technique), readings, stations, items=rows)
    assert_same_means(means, reduce_early.reduce_rows_and_columns_first(readings, stations))


@st.composite
def station_tables(draw: st.DrawFn) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Up to 40 readings of 2022 and 2023 at stations of which some are not in the station table."""
    stations = reduce_early._stations(draw(st.integers(0, 6)), seed=draw(st.integers(0, 9)))
    n = draw(st.integers(0, 40))
    ids = st.sampled_from([f"ST{i:05d}" for i in range(8)])
    readings = reduce_early._readings(n, 1)

    def column(elements: st.SearchStrategy, dtype: str) -> pd.Series:
        return pd.Series(draw(st.lists(elements, min_size=n, max_size=n)), dtype=dtype)

    readings["station"] = column(ids, "str")
    readings["year"] = column(st.sampled_from([2022, 2023]), "int64")
    readings["month"] = column(st.integers(1, 12), "int64")
    readings["quality"] = column(st.sampled_from(["ok", "suspect"]), "str")
    readings["temperature"] = column(st.floats(-40, 40) | st.just(np.nan), "float64")
    return readings, stations


@pytest.mark.parametrize("technique", technique_names(reduce_early))
@settings(max_examples=30, deadline=None)  # each example runs a few pandas joins
@given(pair=station_tables())
def test_reduce_early_agrees_with_join_first(technique: str, pair: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    """Filtering early gives the same means as joining first: no matching rows, readings of
    unknown stations (no region: left out of every version) and missing temperatures included."""
    readings, stations = pair
    got = getattr(reduce_early, technique)(readings, stations)
    assert_same_means(got, reduce_early.reduce_after_join(readings, stations))
