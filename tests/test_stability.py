"""optbook stability: the drift of speedups between two runs, and the background load it starts and stops."""

from __future__ import annotations

import time

import psutil
import pytest

from optbook import stability
from optbook.cli import main
from tests.helpers import bench


def _run(slow: float, fast: float, faster: float) -> list[dict]:
    return [bench("slow", slow), bench("fast", fast), bench("faster", faster)]


def test_drift_is_measured_against_the_first_runs_reference() -> None:
    first = _run(10.0, 1.0, 0.5)  # speedups 10x and 20x
    second = _run(10.0, 1.1, 0.5)  # 9.09x (9.1% drift) and 20x (none)
    rows = {name.split("[")[1][:-4]: d for name, _, _, d in stability.drift(first, second)}
    assert set(rows) == {"fast", "faster"}  # the reference against itself is left out
    assert rows["fast"] == pytest.approx(1 - 1 / 1.1)
    assert rows["faster"] == pytest.approx(0.0)
    lines = stability.summary(stability.drift(first, second))
    assert lines[-1].startswith("speedup drift between the two runs: median 4.5%, largest 9.1% (test_demo[fast-10])")


def test_the_reference_is_the_slowest_where_the_baseline_did_not_run() -> None:
    first = [bench("fast", 1.0), bench("faster", 0.25)]  # no "slow" (the baseline): "fast" is the reference
    second = [bench("fast", 1.0), bench("faster", 0.5)]
    [(name, one, two, d)] = stability.drift(first, second)
    assert "faster" in name and one == pytest.approx(4.0) and two == pytest.approx(2.0) and d == pytest.approx(0.5)


def test_nothing_to_compare_says_so() -> None:
    assert stability.summary([]) == ["no speedup to compare: the runs share no group with two or more techniques"]


def test_the_background_load_busies_a_core_and_is_stopped() -> None:
    load = stability.start_load(on=0.3, off=0.1, limit=20)
    try:
        process = psutil.Process(load.pid)
        time.sleep(1.0)
        assert load.poll() is None
        assert process.cpu_times().user > 0.2  # it really ran
    finally:
        stability.stop_load(load)
    assert load.poll() is not None


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        ([], "name the lesson to run"),
        (["lessons/m09_matmul", "--benchmark-disable"], "--benchmark-disable times nothing"),
    ],
)
def test_bad_requests_are_one_line_errors(argv: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["stability", *argv]) == 2
    [line] = capsys.readouterr().err.strip().splitlines()
    assert line.startswith("optbook stability: error: ") and message in line
