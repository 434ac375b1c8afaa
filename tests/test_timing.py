"""Interleaved timing (optbook.timing), the CPU counters (optbook.busy) and thread counts (optbook.threads)."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import numpy as np
import pytest

from optbook import busy, timing
from optbook.threads import ThreadState


def _item(nodeid: str, **params: Any) -> SimpleNamespace:
    return SimpleNamespace(nodeid=nodeid, callspec=SimpleNamespace(params=params), fixturenames=["benchmark"])


def test_a_groups_tests_are_moved_together_smallest_size_first() -> None:
    items = [_item(f"t.py::test_mm[{t}-{n}]", technique=t, n=n) for t in ("slow", "fast") for n in (8, 16)]
    other = SimpleNamespace(nodeid="t.py::test_agrees[slow]", callspec=None, fixturenames=[])
    ordered = timing.keep_groups_together([*items, other])  # type: ignore[arg-type]
    assert [i.nodeid for i in ordered] == [
        "t.py::test_mm[slow-8]",
        "t.py::test_mm[fast-8]",
        "t.py::test_mm[slow-16]",
        "t.py::test_mm[fast-16]",
        "t.py::test_agrees[slow]",
    ]
    assert timing.group_key("t.py::test_mm[slow-8]", {"technique": "slow", "n": 8}) == timing.group_key(
        "t.py::test_mm[fast-8]", {"n": 8, "technique": "fast"}
    )


class _Fixture:
    """What time_group needs of pytest-benchmark's fixture."""

    def __init__(self, name: str, baseline: str = "first") -> None:
        self.fullname = f"t.py::test[{name}]"
        self.group = "demo"
        self.extra_info: dict[str, Any] = {"baseline": baseline}
        self._max_time, self._min_rounds, self._timer, self._disable_gc = 0.05, 3, time.perf_counter, False
        self.made: list[float] = []

    def _make_stats(self, iterations: int) -> Any:
        return SimpleNamespace(stats=SimpleNamespace(update=self.made.append))


def _member(name: str, log: list[tuple[str, int]], seconds: float, **extra: Any) -> timing.Member:
    def technique() -> None:
        log.append((name, len(log)))
        end = time.perf_counter() + seconds
        while time.perf_counter() < end:
            pass

    technique.__name__ = name
    return timing.Member(
        fixture=_Fixture(name),
        technique=technique,
        args=(),
        kwargs={},
        setup=None,
        seconds_per_call=seconds,
        threads=ThreadState.capture(),
        lesson="m99_demo",
        **extra,
    )


def test_every_cycle_times_every_technique_and_the_order_turns() -> None:
    log: list[tuple[str, int]] = []
    members = [_member(name, log, 0.004) for name in ("first", "second", "third")]
    the_plan = timing.plan(members, max_time=0.05, min_rounds=3)
    assert the_plan.cycles >= 3 and the_plan.iterations == [3, 3, 3]
    timing._time_cycles(members, the_plan, time.perf_counter, disable_gc=False)
    for member in members:
        assert {cycle for cycle, _ in member.rounds} >= set(range(the_plan.cycles))


def test_the_cycle_order_rotates() -> None:
    log: list[tuple[str, int]] = []
    members = [_member(name, log, 0.002) for name in ("a", "b", "c")]
    the_plan = timing.Plan(cycles=3, iterations=[1, 1, 1], rounds_per_cycle=[1, 1, 1], every=[1, 1, 1])
    timing._time_cycles(members, the_plan, time.perf_counter, disable_gc=False)
    calls = [name for name, _ in log]
    # one timed call per technique per cycle (too slow for an untimed warm call); cycles start at a, b, c
    per_cycle = [calls[i : i + 3] for i in range(0, 9, 3)]
    assert [cycle[0] for cycle in per_cycle] == ["a", "b", "c"]
    assert all(sorted(set(cycle)) == ["a", "b", "c"] for cycle in per_cycle)


def test_a_technique_with_a_setup_is_timed_about_as_often_as_asked() -> None:
    log: list[tuple[str, int]] = []
    quick = _member("quick", log, 0.001)
    costly = _member("costly", log, 0.001, max_rounds=3)
    costly.setup = lambda: ((), {})
    the_plan = timing.plan([quick, costly], max_time=1.0, min_rounds=3)
    assert the_plan.cycles > 6 and the_plan.every[1] > 1
    timing._time_cycles([quick, costly], the_plan, time.perf_counter, disable_gc=False)
    assert 3 <= len(costly.rounds) <= 5 < len(quick.rounds)


