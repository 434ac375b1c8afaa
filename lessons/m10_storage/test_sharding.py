"""Benchmarks and equivalence tests for lessons/m10_storage/sharding.py."""

from __future__ import annotations

import itertools
import shutil
import tempfile
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lessons.m10_storage import _arrays, sharding
from lessons.m10_storage.conftest import skip_unless_room
from optbook.lesson import by_scale, run, skip_if_too_slow, technique_names

# the array is SIDE x SIDE float32: 64 MiB and 4096 chunks at scale small
SIDES = by_scale(tiny=[256], small=[1024, 4096], medium=[4096, 8192], large=[8192, 16384])


def file_count(path: Path) -> int:
    return sum(1 for p in path.rglob("*") if p.is_file())


@pytest.mark.parametrize("side", SIDES)
@pytest.mark.parametrize("technique", technique_names(sharding))
def test_sharding(benchmark, technique: str, side: int, outputs: Path) -> None:
    """Write and read back a side x side array; every round writes a new store (the last one is
    removed in the untimed setup). The number of files is saved beside the time."""
    skip_unless_room(outputs, disk_bytes=3 * side * side * 4, memory_bytes=4 * side * side * 4)
    skip_if_too_slow(benchmark, grows_as=2)  # every number is written and read: time grows with side^2
    array = _arrays.smooth_field(side, side)
    stores = (outputs / f"{technique}-{side}-{i}.zarr" for i in itertools.count())
    last: list[Path] = []

    def fresh_store():
        for old in last:
            shutil.rmtree(old, ignore_errors=True)
        last[:] = [next(stores)]
        return (array, last[0]), {}

    result = run(benchmark, getattr(sharding, technique), setup=fresh_store, bytes=2 * array.nbytes)
    benchmark.extra_info["files"] = file_count(last[0])
    assert np.array_equal(result, array)  # lossless: exact


def test_sharding_makes_fewer_files() -> None:
    """A 1024 x 1024 array in chunks of 64 x 64: 256 chunk files without shards, one shard file
    with them (plus one metadata file, zarr.json, each)."""
    array = _arrays.smooth_field(1024, 1024)
    with tempfile.TemporaryDirectory(prefix="m10-shards-") as folder:
        plain, sharded = Path(folder) / "plain.zarr", Path(folder) / "sharded.zarr"
        sharding.write_read_chunk_files(array, plain)
        sharding.write_read_sharded(array, sharded)
        assert file_count(plain) == 256 + 1
        assert file_count(sharded) == 1 + 1
        assert file_count(sharded) < file_count(plain)


@pytest.mark.parametrize("technique", technique_names(sharding))
@settings(deadline=None, max_examples=10)  # a store written per example: keep it quick
@given(rows=st.integers(1, 200), columns=st.integers(1, 200))
def test_sharding_agrees(technique: str, rows: int, columns: int) -> None:
    """Exactly the array back for any shape: smaller than a chunk, not a whole number of
    chunks or shards, one row or column."""
    array = _arrays.smooth_field(rows, columns)
    with tempfile.TemporaryDirectory(prefix="m10-shards-") as folder:
        result = getattr(sharding, technique)(array, Path(folder) / "a.zarr")
        assert result.shape == array.shape and result.dtype == array.dtype
        assert np.array_equal(result, array)
