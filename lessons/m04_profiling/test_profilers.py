"""Benchmarks (each profiler's overhead), equivalence tests and hotspot tests for
lessons/m04_profiling/profilers.py.

The hotspot tests run every profiler on the same 4,800-line log and check that it
points at the bottlenecks planted in pipeline_as_written: the profilers' claims are
checked, not just printed.
"""

from __future__ import annotations

import gc
import inspect
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import example, given, settings

from lessons.m04_profiling import pipeline, profilers
from lessons.m04_profiling._testing import assert_same_report, generated_logs, write_lines
from optbook.lesson import by_scale, run, technique_names

LINES = by_scale(tiny=[480], small=[4_800])
PROFILED_LINES = 4_800  # the hotspot tests' log: 50 sensors, 96 readings each

# The planted bottlenecks, by function of pipeline.py and by a piece of their source line.
FILTER_PER_SENSOR = "_hourly_stats_filter_per_sensor"
PLANTED_FUNCTIONS = {FILTER_PER_SENSOR, "_celsius_apply", "_celsius_of_row", "_hour_strptime", "_is_known"}
PLANTED_FUNCTIONS |= {"_report_by_concatenation", "_read_records"}  # the loop that calls _hour_strptime, _is_known
PLANTED_LINES = {
    FILTER_PER_SENSOR: ['frame[frame["sensor"] == sensor]', "assign(sensor=sensor)"],
    "strptime": ["datetime.strptime(", "hour_of(stamp)"],
    "apply": ["frame.apply(", 'row["unit"] == "F"'],
    "list lookup": ["sensor in known_sensors", "_is_known(sensor"],
    "concatenation": ["report = report +"],
}


def planted(line: str) -> str | None:
    """Which planted bottleneck a ranked line shows, if any."""
    for name, pieces in PLANTED_LINES.items():
        if any(piece in line for piece in pieces):
            return name
    return None


def function_of(entry: str) -> str:
    """The function named by an entry of a function-level ranking ("name: 0.123 s")."""
    return entry.split(":")[0]


@pytest.mark.parametrize("lines", LINES)
@pytest.mark.parametrize("technique", technique_names(profilers))
def test_profilers(benchmark, technique: str, lines: int, sensor_logs) -> None:
    """Time the pipeline as written under each profiler: what profiling costs."""
    path, known = sensor_logs(lines)
    report, ranking = run(benchmark, getattr(profilers, technique), path, known, items=lines)
    benchmark.extra_info["ranking"] = ranking[:6]  # what the profiler said, saved with the run
    assert_same_report(report, pipeline.pipeline_pandas_reader(path, known))
    assert_well_formed(technique, ranking)


NUMBER = r"(-?[0-9]+(?:\.[0-9]+)?)"


def assert_well_formed(technique: str, ranking: list[str]) -> None:
    """What a profiler's ranking must be whatever it measured: largest first, naming functions of
    pipeline.py or lines with their source text, and a peak that adds up.

    Which function comes first is checked by the hotspot tests below; these checks also hold where
    those cannot run (mutation testing renames the functions a profiler reports)."""
    if technique == "no_profiler":
        assert ranking == []
        return
    assert ranking, technique
    if technique == "with_memory_profiler_peak":
        (entry,) = ranking
        found = re.fullmatch(rf"peak {NUMBER} MiB, {NUMBER} MiB above the {NUMBER} MiB before the call", entry)
        assert found, entry
        peak, above, start = (float(x) for x in found.groups())
        assert 0 < start <= peak and abs(peak - start - above) <= 0.15, entry
        return
    if technique in ("with_cprofile", "with_pyinstrument"):  # "function: 0.123 s"
        parsed = [re.fullmatch(rf"(\w+): {NUMBER} s", entry) for entry in ranking]
        assert all(parsed), ranking
        assert all(inspect.isfunction(getattr(pipeline, m.group(1), None)) for m in parsed), ranking
        values = [float(m.group(2)) for m in parsed]
    else:  # "0.123 s at line 42: source" (line_profiler), "1.2 MiB at line 42: ..." (memory_profiler, tracemalloc)
        parsed = [re.fullmatch(rf"{NUMBER} (?:s|MiB)(?: in [0-9]+ blocks)? at line ([0-9]+): (.+)", e) for e in ranking]
        assert all(parsed), ranking  # each line with its source text
        values = [float(m.group(1)) for m in parsed]
    if technique == "with_tracemalloc":  # growth of the loading step, in MiB: well under a GiB
        assert 0 <= values[0] < 1024, ranking
    else:
        assert values == sorted(values, reverse=True), ranking
    if technique in ("with_cprofile", "with_pyinstrument", "with_line_profiler"):  # seconds of a run of seconds
        assert min(values) >= 0 and max(values) < 600, ranking


