"""Sampling profilers researchers reach for, py-spy and scalene: each finds the planted hotspot.

py-spy attaches to a running process.
A child Python process runs the pipeline as written again and again; py-spy, started from
outside, samples its call stacks for two seconds without the program being changed or restarted.
The test counts, for every function of pipeline.py, the samples in which it was on the stack, and
checks that the filter per sensor, the bottleneck the other profilers rank first, comes first
and that the next ones are planted bottlenecks too. Skipped where py-spy is not installed or the
OS does not let it read another process (ptrace, which containers often forbid).

scalene runs the program itself (``scalene run``) and reports CPU time (and memory, GPU) per line
and per function, split into time in Python and time in native code; the test reads its JSON.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from lessons.m04_profiling import pipeline
from lessons.m04_profiling._testing import record_running_child, samples_per_function

ROOT = Path(__file__).resolve().parents[2]
FILTER_PER_SENSOR = "_hourly_stats_filter_per_sensor"
PLANTED = {FILTER_PER_SENSOR, "_celsius_apply", "_celsius_of_row", "_hour_strptime", "_is_known"}
PLANTED |= {"_report_by_concatenation", "_read_records"}  # the loop that calls _hour_strptime, _is_known

# the child: one run, "ready" on stdout, then the same run again and again until it is killed
CHILD = (
    "import json, sys\n"
    "from lessons.m04_profiling.pipeline import pipeline_as_written\n"
    "known = json.loads(sys.argv[2])\n"
    "pipeline_as_written(sys.argv[1], known)\n"
    "print('ready', flush=True)\n"
    "while True:\n"
    "    pipeline_as_written(sys.argv[1], known)\n"
)


def test_samples_per_function_counts_each_function_once_per_stack() -> None:
    raw = "<module> (a.py:1);f (p.py:3);g (p.py:9);f (p.py:3) 5\n<module> (a.py:1);g (p.py:9) 2\n"
    assert samples_per_function(raw, "p.py") == {"f": 5, "g": 7}


@pytest.mark.profiler_output
def test_py_spy_finds_the_planted_hotspot_in_a_running_process(sensor_logs, tmp_path) -> None:
    path, known = sensor_logs(4_800)
    program = [sys.executable, "-c", CHILD, path, json.dumps(known)]
    stacks = record_running_child(program, tmp_path / "stacks.txt")
    counts = samples_per_function(stacks, Path(pipeline.__file__).name)
    counts.pop("pipeline_as_written", None)  # on every stack: it is the whole run
    top = [function for function, _ in counts.most_common(3)]
    assert top[0] == FILTER_PER_SENSOR, counts
    assert set(top) <= PLANTED, counts


# scalene's program: the pipeline as written, twice, on the log named by its arguments
SCALENE_PROGRAM = """import json, sys
from lessons.m04_profiling.pipeline import pipeline_as_written
path, known = json.load(open(sys.argv[1]))
for _ in range(2):
    pipeline_as_written(path, known)
"""


@pytest.mark.profiler_output
def test_scalene_finds_the_planted_hotspot(sensor_logs, tmp_path) -> None:
    """scalene, CPU only, watching pipeline.py: of its functions, the filter per sensor has the most
    CPU time (Python and native together)."""
    pytest.importorskip("scalene", reason="scalene is not installed: pip install scalene")
    # 200 sensors of 24 readings: the filter per sensor makes 200 passes and leads by a wide margin;
    # with 50 sensors its lead over strptime was within scalene's sampling noise on an AVX-512
    # machine, where pandas' passes are quicker than on others (see the m04 page)
    path, known = sensor_logs(4_800, readings_per_sensor=24)
    program, arguments, out = tmp_path / "run_pipeline.py", tmp_path / "args.json", tmp_path / "profile.json"
    program.write_text(SCALENE_PROGRAM)
    arguments.write_text(json.dumps([path, known]))
    watch = ["--cpu-only", "--profile-only", "m04_profiling/pipeline.py", "--program-path", str(ROOT)]
    done = subprocess.run(
        [sys.executable, "-m", "scalene", "run", *watch, "-o", str(out), str(program), "---", str(arguments)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    files = json.loads(out.read_text())["files"]
    (functions,) = [entry["functions"] for name, entry in files.items() if name.endswith("pipeline.py")]
    cpu = {fn["line"]: fn["n_cpu_percent_python"] + fn["n_cpu_percent_c"] for fn in functions}
    top = sorted(cpu, key=cpu.get, reverse=True)
    # only the first place is a finding: after it, the planted bottlenecks and building the frame
    # (_records_to_frame, not planted) take about the same share, and their order is sampling noise
    assert top[0] == FILTER_PER_SENSOR, cpu