def test_time_group_hands_rounds_marks_and_intervals_to_pytest_benchmark() -> None:
    log: list[tuple[str, int]] = []
    members = [_member("first", log, 0.004), _member("second", log, 0.001)]
    timing.time_group(members, busy.Tally())
    slow, fast = members
    assert len(slow.fixture.made) >= 3 and len(fast.fixture.made) >= len(slow.fixture.made)
    info = fast.fixture.extra_info
    assert info["timing"]["cycles"] >= 3 and info["timing"]["interleaved_with"] == 1
    assert isinstance(info["marks"], list)
    low, high = info["speedup_ci"]
    assert info["speedup_ci_reference"] == "first" and 0 < low <= high


def test_a_cancelled_technique_is_not_timed() -> None:
    log: list[tuple[str, int]] = []
    members = [_member("first", log, 0.001), _member("second", log, 0.001)]
    members[1].cancelled = True
    timing.time_group(members, busy.Tally())
    assert members[1].fixture.made == [] and members[0].fixture.made


def _sample(wall: float, busy_s: float, steal: float, own: float) -> busy.Sample:
    return busy.Sample(wall=wall, busy=busy_s, steal=steal, own=own)


def test_a_window_is_disturbed_when_others_use_the_cpu_not_when_we_do() -> None:
    start = _sample(0.0, 100.0, 5.0, 10.0)
    ours = busy.between(start, _sample(1.0, 102.0, 5.0, 12.0))  # we used both cores
    theirs = busy.between(start, _sample(1.0, 101.0, 5.0, 10.0))  # someone else used one
    stolen = busy.between(start, _sample(1.0, 100.0, 5.5, 10.0))  # the host took half a core
    assert ours is not None and not ours.disturbed and ours.other_cores == 0
    assert theirs is not None and theirs.disturbed and theirs.other_cores == pytest.approx(1.0)
    assert stolen is not None and stolen.disturbed and stolen.steal_cores == pytest.approx(0.5)
    assert busy.between(None, start) is None


def test_the_tally_sums_per_lesson_and_says_so_in_one_line() -> None:
    tally = busy.Tally()
    tally.add("m09_matmul", busy.Window(2.0, 0.8, 0.0))
    tally.add("m09_matmul", busy.Window(2.0, 0.0, 0.0))
    tally.add("m05_hardware", busy.Window(1.0, 0.0, 0.0))
    summary = tally.summary()
    assert summary["per_lesson"]["m09_matmul"]["other_cores"] == pytest.approx(0.4)
    line = busy.describe(summary)
    assert line.startswith("the machine was busy: other programs used 0.4 of") and "during m09_matmul" in line
    assert "m05" not in line
    assert busy.describe(busy.Tally().summary()) == ""


SPIN = "import time\nend = time.process_time() + {cpu}\nwhile time.process_time() < end:\n    pass\n"


@pytest.mark.skipif(not Path("/proc/stat").exists(), reason="needs Linux's /proc/stat")
def test_a_child_process_counts_as_ours() -> None:
    start = busy.sample()
    subprocess.run([sys.executable, "-c", SPIN.format(cpu=0.3)], check=True, timeout=60)
    end = busy.sample()
    assert start is not None and end is not None
    assert end.own - start.own >= 0.3


@pytest.mark.skipif(not Path("/proc/stat").exists(), reason="needs Linux's /proc/stat")
def test_a_process_that_is_not_ours_counts_as_other(tmp_path: Path) -> None:
    """A real busy process outside this process tree (started detached: its parent exits at once),
    burning 0.4 s of CPU, shows up as other programs' time; bounded: it stops by itself."""
    done = tmp_path / "done"
    detached = (
        "import os, sys, time\n"
        "if os.fork():\n    os._exit(0)\n"
        "os.setsid()\n" + SPIN.format(cpu=0.4) + f"open({str(done)!r}, 'w').close()\n"
    )
    start = busy.sample()
    subprocess.run([sys.executable, "-c", detached], check=True, timeout=60)
    deadline = time.monotonic() + 60
    while not done.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    end = busy.sample()
    assert done.exists(), "the detached busy process did not finish within a minute"
    assert start is not None and end is not None
    others = (end.busy - start.busy) - (end.own - start.own)
    assert others >= 0.4 - 2 * busy.logical_cores() / busy.TICKS_PER_SECOND


def test_thread_counts_of_the_test_are_put_back_while_timing() -> None:
    from threadpoolctl import threadpool_info, threadpool_limits

    np.ones((64, 64)) @ np.ones((64, 64))  # BLAS loaded
    with threadpool_limits(limits=1, user_api="blas"):
        held = ThreadState.capture()
    blas = [p for p in threadpool_info() if p["user_api"] == "blas"]
    if not blas or all(p["num_threads"] == 1 for p in blas):
        pytest.skip("BLAS runs one thread here anyway: nothing to tell apart")
    with held.applied():
        assert all(p["num_threads"] == 1 for p in threadpool_info() if p["user_api"] == "blas")
    assert [p["num_threads"] for p in threadpool_info() if p["user_api"] == "blas"] == [p["num_threads"] for p in blas]


