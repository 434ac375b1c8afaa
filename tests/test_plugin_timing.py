"""Interleaved timing end to end: a demo lesson run in a separate pytest, its saved run read back."""

from __future__ import annotations

import json

import pytest

from tests.test_plugin import DEMO_TOPIC, demo, saved  # noqa: F401  (demo is a fixture)

LATE_INPUT_TEST = """
import os, tempfile
import pytest
from lessons.m99_demo import demo
from optbook.lesson import run, technique_names


@pytest.mark.parametrize("technique", technique_names(demo))
def test_reads_a_file(benchmark, technique):
    with tempfile.TemporaryDirectory() as folder:  # deleted before the group is timed: a mistake
        path = os.path.join(folder, "numbers.txt")
        with open(path, "w") as f:
            f.write("1 2 3")

        def read_and_add(path):
            with open(path) as f:
                return getattr(demo, technique)([int(x) for x in f.read().split()])

        read_and_add.__module__ = demo.__name__
        read_and_add.__name__ = technique
        assert run(benchmark, read_and_add, path) == 6


def test_the_next_test_still_sets_up():
    pass
"""

THREADS_TEST = """
import pytest
from threadpoolctl import threadpool_info, threadpool_limits
import numpy as np
from lessons.m99_demo import demo
from optbook.lesson import run, technique_names

SEEN = {}


@pytest.mark.parametrize("technique", technique_names(demo))
def test_demo_threads(benchmark, technique):
    np.ones((8, 8)) @ np.ones((8, 8))
    fn = getattr(demo, technique)

    def counted(xs):
        SEEN[technique] = max(p["num_threads"] for p in threadpool_info() if p["user_api"] == "blas")
        return fn(xs)

    counted.__module__, counted.__name__ = demo.__name__, technique
    with threadpool_limits(limits=1, user_api="blas"):
        assert run(benchmark, counted, list(range(10))) == 45


def test_both_were_timed_under_one_blas_thread():
    assert SEEN == {"sum_loop": 1, "sum_builtin": 1}
"""


def test_a_group_is_timed_together_and_saved_with_intervals_marks_and_rounds(demo: pytest.Pytester) -> None:  # noqa: F811
    result = demo.runpytest_subprocess("--scale", "tiny", "--machine", "laptop")
    assert result.ret == 0, result.stdout.str()[-3000:]
    [path] = saved(demo, "laptop")
    data = json.loads(path.read_text())
    assert data["optbook"]["format"] == 2
    busy = data["optbook"]["busy"]
    assert busy["seconds"] > 0 and "m99_demo" in busy["per_lesson"] and busy["logical_cores"] >= 1
    for bench in data["benchmarks"]:
        info = bench["extra_info"]
        timing = info["timing"]
        assert timing["interleaved_with"] == 1 and timing["cycles"] >= 3
        assert len(bench["stats"]["data"]) == bench["stats"]["rounds"] >= 3  # every kept round is saved
        assert isinstance(info["marks"], list)
        low, high = info["speedup_ci"]
        assert low <= info["speedup"] * 1.5 and high >= info["speedup"] / 1.5
    loop = next(b for b in data["benchmarks"] if b["extra_info"]["technique"] == "sum_loop")
    assert loop["extra_info"]["speedup_ci"] == [1.0, 1.0]  # the baseline against itself
    assert "the machine was" in result.stdout.str()
    result.stdout.fnmatch_lines(["optbook: timing m99_demo, demo n=100: 2 techniques in alternating rounds"])


def test_skipped_cases_are_saved_with_their_reason(demo: pytest.Pytester) -> None:  # noqa: F811
    slow = DEMO_TOPIC.replace("    total = 0\n", "    total = 0\n    import time; time.sleep(0.05 * (len(xs) > 0))\n")
    (demo.path / "lessons" / "m99_demo" / "demo.py").write_text(slow)
    assert demo.runpytest_subprocess("--scale", "tiny", "--machine", "laptop").ret == 0
    [path] = saved(demo, "laptop")
    [skipped] = json.loads(path.read_text())["optbook"]["skipped"]
    assert skipped["technique"] == "sum_loop" and skipped["group"] == "demo n=200"
    assert "would take about" in skipped["reason"]


