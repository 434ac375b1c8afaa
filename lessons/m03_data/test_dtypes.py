"""Benchmarks and equivalence tests for lessons/m03_data/dtypes.py, and tests of the memory helper (_memory.py)."""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from hypothesis.extra.pandas import column, data_frames, range_indexes

from lessons.m03_data import _memory, dtypes
from optbook.lesson import by_scale, run, technique_names

ROWS = by_scale(tiny=[2_000], small=[100_000, 1_000_000], medium=[1_000_000, 10_000_000], large=[10_000_000])


@functools.cache
def weather(rows: int) -> pd.DataFrame:
    """The lesson's table, made once per size (one string object per row takes a while)."""
    return dtypes._weather(rows, seed=rows)


def largest(values: pd.Series) -> float:
    """The largest magnitude in a column, missing values ignored; 0 for none."""
    return float(values.abs().fillna(0.0).max()) if len(values) else 0.0


def assert_same_stats(got: pd.DataFrame, expected: pd.DataFrame, table: pd.DataFrame, technique: str) -> None:
    """Check per-station results against the baseline's.

    Integer maxima are exact. The float columns agree to rounding: in float64 only the
    order of additions could differ (a few epsilons); float32 rounds each reading, each
    product and sum, and the mean (epsilon 1.2e-7 each), so the bound is a few float32
    epsilons times the largest term: 1.8 |t| + 32 for Fahrenheit, w^2 / 2 for the load.

    That relative bound fails near underflow: a wind of 3e-52 m/s is 0 in float32 (below
    its smallest subnormal, 1.4e-45), so the float32 load is 0 where float64's is 5e-104.
    Below float32's smallest normal number (1.2e-38) every rounding has an absolute error
    of up to half a subnormal instead, so a few subnormals are added to the bound (that is
    5e-324 in float64, where the baseline underflows exactly as the technique does).
    Overflow cannot happen here: readings are physical (|t| <= 60 °C, w <= 60 m/s), and
    60^2 / 2 is far below float32's largest value (3.4e38), so no term becomes infinite.
    """
    assert [str(s) for s in got.index] == [str(s) for s in expected.index]
    for name in ("humidity", "year"):
        assert got[name].astype(np.int64).tolist() == expected[name].astype(np.int64).tolist()
    floats = np.finfo(np.float32 if "float32" in technique or "all_downcast" in technique else np.float64)
    scales = {"fahrenheit": 1.8 * largest(table["temperature"]) + 32, "load": 0.5 * largest(table["wind"]) ** 2}
    for name, scale in scales.items():
        np.testing.assert_allclose(
            got[name].to_numpy(np.float64),
            expected[name].to_numpy(np.float64),
            rtol=0,
            atol=8 * floats.eps * scale + 8 * floats.smallest_subnormal,
        )


@pytest.mark.parametrize("rows", ROWS)
@pytest.mark.parametrize("technique", technique_names(dtypes))
def test_dtypes(benchmark, technique: str, rows: int) -> None:
    """Time the analysis on the table stored as the technique says; record the table's memory."""
    raw = weather(rows)
    table = dtypes._stored_as(raw, technique)  # converted once, outside the timed call
    stats = run(benchmark, getattr(dtypes, technique), table, items=rows)
    memory = int(table.memory_usage(deep=True).sum())
    baseline = int(dtypes._stored_as(raw, technique_names(dtypes)[0]).memory_usage(deep=True).sum())
    benchmark.extra_info.update(
        table_memory_bytes=memory,
        baseline_memory_bytes=baseline,
        memory_reduction=baseline / memory,
        dtypes={name: str(dtype) for name, dtype in table.dtypes.items()},
    )
    assert_same_stats(stats, dtypes.stats_float64_int64_object(raw), raw, technique)


@st.composite
def weather_tables(draw: st.DrawFn) -> pd.DataFrame:
    """0 to 30 readings at up to four stations; temperatures may be missing (NaN)."""
    n = draw(st.integers(min_value=0, max_value=30))
    names = st.sampled_from(["station_000", "station_001", "a", "Zürich"])
    return pd.DataFrame(
        {
            "station": pd.Series(draw(st.lists(names, min_size=n, max_size=n)), dtype=object),
            "temperature": draw(st.lists(st.floats(-60, 60) | st.just(np.nan), min_size=n, max_size=n)),
            "humidity": draw(st.lists(st.integers(0, 100), min_size=n, max_size=n)),
            "year": draw(st.lists(st.integers(2000, 2024), min_size=n, max_size=n)),
            "wind": draw(st.lists(st.floats(0, 60), min_size=n, max_size=n)),
        }
    ).astype(dtypes._STORAGE["stats_float64_int64_object"])


def _one_reading(wind: float) -> pd.DataFrame:
    """A one-row table with the given wind speed, in the baseline's types."""
    row = {"station": ["a"], "temperature": [0.0], "humidity": [0], "year": [2000], "wind": [wind]}
    return pd.DataFrame(row).astype(dtypes._STORAGE["stats_float64_int64_object"])