def test_numexpr_threads_are_put_back_too() -> None:
    numexpr = pytest.importorskip("numexpr")
    old = numexpr.set_num_threads(1)
    try:
        held = ThreadState.capture()
        numexpr.set_num_threads(2)
        with held.applied():
            assert numexpr.get_num_threads() == 1
        assert numexpr.get_num_threads() == 2
    finally:
        numexpr.set_num_threads(old)


def test_the_speedup_is_the_median_of_per_cycle_ratios_so_a_machine_that_changes_speed_cancels() -> None:
    log: list[tuple[str, int]] = []
    slow, fast = _member("first", log, 0.01), _member("second", log, 0.001)
    # the machine runs at full speed in cycles 0 to 3 and at half speed in cycles 4 to 10 (more of them):
    # the median of each technique's rounds lands in different states, the ratio per cycle is always 10
    for cycle in range(11):
        factor = 1.0 if cycle < 4 else 2.0
        slow.rounds.append((cycle, 0.010 * factor))
        fast.rounds += [(cycle, 0.001 * factor), (cycle, 0.001 * factor)]
    timing._speedup_intervals([slow, fast], list(range(11)))
    info = fast.fixture.extra_info
    assert info["speedup_paired"] == pytest.approx(10.0) and info["speedup_ci"] == [10.0, 10.0]
    assert info["speedup_ci_reference"] == "first"


def test_with_too_few_paired_cycles_the_speedup_is_the_ratio_of_medians() -> None:
    log: list[tuple[str, int]] = []
    slow, fast = _member("first", log, 0.5), _member("second", log, 0.001)
    slow.rounds = [(0, 0.5), (5, 0.6)]  # the reference kept two cycles only
    fast.rounds = [(c, 0.001) for c in range(8)]
    timing._speedup_intervals([slow, fast], list(range(8)))
    info = fast.fixture.extra_info
    assert "speedup_paired" not in info and info["speedup_ci_reference"] == "first"
    low, high = info["speedup_ci"]
    assert low <= 550 <= high


def test_a_member_whose_every_cycle_was_disturbed_keeps_its_rounds(monkeypatch: pytest.MonkeyPatch) -> None:
    """A slow member that takes part in every k-th cycle only, each of them disturbed: pytest-benchmark
    cannot summarise no rounds, so it keeps them all and is marked busy."""
    log: list[tuple[str, int]] = []
    members = [_member("first", log, 0.002), _member("second", log, 0.002)]
    monkeypatch.setattr(
        timing, "_time_cycles", lambda ms, plan, timer, gc: timing.Outcome([1, 2, 3], 1, [], fell_back=False)
    )
    for member in members:
        member.rounds = [(0, 0.002)] if member.name == "first" else [(c, 0.001) for c in range(4)]
    timing.time_group(members, busy.Tally())
    assert members[0].fixture.made == [0.002] and "busy" in members[0].fixture.extra_info["marks"]
    assert len(members[1].fixture.made) == 3


def test_a_disturbed_cycle_is_taken_again_only_by_members_short_of_quiet_rounds(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Cycle 1 is disturbed: the quick member takes a cycle again; the slow one, which takes part
    in cycles 0 and 2 only and had both quiet, is not called again."""
    log: list[tuple[str, int]] = []
    quick, slow = _member("quick", log, 0.001), _member("slow", log, 0.001)
    the_plan = timing.Plan(cycles=4, iterations=[1, 1], rounds_per_cycle=[1, 1], every=[1, 2])
    windows = iter([busy.Window(1.0, 0.0, 0.0), busy.Window(1.0, 1.0, 0.0)] + [busy.Window(1.0, 0.0, 0.0)] * 8)
    monkeypatch.setattr(timing.busy, "between", lambda start, end: next(windows))
    outcome = timing._time_cycles([quick, slow], the_plan, time.perf_counter, disable_gc=False)
    assert outcome.kept == [0, 2, 3, 4] and outcome.set_aside == 1
    assert [c for c, _ in quick.rounds] == [0, 1, 2, 3, 4]
    assert [c for c, _ in slow.rounds] == [0, 2]


def test_what_earlier_tests_left_on_the_heap_is_set_aside_from_the_collector_while_timing() -> None:
    import gc

    left_behind = [[i] for i in range(50_000)]  # a heap grown by earlier tests
    seen: list[int] = []

    def allocating() -> list[list[int]]:
        seen.append(gc.get_freeze_count())
        return [[i] for i in range(100)]

    allocating.__name__ = "allocating"
    member = _member("allocating", [], 0.001)
    member.technique = allocating
    timing.time_group([member], busy.Tally())
    assert seen and min(seen) >= len(left_behind)  # frozen while timed: full collections skip them
    assert gc.get_freeze_count() == 0  # and handed back to the collector afterwards
