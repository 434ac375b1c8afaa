"""Benchmarks and equivalence tests for lessons/m04_profiling/compiled.py, and what a profiler sees
of numba-compiled code (lessons/m04_profiling/_profile_compiled.py): each claim of the page's
section on compiled code is checked here, none of them on a time."""

from __future__ import annotations

import re
import sys

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from lessons.m04_profiling import _profile_compiled, compiled
from lessons.m04_profiling._testing import record_running_child
from optbook.lesson import by_scale, run, technique_names

# milliseconds of detector counts; the pure-Python baseline does WIDTH additions for each
MILLISECONDS = by_scale(tiny=[2_000], small=[100_000])
WIDTH = 50
PROFILED = 20_000  # the profiling tests' counts


@pytest.mark.parametrize("milliseconds", MILLISECONDS)
@pytest.mark.parametrize("technique", technique_names(compiled))
def test_compiled(benchmark, technique: str, milliseconds: int) -> None:
    """Time the burst count, plain Python, compiled, and compiled after the fix (the first call,
    which compiles, is left out of the rounds and saved as first_call_seconds)."""
    counts = _profile_compiled.detector_counts(milliseconds)
    bursts = run(benchmark, getattr(compiled, technique), counts, WIDTH, items=milliseconds)
    assert bursts == compiled.bursts_compiled_running_sum(counts, WIDTH)
    assert bursts > 0  # the planted bursts are found


@pytest.mark.parametrize("technique", technique_names(compiled))
@settings(deadline=None, max_examples=60)  # the first example compiles the numba functions
@given(
    counts=arrays(np.int64, st.integers(0, 300), elements=st.integers(0, 10**6)),
    width=st.integers(1, 60),
)
def test_compiled_agrees(technique: str, counts: np.ndarray, width: int) -> None:
    """Every version counts the same bursts as plain Python: empty counts, fewer counts than the
    window, zeros, any width. (Integers throughout, so the counts are equal, not close.)"""
    expected = compiled.bursts_python(counts, width)
    assert getattr(compiled, technique)(counts, width) == expected


@pytest.fixture(scope="module")
def profiled_counts() -> np.ndarray:
    return _profile_compiled.detector_counts(PROFILED)


def by_name(entries: list[_profile_compiled.Entry]) -> dict[str, _profile_compiled.Entry]:
    return {entry[0]: entry for entry in entries}


def test_cprofile_sees_each_compiled_stage_as_one_opaque_entry(profiled_counts) -> None:
    """cProfile on the compiled pipeline: each stage called from Python is one entry, called once;
    nothing it calls in compiled.py is recorded (the only callee is numba's own unpickling of
    the result's type, when it hands the array back to Python), and the compiled helper that the
    hot stage calls PROFILED times, _sum_of, is not in the profile at all."""
    stats = _profile_compiled.profile_compiled(profiled_counts, WIDTH)
    found = by_name(_profile_compiled.entries(stats))
    for stage in ("_window_sums_naive", "_count_bursts"):
        assert found[stage][1] == 1
        callees = [key for key, row in stats.stats.items() if any(caller[2] == stage for caller in row[4])]
        assert not [key for key in callees if key[0] == compiled.__file__], callees
        assert {function for _, _, function in callees} <= {"_numba_unpickle"}, callees
    assert "_sum_of" not in found, sorted(found)


def test_the_python_original_shows_the_helper_called_for_every_millisecond(profiled_counts) -> None:
    """cProfile on _window_sums_naive.py_func: the loop runs as Python, and the compiled helper
    it calls, _sum_of, is an entry called once per millisecond that has a full window: the sum
    is recomputed for every millisecond."""
    found = by_name(_profile_compiled.entries(_profile_compiled.profile_python_original(profiled_counts, WIDTH)))
    assert found["_sum_of"][1] == PROFILED - WIDTH
    assert found["_window_sums_naive"][1] == 1


def test_after_the_fix_the_helper_runs_once(profiled_counts) -> None:
    """The running sum calls _sum_of once, for the first window, whatever the number of counts."""
    stats = _profile_compiled.cprofile(compiled._window_sums_running.py_func, profiled_counts, WIDTH)
    assert by_name(_profile_compiled.entries(stats))["_sum_of"][1] == 1


def test_without_jit_cprofile_ranks_the_helper_first() -> None:
    """With NUMBA_DISABLE_JIT=1 (a fresh process: numba reads it on import) every @njit function
    runs as Python, and cProfile on the whole pipeline puts _sum_of first by own time, called once
    per millisecond: the hot spot, found with the profiler you already use."""
    milliseconds = 4_000
    ranked, _ = _profile_compiled.profile_without_jit(milliseconds, WIDTH)
    function, calls, _, _ = ranked[0]
    assert function == "_sum_of", ranked[:4]
    assert calls == milliseconds - WIDTH


# the child: compile, say "ready", then count bursts again and again until it is killed
COMPILED_CHILD = """from lessons.m04_profiling import _profile_compiled, compiled
counts = _profile_compiled.detector_counts(200_000)
compiled.bursts_compiled(counts, 200)
print("ready", flush=True)
while True:
    compiled.bursts_compiled(counts, 200)
"""


@pytest.mark.profiler_output
def test_py_spy_native_sees_compiled_code_as_bare_addresses(tmp_path) -> None:
    """py-spy record --native on a process running the compiled pipeline: below the Python function
    that calls the compiled stages, the samples end in frames that are bare addresses, with no
    function name and no file ("0x7f... (?)"): numba's machine code carries no symbols, so neither
    the stage nor its helper is named."""
    stacks = record_running_child([sys.executable, "-c", COMPILED_CHILD], tmp_path / "stacks.txt", native=True)
    below: dict[str, int] = {}  # the frame just below bursts_compiled, by samples
    for line in stacks.splitlines():
        stack, _, count = line.rpartition(" ")
        frames = stack.split(";")
        assert not any(frame.startswith(("_window_sums_naive ", "_sum_of ", "_count_bursts ")) for frame in frames)
        names = [frame.split(" (")[0] for frame in frames]
        if "bursts_compiled" in names and names[-1] != "bursts_compiled":
            frame = frames[names.index("bursts_compiled") + 1]
            below[frame] = below.get(frame, 0) + int(count)
    assert below, stacks[:2000]
    top = max(below, key=below.get)
    assert re.fullmatch(r"0x[0-9a-f]+ \(\?\)", top), sorted(below.items(), key=lambda item: -item[1])[:5]