@pytest.mark.parametrize("technique", technique_names(dtypes))
@settings(max_examples=30)  # each example runs two pandas group-bys
@given(table=weather_tables())
@example(table=_one_reading(wind=3.157295e-52))  # 0 in float32: its square underflows (found by hypothesis)
@example(table=_one_reading(wind=1.2e-38))  # float32's smallest normal number: its square is subnormal
@example(table=_one_reading(wind=60.0))  # the fastest wind the strategy draws
def test_dtypes_agree_with_baseline(technique: str, table: pd.DataFrame) -> None:
    """Every storage gives the baseline's statistics: empty tables, one row, missing
    temperatures and a station whose readings are all missing included."""
    got = getattr(dtypes, technique)(dtypes._stored_as(table, technique))
    assert_same_stats(got, dtypes.stats_float64_int64_object(table), table, technique)


@pytest.mark.parametrize("technique", technique_names(dtypes))
def test_dtypes_give_the_hand_computed_statistics(technique: str) -> None:
    """Every version shares one analysis, so agreeing with the baseline cannot show it is right:
    two stations worked out by hand. a: 0 and 10 °C are 32 and 50 °F, mean 41; winds 2 and 4 m/s
    load 2 and 8, mean 5. b: -40 °C is -40 °F; wind 1 m/s loads 0.5. float32 keeps these exactly
    except the rounding of 1.8, hence rtol 1e-6."""
    table = pd.DataFrame(
        {
            "station": ["b", "a", "a"],  # b first: the stations come out sorted, not as first seen
            "temperature": [-40.0, 0.0, 10.0],
            "humidity": [5, 10, 90],
            "year": [2000, 2001, 2003],
            "wind": [1.0, 2.0, 4.0],
        }
    ).astype(dtypes._STORAGE["stats_float64_int64_object"])
    got = getattr(dtypes, technique)(dtypes._stored_as(table, technique))
    assert [str(s) for s in got.index] == ["a", "b"]
    np.testing.assert_allclose(got["fahrenheit"].astype(np.float64), [41.0, -40.0], rtol=1e-6)
    np.testing.assert_allclose(got["load"].astype(np.float64), [5.0, 0.5], rtol=1e-6)
    assert got["humidity"].astype(np.int64).tolist() == [90, 5]
    assert got["year"].astype(np.int64).tolist() == [2003, 2000]


# the memory helper


def test_memory_report_suggests_smaller_types_for_the_lesson_table() -> None:
    table = weather(10_000)
    report = _memory.memory_report(table)
    suggested = report["suggested"].drop("total").to_dict()
    assert suggested == {
        "station": "category",
        "temperature": "float32",
        "humidity": "int8",
        "year": "int16",
        "wind": "float32",
    }
    assert report.loc["total", "bytes"] == table.memory_usage(deep=True).sum()
    assert report.loc["total", "bytes"] >= 4 * report.loc["total", "bytes_after"]  # the lesson's 4x figure
    small = _memory.downcast(table)
    assert small.memory_usage(deep=True).sum() == report.loc["total", "bytes_after"]
    assert small["station"].astype(str).tolist() == table["station"].tolist()
    np.testing.assert_allclose(small["temperature"], table["temperature"], rtol=1e-6)


def test_memory_report_leaves_what_cannot_shrink() -> None:
    table = pd.DataFrame(
        {
            "flag": [True, False, True],
            "when": pd.to_datetime(["2024-01-01", "2024-01-02", "2024-01-03"]),
            "huge": [1e300, 2.0, 3.0],  # beyond float32's range
            "wide": [-(2**40), 0, 2**40],  # needs int64
            "unique_text": pd.Series(["a", "b", "c"], dtype=object),  # no repeats: Arrow strings, not category
            "kind": pd.Categorical(["x", "y", "x"]),
        }
    )
    suggested = _memory.memory_report(table)["suggested"].drop("total").to_dict()
    assert suggested == {"flag": "", "when": "", "huge": "", "wide": "", "unique_text": "string[pyarrow]", "kind": ""}


def test_memory_report_of_an_empty_table() -> None:
    report = _memory.memory_report(pd.DataFrame({"a": pd.Series([], dtype=np.int64)}))
    assert report.loc["a", "suggested"] == ""
    assert list(report.index) == ["a", "total"]


@given(
    data_frames(
        [
            column("i", dtype=np.int64, elements=st.integers(-(2**63), 2**63 - 1)),
            column("small", dtype=np.int64, elements=st.integers(-300, 300)),
            column("u", dtype=np.int64, elements=st.integers(0, 70_000)),
            column("f", dtype=np.float64, elements=st.floats(allow_nan=True, allow_infinity=True)),
            column("s", dtype=object, elements=st.sampled_from(["a", "b", "ccc"])),
        ],
        index=range_indexes(max_size=30),
    )
)
@settings(max_examples=50)
def test_downcast_keeps_the_values(table: pd.DataFrame) -> None:
    """Any suggested type holds every value: integers exactly, floats to the tolerance asked."""
    small = _memory.downcast(table, rtol=1e-6)
    assert small["i"].tolist() == table["i"].tolist()
    assert small["small"].tolist() == table["small"].tolist()
    assert small["u"].tolist() == table["u"].tolist()
    np.testing.assert_allclose(small["f"].astype(np.float64), table["f"], rtol=1e-6, equal_nan=True)
    assert small["s"].astype(object).tolist() == table["s"].tolist()
    report = _memory.memory_report(table)
    assert report.loc["total", "bytes_after"] <= report.loc["total", "bytes"]
