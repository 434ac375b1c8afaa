"""Print each profiler's own report of the pipeline as written, as you would see it on your code.

    python -m lessons.m04_profiling._show                      # every profiler, a 48,000-line log
    python -m lessons.m04_profiling._show --lines 4800 cprofile line_profiler

The log is written to a temporary folder and removed afterwards. The book's page
quotes this output, trimmed.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import tempfile
import time
import tracemalloc
from pathlib import Path

from lessons.m04_profiling import _sensor_log, pipeline, profilers
from lessons.m04_profiling.pipeline import pipeline_as_written


def show_cprofile(path: str, known: list[str]) -> str:
    """cProfile's top functions on the pipeline, trimmed for the page."""
    profiler = cProfile.Profile()
    profiler.runcall(pipeline_as_written, path, known)
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).strip_dirs().sort_stats("cumulative").print_stats(15)
    return out.getvalue()


def show_line_profiler(path: str, known: list[str]) -> str:
    """line_profiler on the two functions cProfile ranks highest among the pipeline's own."""
    from line_profiler import LineProfiler

    profiler = LineProfiler(pipeline._hourly_stats_filter_per_sensor, pipeline._read_records)
    profiler.runcall(pipeline_as_written, path, known)
    out = io.StringIO()
    profiler.print_stats(stream=out, output_unit=1e-3)
    return out.getvalue()


def show_pyinstrument(path: str, known: list[str]) -> str:
    """pyinstrument's call tree on the pipeline, trimmed for the page."""
    from pyinstrument import Profiler

    profiler = Profiler(interval=0.001)
    profiler.start()
    pipeline_as_written(path, known)
    profiler.stop()
    return profiler.output_text(unicode=False, color=False)


def show_tracemalloc(path: str, known: list[str]) -> str:
    """tracemalloc's top allocation sites on the pipeline, trimmed for the page."""
    tracemalloc.start()
    before = tracemalloc.take_snapshot()
    records = pipeline._read_records(path, known, hour_of=pipeline._hour_strptime)
    after = tracemalloc.take_snapshot()
    tracemalloc.stop()
    lines = [f"{len(records)} records held; largest growth between the snapshots, by line:"]
    lines += [str(stat) for stat in after.compare_to(before, "lineno")[:6]]
    return "\n".join(lines) + "\n"


def show_memory_profiler(path: str, known: list[str]) -> str:
    """memory_profiler's line-by-line memory of the pipeline, trimmed for the page."""
    from memory_profiler import LineProfiler, show_results

    profiler = LineProfiler(backend="psutil")
    profiler(pipeline_as_written)(path, known)
    out = io.StringIO()
    show_results(profiler, stream=out)
    _, peak = profilers.with_memory_profiler_peak(path, known)
    return out.getvalue() + f"memory_usage: {peak[0]}\n"


SHOWS = {
    "cprofile": show_cprofile,
    "line_profiler": show_line_profiler,
    "pyinstrument": show_pyinstrument,
    "tracemalloc": show_tracemalloc,
    "memory_profiler": show_memory_profiler,
}


def main(argv: list[str] | None = None) -> None:
    """Print every profiler's own output on the pipeline, for the page."""
    parser = argparse.ArgumentParser(prog="python -m lessons.m04_profiling._show")
    parser.add_argument("profilers", nargs="*", help=f"any of {', '.join(SHOWS)} (default: all)")
    parser.add_argument("--lines", type=int, default=48_000, help="log lines (96 per sensor)")
    args = parser.parse_args(argv)
    unknown = [name for name in args.profilers if name not in SHOWS]
    if unknown:
        parser.error(f"unknown profiler {unknown[0]!r}: choose from {', '.join(SHOWS)}")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "sensors.log"
        known = _sensor_log.write_log(path, args.lines)
        start = time.perf_counter()
        pipeline_as_written(str(path), known)
        print(f"log of {args.lines} lines, {len(known)} known sensors; pipeline as written, bare: "
              f"{time.perf_counter() - start:.2f} s\n")  # fmt: skip
        for name in args.profilers or list(SHOWS):
            start = time.perf_counter()
            text = SHOWS[name](str(path), known)
            print(f"===== {name} ({time.perf_counter() - start:.2f} s under the profiler) =====")
            print(text.replace(str(Path(pipeline.__file__).parent) + "/", ""))


if __name__ == "__main__":
    main()
