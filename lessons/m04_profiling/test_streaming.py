"""Benchmarks and equivalence tests for lessons/m04_profiling/streaming.py."""

from __future__ import annotations

import functools
import os

import pytest
from hypothesis import example, given, settings

from lessons.m04_profiling import pipeline, streaming
from lessons.m04_profiling._testing import assert_same_report, generated_logs, write_lines
from optbook.lesson import by_scale, run, technique_names

# a reading every minute (1,440 a day): 1,000,000 lines come from 694 sensors, a 40 MB file
LINES = by_scale(tiny=[20_000], small=[1_000_000], medium=[4_000_000], large=[20_000_000])
READINGS_PER_SENSOR = 1_440


@functools.cache
def expected_report(path: str, known: tuple[str, ...]) -> str:
    """The whole-file report, computed once per log."""
    return streaming.report_whole_file(path, list(known))


@pytest.mark.parametrize("lines", LINES)
@pytest.mark.parametrize("technique", technique_names(streaming))
def test_streaming(benchmark, technique: str, lines: int, sensor_logs) -> None:
    """Time the report of a large log, loaded whole or streamed; the peak memory is saved with it."""
    path, known = sensor_logs(lines, READINGS_PER_SENSOR)
    benchmark.extra_info["file_bytes"] = os.path.getsize(path)
    report = run(benchmark, getattr(streaming, technique), path, known, items=lines)
    assert_same_report(report, expected_report(path, tuple(known)))


@pytest.mark.parametrize("technique", technique_names(streaming))
@settings(deadline=None, max_examples=30)
@given(log=generated_logs())
@example(log=([], []))  # an empty log: pandas reads no columns at all
def test_streaming_agrees(technique: str, log: tuple[list[str], list[str]], scratch_dir) -> None:
    """Streaming gives the report of the pipeline as first written, for any log."""
    lines, known = log
    path = write_lines(scratch_dir, lines)
    assert_same_report(getattr(streaming, technique)(path, known), pipeline.pipeline_as_written(path, known))


def test_chunks_smaller_than_the_file_give_the_same_report(sensor_logs, monkeypatch) -> None:
    """Many chunks, groups split across them: the partial results combine to the whole-file report."""
    path, known = sensor_logs(5_000, READINGS_PER_SENSOR)
    monkeypatch.setattr(streaming, "_CHUNK_LINES", 700)
    assert_same_report(streaming.report_in_chunks(path, known), streaming.report_whole_file(path, known))
