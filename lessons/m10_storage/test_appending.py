"""Benchmarks and equivalence tests for lessons/m10_storage/appending.py."""

from __future__ import annotations

import tempfile
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lessons.m10_storage import appending
from optbook.lesson import by_scale, run, skip_if_too_slow, technique_names

SIZES = by_scale(tiny=[20_000], small=[100_000, 1_000_000], medium=[1_000_000, 10_000_000])  # rows
MEAN_BLOCK = 1_000  # rows per block, on average (1 to 2000)


def make_blocks(n: int, seed: int = 0) -> list[np.ndarray]:
    """n rows of three values, cut into blocks of 1 to 2000 rows (made outside the timing)."""
    rng = np.random.default_rng(seed)
    rows = rng.standard_normal((n, appending.WIDTH))
    cuts = np.cumsum(rng.integers(1, 2 * MEAN_BLOCK, n // MEAN_BLOCK + 2))
    return np.split(rows, cuts[cuts < n])


@pytest.mark.parametrize("n", SIZES)
@pytest.mark.parametrize("technique", technique_names(appending))
def test_appending(benchmark, technique: str, n: int, outputs: Path) -> None:
    """Collect n rows arriving in blocks of about 1000; bytes= counts the rows' bytes."""
    skip_if_too_slow(benchmark, grows_as=2 if technique == "append_concatenate" else 1)
    blocks = make_blocks(n, seed=n)
    path = outputs / f"{technique}-{n}.zarr"  # only append_zarr writes here (overwriting it)
    benchmark.extra_info["blocks"] = len(blocks)
    rows = run(benchmark, getattr(appending, technique), blocks, path, bytes=n * appending.WIDTH * 8, items=n)
    assert np.array_equal(rows, np.concatenate(blocks))  # copies only, no arithmetic: exact
    if technique == "append_zarr":  # the rows are on disk, not only returned
        import zarr

        assert np.array_equal(zarr.open_array(path, mode="r")[...], rows)


@pytest.mark.parametrize("technique", technique_names(appending))
@settings(deadline=None, max_examples=25)  # append_zarr writes a store per example
@given(sizes=st.lists(st.integers(0, 40_000), max_size=6))
def test_appending_agrees(technique: str, sizes: list[int]) -> None:
    """The same rows, shape (n, 3) and dtype for any blocks: none, empty blocks, one row,
    blocks larger than the buffer's first capacity (1024), totals across a Zarr chunk
    (65,536 rows), given as a one-pass iterator."""
    rng = np.random.default_rng(len(sizes))
    blocks = [rng.standard_normal((k, appending.WIDTH)) for k in sizes]
    with tempfile.TemporaryDirectory(prefix="m10-append-") as folder:
        got = getattr(appending, technique)(iter(blocks), Path(folder) / "rows.zarr")
        expected = appending.append_concatenate(blocks, Path(folder) / "unused.zarr")
        assert got.shape == expected.shape == (sum(sizes), appending.WIDTH) and got.dtype == np.float64
        assert np.array_equal(got, expected)


def test_appending_to_zarr_again_replaces_the_old_store(tmp_path: Path) -> None:
    """A second run into the same path (every round of the benchmark writes there) starts a new
    array: it holds the new rows, not the old ones followed by the new, nor an error."""
    path = tmp_path / "rows.zarr"
    appending.append_zarr(make_blocks(3000, seed=1), path)
    again = make_blocks(500, seed=2)
    assert np.array_equal(appending.append_zarr(iter(again), path), np.concatenate(again))
