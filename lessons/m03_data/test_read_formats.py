"""Benchmarks and equivalence tests for lessons/m03_data/read_formats.py."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings

from lessons.m03_data import _table, read_formats, write_formats
from lessons.m03_data.test_write_formats import assert_round_trip, mixed, mixed_tables
from optbook.lesson import by_scale, run, technique_names

ROWS = by_scale(tiny=[1_000], small=[100_000], medium=[1_000_000], large=[10_000_000])


KEEPS_TYPES = ("read_hdf5_h5py", "read_pickle")  # the type is stored with each column, or the whole object


def writer_for(technique: str):
    """read_feather -> write_feather."""
    return getattr(write_formats, "write_" + technique.split("_", 1)[1])


@pytest.fixture(scope="session")
def written(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, int], Path]:
    """The lesson's table in every format, written once per size when first asked for."""
    return {}


def file_for(written: dict, tmp_path_factory: pytest.TempPathFactory, technique: str, rows: int) -> Path:
    if (technique, rows) not in written:
        path = tmp_path_factory.mktemp("formats") / f"table-{rows}.{technique.split('_', 1)[1]}"
        writer_for(technique)(mixed(rows), path)
        written[(technique, rows)] = path
    return written[(technique, rows)]


@pytest.mark.parametrize("rows", ROWS)
@pytest.mark.parametrize("technique", technique_names(read_formats))
def test_read_formats(benchmark, technique: str, rows: int, written, tmp_path_factory) -> None:
    """Time reading the table back (a warm page cache: the file was just written); record
    which column types survived."""
    path = file_for(written, tmp_path_factory, technique, rows)
    table = run(benchmark, getattr(read_formats, technique), path, items=rows)
    changes = _table.dtype_changes(mixed(rows), table)
    benchmark.extra_info.update(file_size_bytes=path.stat().st_size, dtypes_survive=not changes, dtype_changes=changes)
    assert_round_trip(table, mixed(rows), technique)


@pytest.mark.parametrize("technique", technique_names(read_formats))
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])  # files are written
@given(table=mixed_tables())
def test_read_formats_agree_with_csv(technique: str, table) -> None:
    """Every reader gives back the values the CSV reader (the baseline) gives back."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "table"
        writer_for(technique)(table, path)
        read = getattr(read_formats, technique)(path)
        write_formats.write_csv(table, Path(folder) / "baseline.csv")
        baseline = read_formats.read_csv(Path(folder) / "baseline.csv")
    original = _table.comparable(table, table)
    assert_round_trip(read, table, technique)
    assert_round_trip(baseline, table, "read_csv")
    assert _table.comparable(read, table).shape == original.shape
    if technique in KEEPS_TYPES:  # these restore every column's type: compare the types, not only the values
        assert dict(read.dtypes) == dict(table.dtypes), f"{technique} lost a column's type"


def test_read_csv_keeps_text_that_looks_missing(tmp_path: Path) -> None:
    """Only the empty field means missing: "NA", "null" and "NaN" are text a station may log."""
    pd.DataFrame({"note": ["NA", "null", "NaN", None, "ok"]}).to_csv(tmp_path / "notes.csv", index=False)
    got = read_formats.read_csv(tmp_path / "notes.csv")["note"].tolist()
    assert got[:3] == ["NA", "null", "NaN"]
    assert pd.isna(got[3])
    assert got[4] == "ok"
