"""Profiling numba-compiled code (compiled.py): what cProfile sees, and three ways to see inside.

    python -m lessons.m04_profiling._profile_compiled          # the outputs the book's page quotes

1. cProfile on the compiled pipeline: every compiled stage called from Python is one entry with
   its time (numba reports the call to the profiler), so the stages are timed separately; what
   a stage does inside, and the compiled helpers it calls, are invisible.
2. cProfile on the Python original of the hot stage, ``fn.py_func``: its loop runs as Python,
   and the compiled helper it calls becomes an entry with a call count.
3. The whole program in a fresh process with ``NUMBA_DISABLE_JIT=1`` (read when numba is
   imported): every ``@njit`` function is plain Python, and cProfile ranks the helper first.
"""

from __future__ import annotations

import cProfile
import io
import json
import os
import pstats
import subprocess
import sys
from pathlib import Path

import numpy as np

from lessons.m04_profiling import compiled

ROOT = Path(__file__).resolve().parents[2]
Entry = tuple[str, int, float, float]  # function, calls, own seconds, cumulative seconds


def detector_counts(milliseconds: int, seed: int = 0) -> np.ndarray:
    """Events per millisecond: Poisson with a mean of 5, and a burst of 30 to 60 about once a second."""
    rng = np.random.default_rng(seed)
    counts = rng.poisson(5, milliseconds).astype(np.int64)
    bursts = rng.random(milliseconds) < 0.001
    counts[bursts] += rng.integers(30, 60, int(bursts.sum()))
    return counts


def entries(stats: pstats.Stats) -> list[Entry]:
    """The functions of a profile, by own time, largest first: (name, calls, own s, cumulative s)."""
    rows = [(function, row[1], row[2], row[3]) for (_, _, function), row in stats.stats.items()]
    return sorted(rows, key=lambda row: row[2], reverse=True)


def cprofile(fn, *args) -> pstats.Stats:
    """Run ``fn(*args)`` under cProfile and return its statistics."""
    profiler = cProfile.Profile()
    profiler.runcall(fn, *args)
    return pstats.Stats(profiler)


def profile_compiled(counts: np.ndarray, width: int) -> pstats.Stats:
    """cProfile on the compiled pipeline, compiled first (a warm-up call), as you would run it."""
    compiled.bursts_compiled(counts[: width + 2], width)  # compile outside the profile
    return cprofile(compiled.bursts_compiled, counts, width)


def profile_python_original(counts: np.ndarray, width: int) -> pstats.Stats:
    """cProfile on the hot stage's Python original, ``py_func``: its loops run in the interpreter,
    and the compiled helper it calls (``_sum_of``) is an entry with its number of calls."""
    compiled._sum_of(counts, 0, 1)  # compile the helper outside the profile
    return cprofile(compiled._window_sums_naive.py_func, counts, width)


# run in a fresh process with NUMBA_DISABLE_JIT=1: cProfile on the whole compiled pipeline
WITHOUT_JIT = """import json, sys
from lessons.m04_profiling import _profile_compiled, compiled
counts = _profile_compiled.detector_counts(int(sys.argv[1]))
stats = _profile_compiled.cprofile(compiled.bursts_compiled, counts, int(sys.argv[2]))
print(_profile_compiled.listing(stats, 8))
print(json.dumps(_profile_compiled.entries(stats)))
"""


def profile_without_jit(milliseconds: int, width: int) -> tuple[list[Entry], str]:
    """cProfile on the compiled pipeline in a fresh Python with ``NUMBA_DISABLE_JIT=1``: numba
    leaves every ``@njit`` function as Python, so every helper is an entry (slow: pure Python
    speed, plus numpy's per-element indexing). Returns the entries and pstats' listing."""
    done = subprocess.run(
        [sys.executable, "-c", WITHOUT_JIT, str(milliseconds), str(width)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "NUMBA_DISABLE_JIT": "1", "PYTHONPATH": str(ROOT)},
        timeout=300,
        check=True,
    )
    *printed, last = done.stdout.rstrip().splitlines()
    return [tuple(row) for row in json.loads(last)], "\n".join(printed) + "\n"


def listing(stats: pstats.Stats, top: int) -> str:
    """pstats' own listing of the ``top`` functions by own time, from its "function calls" line on."""
    out = io.StringIO()
    stats.stream = out
    stats.strip_dirs().sort_stats("tottime").print_stats(top)
    text = out.getvalue()
    start = text.rfind("\n", 0, text.index("function calls")) + 1  # the start of that line
    return text[start:].rstrip() + "\n"


def main() -> None:
    """Print the three profiles the page quotes."""
    milliseconds, width = 100_000, 50
    counts = detector_counts(milliseconds)
    print(f"{milliseconds} milliseconds of counts, windows of {width}\n")
    print("===== cProfile on bursts_compiled (compiled before the profile) =====")
    print(listing(profile_compiled(counts, width), 8))
    print("===== cProfile on _window_sums_naive.py_func =====")
    print(listing(profile_python_original(counts, width), 8))
    print("===== cProfile on bursts_compiled with NUMBA_DISABLE_JIT=1, in a fresh process =====")
    print(f"{milliseconds // 10} milliseconds of counts (pure Python is slow)")
    print(profile_without_jit(milliseconds // 10, width)[1])


if __name__ == "__main__":
    main()
