"""Benchmarks and equivalence tests for lessons/m03_data/write_formats.py."""

from __future__ import annotations

import functools
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lessons.m03_data import _table, read_formats, write_formats
from optbook.lesson import by_scale, run, technique_names

ROWS = by_scale(tiny=[1_000], small=[100_000], medium=[1_000_000], large=[10_000_000])


def format_of(technique: str) -> str:
    """write_parquet_pyarrow -> parquet_pyarrow: the name shared by a writer and its reader."""
    return technique.split("_", 1)[1]


def reader_for(technique: str):
    return getattr(read_formats, "read_" + format_of(technique))


@functools.cache
def mixed(rows: int) -> pd.DataFrame:
    return _table.mixed_table(rows, seed=rows)


def assert_round_trip(read: pd.DataFrame, original: pd.DataFrame, technique: str) -> None:
    """The values survive, once lost types are restored. CSV writes the shortest text that
    reads back to the same float64, and the binary formats store the bits: they are compared
    exactly. pandas' JSON
    writer rounds to 10 decimal places (3.33e-9 becomes 0.0000000033) and keeps at most 15
    significant digits (123456.123456789012 becomes 123456.123456789): an absolute error of
    half a unit in the tenth decimal, 5e-11, plus a relative one of half a unit in the 15th
    digit, 5e-15, each doubled to cover the rounding of the text back to binary. Tiny values
    are therefore compared absolutely (they may come back as 0), large ones relatively; there
    is no overflow (the lesson's floats stay below 1e6, float32's within 0 to 100)."""
    # no column added (a writer that also stores the index adds one, "Unnamed: 0" in CSV); JSON
    # records of an empty table ("[]") come back with no columns at all, so a lost one is allowed
    added = set(map(str, read.columns)) - set(map(str, original.columns))
    assert not added, f"{technique} added the columns {sorted(added)}"
    got, expected = _table.comparable(read, original), _table.comparable(original, original)
    if "json" in technique:
        pd.testing.assert_frame_equal(got, expected, check_exact=False, rtol=1e-14, atol=1e-10)
    else:
        pd.testing.assert_frame_equal(got, expected, check_exact=True)


@pytest.fixture(scope="module")
def output_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the timed writers write, kept until the end of the run: the timed rounds run after
    the test that asked for them has ended (see optbook.lesson.run)."""
    return tmp_path_factory.mktemp("written")


@pytest.mark.parametrize("rows", ROWS)
@pytest.mark.parametrize("technique", technique_names(write_formats))
def test_write_formats(benchmark, technique: str, rows: int, output_folder: Path) -> None:
    """Time writing the table (each round overwrites the file; the page cache takes the
    bytes, nothing is synced to disk); record the size on disk; read it back."""
    table = mixed(rows)
    path = output_folder / f"table-{rows}.{format_of(technique)}"  # one file per technique and size
    run(benchmark, getattr(write_formats, technique), table, path, items=rows)
    benchmark.extra_info.update(
        file_size_bytes=path.stat().st_size, memory_bytes=int(table.memory_usage(deep=True).sum())
    )
    assert_round_trip(reader_for(technique)(path), table, technique)


@st.composite
def mixed_tables(draw: st.DrawFn) -> pd.DataFrame:
    """0 to 12 rows of the lesson's eight column types; temperatures may be missing."""
    n = draw(st.integers(0, 12))

    def values(elements: st.SearchStrategy) -> list:
        return draw(st.lists(elements, min_size=n, max_size=n))

    seconds = values(st.integers(0, 4_000_000_000))  # 1970 to 2096, whole seconds
    text = st.text("abcdefghij ", min_size=0, max_size=8).map(lambda s: "x" + s)  # never empty, never a number
    return pd.DataFrame(
        {
            "id": pd.Series(values(st.integers(-(10**12), 10**12)), dtype=np.int64),
            "station": pd.Categorical(values(st.sampled_from(["a", "b", "station_19"]))),
            "timestamp": pd.Series(np.array(seconds, dtype="datetime64[s]")).astype("datetime64[ns]"),
            "temperature": pd.Series(values(st.floats(-1e6, 1e6) | st.just(np.nan)), dtype=np.float64),
            "humidity": pd.Series(values(st.floats(0, 100, width=32)), dtype=np.float32),
            "count": pd.Series(values(st.integers(-(2**15), 2**15 - 1)), dtype=np.int16),
            "valid": pd.Series(values(st.booleans()), dtype=bool),
            "note": pd.Series(values(text), dtype="str"),
        }
    )


@pytest.mark.parametrize("technique", technique_names(write_formats))
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])  # files are written
@given(table=mixed_tables())
def test_write_formats_round_trip(technique: str, table: pd.DataFrame) -> None:
    """Every format gives back what CSV (the baseline) gives back, and both the original
    values: empty tables, missing temperatures, extreme dates and small integers included."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "table"
        getattr(write_formats, technique)(table, path)
        read = reader_for(technique)(path)
        write_formats.write_csv(table, Path(folder) / "baseline.csv")
        baseline = read_formats.read_csv(Path(folder) / "baseline.csv")
    assert_round_trip(read, table, technique)
    assert_round_trip(baseline, table, "write_csv")
