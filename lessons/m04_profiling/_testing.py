"""What the lesson's tests share: log files made once per run, the comparison of two reports, and py-spy."""

from __future__ import annotations

import collections
import contextlib
import ctypes
import ctypes.util
import gc
import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import strategies as st

from lessons.m04_profiling import _sensor_log


def release_free_memory() -> None:
    """Collect garbage and hand freed heap memory back to the OS (glibc's malloc_trim), so that
    memory a later call allocates shows up as growth of the process's resident memory."""
    gc.collect()
    with contextlib.suppress(OSError, AttributeError):  # not glibc: nothing to hand back
        ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim(0)


def read_report(report: str) -> pd.DataFrame:
    """A CSV report as a DataFrame (sensor, hour, readings, mean, min, max)."""
    assert report.startswith("sensor,hour,readings,mean,min,max\n"), report[:80]
    kinds = {"sensor": str, "hour": "int64", "readings": "int64", "mean": float, "min": float, "max": float}
    return pd.read_csv(io.StringIO(report), dtype=kinds)


def assert_same_report(got: str, expected: str) -> None:
    """Same groups in the same order with the same counts, minima and maxima; means within rounding.

    The minima and maxima are readings converted by the same arithmetic, so they are equal.
    The means add the same numbers in a different order (pandas' groupby adds with a
    compensated sum, the loops from left to right), so they differ by rounding only: at most
    a few units in the last place of the largest reading (|celsius| <= 100 here), far
    below 1e-9.
    """
    a, b = read_report(got), read_report(expected)
    assert list(a["sensor"]) == list(b["sensor"])
    assert list(a["hour"]) == list(b["hour"])
    assert list(a["readings"]) == list(b["readings"])
    np.testing.assert_array_equal(a["min"].to_numpy(), b["min"].to_numpy())
    np.testing.assert_array_equal(a["max"].to_numpy(), b["max"].to_numpy())
    np.testing.assert_allclose(a["mean"].to_numpy(), b["mean"].to_numpy(), rtol=0, atol=1e-9)


class LogFiles:
    """Log files written once per test run under pytest's temporary folder, by size."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.made: dict[tuple[int, int], tuple[str, list[str]]] = {}

    def __call__(self, lines: int, readings_per_sensor: int = 96) -> tuple[str, list[str]]:
        """The path of a log of ``lines`` lines and the list of known sensors."""
        key = (lines, readings_per_sensor)
        if key not in self.made:
            path = self.folder / f"sensors-{lines}-{readings_per_sensor}.log"
            known = _sensor_log.write_log(path, lines, readings_per_sensor)
            self.made[key] = (str(path), known)
        return self.made[key]


POOL = ["S0000", "S0001", "S0002", "S0003", "X0001"]  # X0001 is in no list of known sensors


def _reading(hundredths: int | None) -> str:
    return "nan" if hundredths is None else f"{hundredths / 100:.2f}"  # two decimals, as the sensors write


@st.composite
def generated_logs(draw: st.DrawFn) -> tuple[list[str], list[str]]:
    """Log lines (none, one or up to 40) and a list of known sensors (possibly empty).

    The lines mix known and unknown sensors, both units, OK and ERR, readings of nan,
    below zero and above 100, at any time of the day.
    """
    line = st.builds(
        lambda h, m, s, sensor, reading, unit, status: (
            f"{_sensor_log.DAY}T{h:02d}:{m:02d}:{s:02d} {sensor} {_reading(reading)} {unit} {status}"
        ),
        st.integers(0, 23),
        st.integers(0, 59),
        st.integers(0, 59),
        st.sampled_from(POOL),
        st.none() | st.integers(-6000, 16000),
        st.sampled_from(["C", "F"]),
        st.sampled_from(["OK", "OK", "OK", "ERR"]),
    )
    lines = draw(st.lists(line, max_size=40))
    known = draw(st.lists(st.sampled_from(POOL[:4]), unique=True))
    return lines, known


def write_lines(folder: Path, lines: list[str]) -> str:
    """Write generated lines to a log file in ``folder`` (overwritten for every example)."""
    path = folder / "generated.log"
    path.write_text("".join(line + "\n" for line in lines))
    return str(path)


def py_spy() -> str:
    """The py-spy program: on the PATH, or beside this interpreter (a virtual environment's bin)."""
    found = shutil.which("py-spy") or shutil.which("py-spy", path=str(Path(sys.executable).parent))
    if found is None:
        pytest.skip("py-spy is not installed: pip install py-spy")
    return found


def record_running_child(program: list[str], out: Path, *, native: bool = False, seconds: int = 2) -> str:
    """Start ``program`` (a Python child that prints 'ready' once its loop has begun), let py-spy
    attach to it and sample its stacks for ``seconds``, then kill it; py-spy's raw stacks. Skipped
    where py-spy is not installed or the OS does not let it read another process (ptrace, which
    containers often forbid)."""
    spy = py_spy()
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "PYTHONPATH": str(root)}
    child = subprocess.Popen(program, cwd=root, stdout=subprocess.PIPE, text=True, env=env)
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "ready"
        record = ["record", "--format", "raw", "--duration", str(seconds), "--rate", "100", "--output", str(out)]
        record += ["--native"] if native else []
        done = subprocess.run([spy, *record, "--pid", str(child.pid)], capture_output=True, text=True, timeout=120)
    finally:
        child.kill()
        child.wait()
    if done.returncode != 0 and any(word in done.stderr.lower() for word in ("permission", "ptrace", "root")):
        pytest.skip(f"py-spy may not read another process here (ptrace not permitted): {done.stderr.strip()[-300:]}")
    assert done.returncode == 0, done.stderr[-2000:]
    return out.read_text()


def samples_per_function(raw: str, filename: str) -> collections.Counter[str]:
    """From py-spy's raw output (one line per distinct stack: 'frame;frame;... count', each frame
    'function (file:line)'), the samples in which each function of ``filename`` was on the stack."""
    counts: collections.Counter[str] = collections.Counter()
    for line in raw.splitlines():
        stack, _, count = line.rpartition(" ")
        functions = {frame.split(" (")[0] for frame in stack.split(";") if f"{filename}:" in frame}
        for function in functions:
            counts[function] += int(count)
    return counts
