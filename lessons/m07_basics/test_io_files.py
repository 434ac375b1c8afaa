"""Benchmarks and equivalence tests for lessons/m07_basics/io_files.py."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lessons.m07_basics import io_files
from lessons.m07_basics._pools import USABLE_CORES
from lessons.m07_basics._tree_cpu import cores_with_workers
from optbook.lesson import by_scale, run, technique_names

WORKERS = sorted({1, USABLE_CORES, *by_scale(tiny=[], small=[4 * USABLE_CORES])})
FILES = by_scale(tiny=8, small=64, medium=256)
FILE_BYTES = by_scale(tiny=64 * 1024, small=1024 * 1024)
CAN_EVICT = hasattr(os, "posix_fadvise")
# a cold round reads from the disk, whose speed varies from round to round on a shared or
# virtual machine: enough rounds that the medians compare
COLD_ROUNDS = by_scale(tiny=2, small=15, medium=15, large=7)


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[Path]]:
    """FILES files of FILE_BYTES random bytes each, written once, kept until every benchmark of
    this module has been timed, then removed (pytest would keep them for three runs)."""
    folder = tmp_path_factory.mktemp("io_files")
    paths = []
    for i in range(FILES):
        path = folder / f"part-{i:04d}.bin"
        path.write_bytes(os.urandom(FILE_BYTES))
        paths.append(path)
    yield paths
    shutil.rmtree(folder, ignore_errors=True)


def evict_from_page_cache(paths: list[Path]) -> None:
    """Ask the kernel to drop these files' pages from its cache (other files stay cached):
    the next read has to go to the disk. The kernel does not drop dirty pages (written but
    not yet on disk), so each file is flushed first (fsync)."""
    for path in paths:
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
            os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
        finally:
            os.close(fd)


# files_count is a parameter so that the group names it; workers is not a data size to fit a scaling law to
@pytest.mark.parametrize("cache", ["warm", "cold"])
@pytest.mark.parametrize("workers", WORKERS)
@pytest.mark.parametrize("files_count", [FILES])
@pytest.mark.parametrize("technique", technique_names(io_files))
def test_io_files(benchmark, technique: str, files_count: int, workers: int, cache: str, files: list[Path]) -> None:
    """Read FILES files with ``workers`` threads or processes, from the page cache (warm) or the disk (cold)."""
    fn = getattr(io_files, technique)
    total = FILES * FILE_BYTES
    if cache == "cold":
        if not CAN_EVICT:
            pytest.skip("this OS has no posix_fadvise to evict files from the page cache (Linux has)")

        def fresh():  # every round starts with the files out of the cache
            evict_from_page_cache(files)
            return (files, workers), {}

        sizes = run(benchmark, fn, bytes=total, setup=fresh, rounds=COLD_ROUNDS)
    else:
        fn(files, workers)  # read once: the files are now in the page cache
        sizes = run(benchmark, fn, files, workers, bytes=total)
    if benchmark.enabled and cache == "warm":
        benchmark.extra_info["cores_with_workers"] = cores_with_workers(lambda: fn(files, workers))
    assert sizes == [FILE_BYTES] * FILES


@pytest.mark.parametrize("technique", technique_names(io_files))
@settings(deadline=None, max_examples=15, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(sizes=st.lists(st.integers(0, 5000), max_size=6), workers=st.integers(1, 3))
def test_io_files_agrees(technique: str, sizes: list[int], workers: int, tmp_path: Path) -> None:
    """The same sizes in the same order, for any files (none, empty ones)."""
    paths = []
    for i, size in enumerate(sizes):
        paths.append(tmp_path / f"{i}.bin")
        paths[-1].write_bytes(b"x" * size)
    assert getattr(io_files, technique)(paths, workers) == sizes