def test_inputs_that_do_not_outlive_the_test_fail_with_a_clear_message(demo: pytest.Pytester) -> None:  # noqa: F811
    (demo.path / "lessons" / "m99_demo" / "test_demo.py").write_text(LATE_INPUT_TEST)
    result = demo.runpytest_subprocess("--scale", "tiny", "--machine", "laptop")
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.stdout.fnmatch_lines(
        ["*timing the group 'demo' failed (FileNotFoundError*their inputs must outlive the tests*"]
    )
    result.assert_outcomes(passed=3, errors=1)  # the failed timing is one error; the next test runs


def test_thread_limits_of_the_test_hold_while_it_is_timed(demo: pytest.Pytester) -> None:  # noqa: F811
    (demo.path / "lessons" / "m99_demo" / "test_demo.py").write_text(THREADS_TEST)
    result = demo.runpytest_subprocess("--scale", "tiny", "--machine", "laptop", "-p", "no:randomly")
    assert result.ret == 0, result.stdout.str()[-3000:]
    result.assert_outcomes(passed=3)


def test_a_forked_pool_worker_ends_on_sigterm_as_usual() -> None:
    """This pytest run turns SIGTERM into an interrupt (optbook.plugin); a worker forked from it
    inherits the handler, and must still end on SIGTERM as a pool's terminate() expects."""
    import multiprocessing
    import signal
    import time

    worker = multiprocessing.get_context("fork").Process(target=time.sleep, args=(30,))
    worker.start()
    time.sleep(0.3)
    worker.terminate()
    worker.join(10)
    assert worker.exitcode == -signal.SIGTERM


def _exit_with_sigterm_disposition() -> None:
    import os
    import signal

    os._exit(0 if signal.getsignal(signal.SIGTERM) == signal.SIG_DFL else 3)


def test_a_forked_child_has_the_default_sigterm_action_from_its_start() -> None:
    """CPython drops a signal that reaches a freshly forked child before its interpreter is set up
    again; with the run's Python-level handler inherited, a pool worker terminated at that moment
    lived on and the run hung in ``Pool.terminate()``. The child gets the default action at fork."""
    import multiprocessing
    import signal

    fork = multiprocessing.get_context("fork")
    child = fork.Process(target=_exit_with_sigterm_disposition)
    child.start()
    child.join(10)
    assert child.exitcode == 0, "a forked child inherited the run's SIGTERM handler"
    assert signal.getsignal(signal.SIGTERM) not in (signal.SIG_DFL, None), "the run's handler is gone"
    for _ in range(20):  # terminated at once, as a pool does with workers that just started
        worker = fork.Process(target=time_sleep_30)
        worker.start()
        worker.terminate()
        worker.join(10)
        assert worker.exitcode == -signal.SIGTERM


def time_sleep_30() -> None:
    import time

    time.sleep(30)


EXAMPLES_TEST = """
from hypothesis import settings


def test_examples():
    print("max_examples", settings().max_examples, "deadline", settings().deadline)
"""


@pytest.mark.parametrize(
    ("args", "examples"),
    [((), 20), (("--benchmark-disable",), 100), (("--hypothesis-profile=default",), 100)],
    ids=["benchmarks", "tests-only", "chosen"],
)
def test_a_benchmark_run_checks_equivalence_briefly(
    demo: pytest.Pytester,  # noqa: F811
    args: tuple[str, ...],
    examples: int,
) -> None:
    (demo.path / "lessons" / "m99_demo" / "test_examples.py").write_text(EXAMPLES_TEST)
    result = demo.runpytest_subprocess("--scale", "tiny", "-s", "-k", "examples", "-p", "no:randomly", *args)
    assert result.ret == 0, result.stdout.str()[-2000:]
    deadline = "0:00:00.200000" if "--hypothesis-profile=default" in args else "None"  # hypothesis's own: 200 ms
    result.stdout.fnmatch_lines([f"*max_examples {examples} deadline {deadline}*"])