@pytest.mark.parametrize("technique", technique_names(profilers))
@settings(deadline=None, max_examples=8)  # profilers are slow to start; memory_usage starts a process
@given(log=generated_logs())
@example(log=([], []))  # an empty log
def test_profilers_agree(technique: str, log: tuple[list[str], list[str]], scratch_dir) -> None:
    """A profiler watches the pipeline without changing its report."""
    lines, known = log
    path = write_lines(scratch_dir, lines)
    report, ranking = getattr(profilers, technique)(path, known)
    assert_same_report(report, pipeline.pipeline_as_written(path, known))
    assert isinstance(ranking, list)


@pytest.fixture(scope="module")
def profiled_log(sensor_logs) -> tuple[str, list[str]]:
    return sensor_logs(PROFILED_LINES)


@pytest.fixture
def frozen_heap():
    """Keep the garbage collector off the objects earlier tests left behind.

    A collection pause is charged to whichever function happens to allocate when it starts,
    and its length grows with every object alive: in a full test run the heap is large, and
    pauses charged to ``_hour_strptime`` (it allocates a datetime per line) pushed it above
    the filter per sensor. ``gc.collect()`` frees what is already garbage and ``gc.freeze()``
    moves every survivor out of the collector's reach, so during the profiled run it visits
    only the pipeline's own objects, as in a fresh process; ``gc.unfreeze()`` hands them back.
    """
    gc.collect()
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


@pytest.mark.profiler_output
@pytest.mark.parametrize("technique", ["with_cprofile", "with_pyinstrument"])
def test_function_profilers_find_the_planted_hotspots(technique: str, profiled_log, frozen_heap) -> None:
    """cProfile and pyinstrument: below the pipeline itself, the function with the most time is
    the filter per sensor, and the functions with strptime and the per-row apply come next,
    ahead of the helpers with no planted bottleneck."""
    _, ranking = getattr(profilers, technique)(*profiled_log)
    functions = [function_of(entry) for entry in ranking]
    assert functions[0] == "pipeline_as_written", ranking
    assert functions[1] == FILTER_PER_SENSOR, ranking
    innocent = functions.index("_records_to_frame") if "_records_to_frame" in functions else len(functions)
    for hotspot in ("_hour_strptime", "_celsius_apply"):
        assert functions.index(hotspot) < innocent, ranking
    assert set(functions[1:innocent]) <= PLANTED_FUNCTIONS, ranking


@pytest.mark.profiler_output
def test_line_profiler_finds_the_planted_lines(profiled_log, frozen_heap) -> None:
    """line_profiler: the five slowest lines all belong to planted bottlenecks, and the filter per
    sensor, strptime and the per-row apply are among them. (Their order changes from run to run:
    at this size the three take similar times.)"""
    _, ranking = profilers.with_line_profiler(*profiled_log)
    assert all(planted(line) for line in ranking[:5]), ranking
    assert {FILTER_PER_SENSOR, "strptime", "apply"} <= {planted(line) for line in ranking[:5]}, ranking


def test_tracemalloc_finds_the_list_of_dicts(profiled_log, frozen_heap) -> None:
    """tracemalloc: of the memory the loading step holds, the most was allocated by the line
    that builds a dict per log line."""
    _, ranking = profilers.with_tracemalloc(*profiled_log)
    assert "records.append({" in ranking[0], ranking


@pytest.mark.profiler_output
def test_memory_profiler_finds_the_loading_step(sensor_logs) -> None:
    """memory_profiler, line by line over the pipeline's steps: loading the file into a list of
    dicts is one of the two steps that add the most memory (the other is the DataFrame made from
    it). Run in a fresh Python process on the 48,000-line log: memory_profiler reads the process's
    resident memory, and in a long test run, or on a small log, memory freed earlier is reused
    without the OS seeing it grow."""
    path, known = sensor_logs(48_000)
    code = (
        "import json, sys\n"
        "from lessons.m04_profiling import profilers\n"
        "print(json.dumps(profilers.with_memory_profiler_lines(sys.argv[1], json.loads(sys.argv[2]))[1]))"
    )
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run(
        [sys.executable, "-c", code, path, json.dumps(known)], capture_output=True, text=True, cwd=root, timeout=300
    )
    assert done.returncode == 0, done.stderr[-2000:]
    ranking = json.loads(done.stdout.splitlines()[-1])
    steps = [line for line in ranking if ": def " not in line]  # the def line shows the total, not a step
    assert any("records = _read_records(" in step for step in steps[:2]), ranking


def test_memory_profiler_reports_a_peak(profiled_log) -> None:
    """memory_usage gives the peak of the process's memory during the call, a number in MiB."""
    _, ranking = profilers.with_memory_profiler_peak(*profiled_log)
    peak, above = ranking[0].removeprefix("peak ").split(" MiB, ")[0], ranking[0].split(", ")[1].split(" MiB")[0]
    assert float(peak) > 0, ranking
    assert float(above) > -float(peak), ranking  # growth over the start; it can be ~0 when memory is reused
