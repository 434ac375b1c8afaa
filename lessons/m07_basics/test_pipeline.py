"""Benchmarks and equivalence tests for lessons/m07_basics/pipeline.py."""

from __future__ import annotations

import random
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lessons.m07_basics import pipeline
from optbook.lesson import by_scale, run, technique_names

SIZES = by_scale(tiny=[10_000], small=[500_000], medium=[5_000_000])


def write_lines(path: Path, rows: list[tuple[int, float]]) -> Path:
    path.write_text("".join(f"{flag},{value!r}\n" for flag, value in rows))
    return path


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[int, tuple[Path, float]]]:
    """One file per size (made once, read from the warm page cache) and its expected total;
    removed once every benchmark of this module has been timed (pytest would keep it for three runs)."""
    folder = tmp_path_factory.mktemp("pipeline")
    made = {}
    for n in SIZES:
        rng = random.Random(n)
        rows = [(rng.randint(0, 1), round(rng.uniform(0, 100), 3)) for _ in range(n)]
        path = write_lines(folder / f"rows-{n}.csv", rows)
        made[n] = (path, sum(value for flag, value in rows if flag == 1))
    yield made
    shutil.rmtree(folder, ignore_errors=True)


@pytest.mark.parametrize("n", SIZES)
@pytest.mark.parametrize("technique", technique_names(pipeline))
def test_pipeline(benchmark, technique: str, n: int, files) -> None:
    """Sum the flagged values of a file of n lines; peak memory is the figure to watch."""
    path, expected = files[n]
    benchmark.extra_info["file_bytes"] = path.stat().st_size
    total = run(benchmark, getattr(pipeline, technique), path, items=n)
    assert total == expected  # the same additions in the same order: the same float


@pytest.mark.parametrize("technique", technique_names(pipeline))
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])  # tmp_path is only written, per example
@given(rows=st.lists(st.tuples(st.integers(0, 2), st.floats(-1e6, 1e6, allow_nan=False))))
def test_pipeline_agrees(technique: str, rows: list[tuple[int, float]], tmp_path: Path) -> None:
    """The same total as the list version, for any file: empty, one line, no flagged line, other flags."""
    path = write_lines(tmp_path / "rows.csv", rows)
    assert getattr(pipeline, technique)(path) == pipeline.total_with_lists(path)
