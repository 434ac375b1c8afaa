"""Benchmarks and equivalence tests for lessons/m04_profiling/pipeline.py."""

from __future__ import annotations

import functools

import pytest
from hypothesis import example, given, settings

from lessons.m04_profiling import pipeline
from lessons.m04_profiling._testing import assert_same_report, generated_logs, write_lines
from optbook.lesson import by_scale, run, skip_if_too_slow, technique_names

# 96 readings a day per sensor: 48,000 lines come from 500 sensors
LINES = by_scale(tiny=[960], small=[48_000], medium=[48_000, 192_000], large=[48_000, 960_000])


@functools.cache
def expected_report(path: str, known: tuple[str, ...]) -> str:
    """The report of the last technique, computed once per log (the equivalence test below shows
    that every technique, the baseline included, gives the same report)."""
    return pipeline.pipeline_pandas_reader(path, list(known))


@pytest.mark.parametrize("lines", LINES)
@pytest.mark.parametrize("technique", technique_names(pipeline))
def test_pipeline(benchmark, technique: str, lines: int, sensor_logs) -> None:
    """Time one version of the pipeline on a day of logs of ``lines`` lines; check its report."""
    skip_if_too_slow(benchmark, grows_as=2)  # the report by concatenation is quadratic
    path, known = sensor_logs(lines)
    report = run(benchmark, getattr(pipeline, technique), path, known, items=lines)
    assert_same_report(report, expected_report(path, tuple(known)))


@pytest.mark.parametrize("technique", technique_names(pipeline))
@settings(deadline=None, max_examples=30)  # every example calls pandas a few dozen times
@given(log=generated_logs())
@example(log=([], []))  # an empty log: pandas reads no columns at all
def test_pipeline_agrees(technique: str, log: tuple[list[str], list[str]], scratch_dir) -> None:
    """Every version gives the first version's report: empty logs, unknown sensors, ERR and nan included."""
    lines, known = log
    path = write_lines(scratch_dir, lines)
    assert_same_report(getattr(pipeline, technique)(path, known), pipeline.pipeline_as_written(path, known))
