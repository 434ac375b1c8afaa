"""Five profilers, each driven from Python on the same workload: the pipeline as first written.

Every function takes the log file and the known sensors, runs
``pipeline_as_written`` under one profiler and returns its report together with
what the profiler ranks highest, hottest first: functions (cProfile,
pyinstrument), lines (line_profiler, memory_profiler) or allocation sites
(tracemalloc). The first runs no profiler at all, so that the benchmarks show
what each profiler costs: a profiler changes what it measures.

Each body is the recipe to copy for your own code; on the command line the same
tools are ``python -m cProfile -s cumulative script.py``, ``kernprof -lv
script.py``, ``pyinstrument script.py``, ``python -m memory_profiler script.py``
and ``pytest --benchmark-cprofile=cumtime``.
"""

from __future__ import annotations

import cProfile
import inspect
import linecache
import pstats
import tracemalloc

from lessons.m04_profiling import pipeline
from lessons.m04_profiling.pipeline import pipeline_as_written

Ranking = list[str]
TOP = 10  # how many entries of each ranking to return


def _pipeline_functions() -> list:
    """The functions of pipeline.py that the pipeline as written runs: what the line-level tools watch."""
    return [
        fn
        for name, fn in vars(pipeline).items()
        if inspect.isfunction(fn) and fn.__module__ == pipeline.__name__ and not name.startswith("pipeline_")
    ]


def _source(filename: str, lineno: int) -> str:
    return linecache.getline(filename, lineno).strip()


def no_profiler(path: str, known_sensors: list[str]) -> tuple[str, Ranking]:
    """No profiler: the time every profiler below is compared with. It ranks nothing."""
    return pipeline_as_written(path, known_sensors), []


def with_cprofile(path: str, known_sensors: list[str]) -> tuple[str, Ranking]:
    """cProfile (standard library): a hook on every call and return of every function; pstats
    sorts the functions by cumulative time (their own time plus the time of what they call)."""
    profiler = cProfile.Profile()
    report = profiler.runcall(pipeline_as_written, path, known_sensors)
    stats = pstats.Stats(profiler)
    # stats.stats: (file, line, function) -> (primitive calls, calls, own time, cumulative time, callers)
    ours = [(row[3], function) for (file, _, function), row in stats.stats.items() if file == pipeline.__file__]
    return report, [f"{function}: {seconds:.3f} s" for seconds, function in sorted(ours, reverse=True)[:TOP]]


def with_line_profiler(path: str, known_sensors: list[str]) -> tuple[str, Ranking]:
    """line_profiler: the time of every line of the functions it is given (here all of pipeline.py's
    helpers), from a C-level hook on every line they execute."""
    from line_profiler import LineProfiler

    profiler = LineProfiler(*_pipeline_functions())
    report = profiler.runcall(pipeline_as_written, path, known_sensors)
    # timings: (file, first line, function) -> [(line, hits, time in units of stats.unit)]
    stats = profiler.get_stats()
    lines = [
        (time * stats.unit, function, lineno, file)
        for (file, _, function), timings in stats.timings.items()
        for lineno, _, time in timings
    ]
    lines.sort(reverse=True)
    return report, [
        f"{seconds:.3f} s at line {lineno}: {_source(file, lineno)}" for seconds, _, lineno, file in lines[:TOP]
    ]


def with_pyinstrument(path: str, known_sensors: list[str]) -> tuple[str, Ranking]:
    """pyinstrument: a statistical profiler that records the call stack every millisecond; the
    tree of frames holds the time of each. Sampling keeps its report readable, not its cost flat:
    it still gets a callback on every call and return (to read the clock), so its overhead grows
    with the number of calls, about as much as cProfile's on this call-heavy pipeline."""
    from pyinstrument import Profiler

    profiler = Profiler(interval=0.001)
    profiler.start()
    report = pipeline_as_written(path, known_sensors)
    session = profiler.stop()
    totals: dict[str, float] = {}  # seconds sampled inside each function of pipeline.py

    def visit(frame, above: frozenset) -> None:
        name = frame.function
        if frame.file_path == pipeline.__file__ and name not in above:  # recursion: counted once
            totals[name] = totals.get(name, 0.0) + frame.time
        for child in frame.children:
            visit(child, above | {name})

    root = session.root_frame()
    if root is not None:
        visit(root, frozenset())
    ranked = sorted(totals.items(), key=lambda item: item[1], reverse=True)
    return report, [f"{function}: {seconds:.3f} s" for function, seconds in ranked[:TOP]]


def with_tracemalloc(path: str, known_sensors: list[str]) -> tuple[str, Ranking]:
    """tracemalloc (standard library): records where every block of memory still held was
    allocated; two snapshots around the loading step show which lines hold the data."""
    tracemalloc.start()
    try:
        before = tracemalloc.take_snapshot()
        records = pipeline._read_records(path, known_sensors, hour_of=pipeline._hour_strptime)
        after = tracemalloc.take_snapshot()
        frame = pipeline._records_to_frame(records)
        del records
        frame["celsius"] = pipeline._celsius_apply(frame)
        report = pipeline._report_by_concatenation(pipeline._hourly_stats_filter_per_sensor(frame))
    finally:
        tracemalloc.stop()
    # only the lines of pipeline.py: CPython reuses freed memory of its own (free lists), which
    # tracemalloc still counts against the library line that allocated it first
    mine = [tracemalloc.Filter(inclusive=True, filename_pattern=pipeline.__file__)]
    growth = after.filter_traces(mine).compare_to(before.filter_traces(mine), "lineno")  # largest first
    return report, [
        f"{stat.size_diff / 2**20:.1f} MiB in {stat.count_diff} blocks at line {stat.traceback[0].lineno}: "
        f"{_source(stat.traceback[0].filename, stat.traceback[0].lineno)}"
        for stat in growth[:TOP]
    ]


def with_memory_profiler_lines(path: str, known_sensors: list[str]) -> tuple[str, Ranking]:
    """memory_profiler, line by line: asks the OS for the process's memory after every line of the
    function it watches (the pipeline's top level: one line per step) and ranks the lines by how
    much memory each one added."""
    from memory_profiler import LineProfiler

    profiler = LineProfiler(backend="psutil")
    watched = profiler(pipeline_as_written)  # what @profile does
    report = watched(path, known_sensors)
    # code_map.items(): (file, [(line, (increment MiB, memory MiB, occurrences) or None), ...]) per function
    lines = [
        (memory[0], lineno, file) for file, by_line in profiler.code_map.items() for lineno, memory in by_line if memory
    ]
    lines.sort(key=lambda line: line[0], reverse=True)
    return report, [
        f"{increment:.1f} MiB at line {lineno}: {_source(file, lineno)}" for increment, lineno, file in lines[:TOP]
    ]


def with_memory_profiler_peak(path: str, known_sensors: list[str]) -> tuple[str, Ranking]:
    """memory_profiler's memory_usage: samples the process's memory every 10 ms while the call
    runs and reports the peak (a number, not a place: cheap, and the first thing to look at)."""
    from memory_profiler import memory_usage

    start = memory_usage(-1, interval=0.01, timeout=0.01, max_usage=True)
    peak, report = memory_usage(
        (pipeline_as_written, (path, known_sensors)), interval=0.01, max_usage=True, retval=True
    )
    return report, [f"peak {peak:.1f} MiB, {peak - start:.1f} MiB above the {start:.1f} MiB before the call"]
