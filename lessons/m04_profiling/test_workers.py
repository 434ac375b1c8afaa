"""Benchmarks and equivalence tests for lessons/m04_profiling/workers.py, and what profilers see of
work done in worker processes (lessons/m04_profiling/_profile_workers.py): each claim of the page's
section on worker processes is checked here, none of them on a time."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lessons.m04_profiling import _profile_workers, _sensor_log, workers
from lessons.m04_profiling._testing import generated_logs, py_spy
from optbook.lesson import by_scale, run, technique_names

ROOT = Path(__file__).resolve().parents[2]
LINES = by_scale(tiny=[4_800], small=[48_000])
PROCESSES = by_scale(tiny=[2], small=[2])  # worker processes: the book's machine has 2 cores
PROFILED_LINES = 48_000  # 500 known sensors: the planted list lookup scans up to 500 names a line


@pytest.mark.parametrize("processes", PROCESSES)
@pytest.mark.parametrize("lines", LINES)
@pytest.mark.parametrize("technique", technique_names(workers))
def test_workers(benchmark, technique: str, lines: int, processes: int) -> None:
    """Time the summary in one process and in a pool of worker processes (each call starts its
    pool and closes it: the start is part of the time)."""
    log, known = _sensor_log.log_lines(lines)
    summary = run(benchmark, getattr(workers, technique), log, known, processes, items=lines)
    assert summary == workers.summary_in_pool_set_lookup(log, known, processes)
    assert sum(count for count, _, _ in summary.values()) > 0.9 * lines  # about 97% of the lines are good


@pytest.mark.parametrize("technique", technique_names(workers))
@settings(deadline=None, max_examples=10)  # every example of the pool techniques starts a pool
@given(log=generated_logs(), n_workers=st.integers(1, 3))
def test_workers_agree(technique: str, log: tuple[list[str], list[str]], n_workers: int) -> None:
    """Every version gives the one-process summary for any log and any number of workers (and so
    of chunks): empty logs, unknown sensors, ERR and nan included. The summary keeps counts,
    minima and maximas, which do not depend on the order the chunks are merged in: equal, not close."""
    lines, known = log
    expected = workers.summary_serial(lines, known, 1)
    assert getattr(workers, technique)(lines, known, n_workers) == expected


def test_the_summary_of_a_small_log() -> None:
    """The summary counts the good readings of known sensors, and keeps their extremes as written."""
    lines = [
        "2024-03-01T00:00:00 S0000 10.50 C OK",
        "2024-03-01T00:15:00 S0000 -3.25 C OK",
        "2024-03-01T00:30:00 S0000 99.00 C ERR",
        "2024-03-01T00:45:00 S0000 nan C OK",
        "2024-03-01T01:00:00 X0001 50.00 C OK",
        "2024-03-01T01:15:00 S0001 70.00 F OK",
    ]
    assert workers.summary_serial(lines, ["S0000", "S0001"], 2) == {"S0000": (2, -3.25, 10.5), "S0001": (1, 70.0, 70.0)}


@pytest.fixture(scope="module")
def profiled_log() -> tuple[list[str], list[str]]:
    return _sensor_log.log_lines(PROFILED_LINES)


def test_the_parents_profile_sees_only_waiting(profiled_log) -> None:
    """cProfile in the parent, around the pool: neither the task nor the planted list lookup is in
    it, and the function with the most own time is the parent waiting: on a lock for results, or
    reading from the forkserver while it starts the workers (the first pool of a process starts
    the forkserver too)."""
    ranked = _profile_workers.entries(_profile_workers.profile_parent(*profiled_log, 2))
    functions = [function for function, _, _, _ in ranked]
    assert "_summarise_chunk" not in functions and "_is_known" not in functions, functions
    waiting = ("<method 'acquire' of '_thread.lock' objects>", "<built-in method posix.read>")
    assert functions[0] in waiting, ranked[:4]


@pytest.mark.profiler_output
def test_profiles_inside_the_workers_find_the_list_lookup(profiled_log) -> None:
    """A cProfile per task, dumped in the worker and merged with pstats.Stats.add: one file per
    chunk, every chunk's call counted, and the list lookup first by own time, called for every
    line with status OK."""
    lines, known = profiled_log
    stats, files = _profile_workers.profile_in_workers(lines, known, 2)
    chunks = len(workers._chunks(lines, 2))
    assert files == chunks
    ranked = _profile_workers.entries(stats)
    found = {function: calls for function, calls, _, _ in ranked}
    assert found["_summarise_chunk"] == chunks
    assert found["_is_known"] == sum(line.endswith(" OK") for line in lines)
    assert ranked[0][0] == "_is_known", ranked[:4]


# a program run under py-spy: the pool twice; the guard keeps the workers, which import this file
# again under spawn and forkserver, from starting pools of their own
POOL_PROGRAM = """import sys
from lessons.m04_profiling import _sensor_log, workers

if __name__ == "__main__":
    lines, known = _sensor_log.log_lines(int(sys.argv[1]))
    for _ in range(2):
        workers.summary_in_pool(lines, known, 2)
"""


@pytest.mark.profiler_output
def test_py_spy_subprocesses_samples_the_workers(tmp_path) -> None:
    """py-spy record --subprocesses, the program started under it: the task's functions are sampled
    in the worker processes only (each stack then starts with the parent's process and the
    worker's), and below the task itself the list lookup has the most samples."""
    program = tmp_path / "pool_program.py"
    program.write_text(POOL_PROGRAM)
    out = tmp_path / "stacks.txt"
    record = ["record", "--subprocesses", "--format", "raw", "--rate", "100", "--output", str(out)]
    done = subprocess.run(
        [py_spy(), *record, "--", sys.executable, str(program), "48000"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    samples: dict[str, int] = {}
    for line in out.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        frames = stack.split(";")
        processes = [frame for frame in frames if frame.startswith("process ")]
        for function in {frame.split(" (")[0] for frame in frames if "workers.py:" in frame}:
            if function in ("_summarise_chunk", "_is_known"):
                assert len(processes) >= 2, stack[:300]  # sampled in a worker, never in the parent
            samples[function] = samples.get(function, 0) + int(count)
    below_the_task = {function: n for function, n in samples.items() if function != "_summarise_chunk"}
    assert max(below_the_task, key=below_the_task.get) == "_is_known", samples
