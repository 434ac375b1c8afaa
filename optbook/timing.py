"""Interleaved timing: the techniques of one group are timed in alternating rounds.

A shared or virtual machine is faster at some moments than at others, and a laptop's
browser takes a core now and then. Timing one technique's rounds in one block and the
next technique's after it lets such a disturbance fall on one technique only, and the
speedups move with it. Here every technique of a group (same test function, same sizes)
is timed in *cycles*: each cycle times a few rounds of every technique, one after the
other, in an order that turns with each cycle, so that a disturbance that comes and goes
falls on all of them alike (asv's ``--interleave-rounds`` is the model).

How it fits pytest: ``optbook.lesson.run`` makes the warm-up call, returns its result and
*registers* the technique with its group (``Timer.register``). The harness puts the tests
of a group next to each other (``pytest_collection_modifyitems``), and when a group's last
test ends (``pytest_runtest_teardown``, before its fixtures are torn down) it times the
whole group. The rounds go into pytest-benchmark's own statistics, so its JSON, its
``--benchmark-compare`` and its ``compare`` command work as before.

Around every cycle the CPU counters are read (``optbook.busy``): a cycle during which
other programs used the CPU is set aside and taken again, up to as many extra cycles as
were planned. A paired bootstrap over the kept cycles gives each speedup its interval.
"""

from __future__ import annotations

import gc
import itertools
import math
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from statistics import median
from typing import Any

import numpy as np
import pytest

from optbook import busy, stats
from optbook.measure import wait_until_idle
from optbook.threads import ThreadState

ROUND_SECONDS = 0.01  # calls are repeated within a round until it lasts about this long
MAX_CYCLES = 20
MIN_CYCLES = 8  # a member slower than max_time / MIN_CYCLES a round takes part in every k-th cycle only
MIN_REFERENCE_ROUNDS = 5  # for a reference that takes no more than REFERENCE_BUDGET * max_time for them
REFERENCE_BUDGET = 4.0  # every speedup of the group divides by its median (0.4 s a call at max_time 0.5)
MIN_PAIRED_CYCLES = 3  # fewer cycles timed both a technique and its reference: no paired speedup
MIN_CYCLE_SECONDS = 0.15  # shorter cycles cannot be told busy or quiet (/proc/stat counts in 1/100 s)
TECHNIQUE_PARAM = "technique"


CACHE_LINE = 64  # bytes: x86-64 and most Arm cores; an AVX-512 load is one whole line


def cache_line_aligned(value: Any) -> Any:
    """``value``, or, where it is a contiguous NumPy array that does not start on a cache line, an
    equal copy that does.

    NumPy promises 16-byte alignment only: whether an array starts on a 64-byte cache line depends
    on where the allocator put it, and it changes from one run to the next. On the AVX-512 machine
    the book was measured on, that alone moved NumPy's ``a @ b`` at n = 512 between 3.1 and 4.0 ms,
    and lesson 9's packed numba kernel between 4.9 and 4.0 ms the other way
    (``tools/speed_states.py --fresh-inputs``). The rounds are timed on aligned copies, so that every
    run times the same case. Strided views, object arrays and arrays that start on a line are kept.
    An array that several techniques of a group share (a fixture's input) gets one copy, which they
    share in turn: a group holds no more memory than one copy of each input."""
    if type(value) is not np.ndarray or value.dtype.hasobject or value.nbytes == 0:
        return value
    if value.ctypes.data % CACHE_LINE == 0 or not (value.flags.c_contiguous or value.flags.f_contiguous):
        return value
    known = _ALIGNED_COPIES.get(id(value))
    if known is not None and known[0]() is value and known[1]() is not None:
        return known[1]()
    for key in [k for k, (original, copy) in _ALIGNED_COPIES.items() if original() is None or copy() is None]:
        del _ALIGNED_COPIES[key]  # forget the copies no group holds any more
    buffer = np.empty(value.nbytes + CACHE_LINE, dtype=np.uint8)
    start = -buffer.ctypes.data % CACHE_LINE
    order = "C" if value.flags.c_contiguous else "F"
    copy = np.ndarray(value.shape, value.dtype, buffer=buffer[start : start + value.nbytes], order=order)
    copy[...] = value
    copy.flags.writeable = value.flags.writeable
    _ALIGNED_COPIES[id(value)] = (weakref.ref(value), weakref.ref(copy))
    return copy


# id(original array) -> (the original, its aligned copy), both weakly held: the groups hold the copies
_ALIGNED_COPIES: dict[int, tuple[weakref.ref[np.ndarray], weakref.ref[np.ndarray]]] = {}


def group_key(nodeid: str, params: dict[str, Any] | None) -> str:
    """The test function and its parameters other than the technique: what one group shares."""
    others = sorted((k, repr(v)) for k, v in (params or {}).items() if k != TECHNIQUE_PARAM)
    return nodeid.split("[")[0] + "|" + ",".join(f"{k}={v}" for k, v in others)


def item_key(item: pytest.Item) -> str | None:
    """The group key of a collected test that takes a ``technique`` parameter, else None."""
    callspec = getattr(item, "callspec", None)
    if callspec is None or TECHNIQUE_PARAM not in callspec.params:
        return None
    if "benchmark" not in getattr(item, "fixturenames", ()):
        return None
    return group_key(item.nodeid, callspec.params)


def keep_groups_together(items: list[pytest.Item]) -> list[pytest.Item]:
    """The same tests, each group's tests moved next to its first one (stable otherwise).

    Groups keep the order of their first test: with the technique as the outer parameter
    and the size as the inner one, groups come smallest size first, so that a technique's
    smaller sizes are timed before its larger ones (``skip_if_too_slow`` needs them).
    """
    order: dict[str, list[pytest.Item]] = {}
    result: list[pytest.Item | str] = []
    for item in items:
        key = item_key(item)
        if key is None:
            result.append(item)
        elif key in order:
            order[key].append(item)
        else:
            order[key] = [item]
            result.append(key)
    return [member for entry in result for member in (order[entry] if isinstance(entry, str) else [entry])]


@dataclass
class Member:
    """One technique of a group, waiting to be timed."""

    fixture: Any  # pytest-benchmark's BenchmarkFixture
    technique: Callable[..., Any]
    args: tuple[Any, ...]
    kwargs: dict[str, Any]
    setup: Callable[[], tuple[tuple[Any, ...], dict[str, Any]]] | None
    seconds_per_call: float
    threads: ThreadState
    lesson: str
    max_rounds: int | None = None  # with a setup: about this many rounds in all (each one is costly)
    cancelled: bool = False
    rounds: list[tuple[int, float]] = field(default_factory=list)  # (cycle, seconds per call)

    @property
    def name(self) -> str:
        return self.technique.__name__

    def iterations(self) -> int:
        """Calls per round: one with a setup (fresh state every call), else enough to last ROUND_SECONDS."""
        if self.setup is not None:
            return 1
        return max(1, math.ceil(ROUND_SECONDS / max(self.seconds_per_call, 1e-9)))

    def time_round(self, timer: Callable[[], float], iterations: int) -> float:
        """Seconds per call of one round."""
        if self.setup is not None:
            args, kwargs = self.setup()
            start = timer()
            self.technique(*args, **kwargs)
            return timer() - start
        fn, args, kwargs = self.technique, self.args, self.kwargs
        start = timer()
        for _ in itertools.repeat(None, iterations):
            fn(*args, **kwargs)
        return (timer() - start) / iterations


@dataclass(frozen=True)
class Plan:
    """How a group is timed: cycles, and per member its calls per round and rounds per cycle."""

    cycles: int
    iterations: list[int]
    rounds_per_cycle: list[int]
    every: list[int]  # a member takes part in cycles 0, every, 2 * every, ...


def plan(members: list[Member], max_time: float, min_rounds: int, reference: str | None = None) -> Plan:
    """Give every member about ``max_time`` seconds of rounds, spread over the same cycles.

    The faster members decide how many cycles fit (at least ``min_rounds``, at most MAX_CYCLES,
    and no more than leave each cycle MIN_CYCLE_SECONDS long); each times several rounds in
    every cycle. A member too slow for that many rounds (a baseline that takes half a second a
    call) takes part in every k-th cycle only, with at least ``min_rounds`` rounds in all, and
    the group's reference (its baseline, else its slowest member) with at least
    MIN_REFERENCE_ROUNDS: every speedup of the group is measured against its median.
    """
    iterations = [m.iterations() for m in members]
    round_seconds = [max(m.seconds_per_call * n, 1e-9) for m, n in zip(members, iterations)]
    budgeted = [r for m, r in zip(members, round_seconds) if m.max_rounds is None] or round_seconds
    quick = [r for r in budgeted if r <= max_time / MIN_CYCLES] or [min(budgeted)]
    fit_quick = math.floor(max_time / max(quick))
    fit_windows = math.floor(len(members) * max_time / MIN_CYCLE_SECONDS)
    cycles = max(min_rounds, min(MAX_CYCLES, fit_quick, fit_windows), 1)
    named = [i for i, m in enumerate(members) if m.name == reference]
    ref = named[0] if named else max(range(len(members)), key=lambda i: round_seconds[i])
    per_cycle, every = [], []
    for i, (member, seconds) in enumerate(zip(members, round_seconds)):
        wanted = member.max_rounds
        if wanted is None:
            wanted = max(min_rounds, math.floor(max_time / seconds))
            if i == ref and seconds * MIN_REFERENCE_ROUNDS <= REFERENCE_BUDGET * max_time:
                wanted = max(wanted, MIN_REFERENCE_ROUNDS)
        if wanted >= cycles:
            per_cycle.append(math.ceil(wanted / cycles) if member.max_rounds is not None else
                             max(1, round(max_time / cycles / seconds)))  # fmt: skip
            every.append(1)
        else:
            per_cycle.append(1)
            every.append(max(1, math.ceil(cycles / wanted)))  # cycles 0, every, 2 * every ...: `wanted` of them
    return Plan(cycles, iterations, per_cycle, every)


def planned_rounds(the_plan: Plan, index: int) -> int:
    """How many rounds member ``index`` takes in the planned cycles."""
    return the_plan.rounds_per_cycle[index] * math.ceil(the_plan.cycles / the_plan.every[index])


@dataclass
class Outcome:
    """What timing a group found: the cycles kept, set aside, and how busy the machine was."""

    kept: list[int]
    set_aside: int
    windows: list[busy.Window]
    fell_back: bool  # too few quiet cycles: every cycle was kept


def _time_slot(
    member: Member, index: int, cycle: int, the_plan: Plan, timer: Callable[[], float], disable_gc: bool
) -> None:
    """One member's rounds within one cycle, under the thread counts of its test."""
    from pytest_benchmark.fixture import PauseInstrumentation

    iterations = the_plan.iterations[index]
    with member.threads.applied():
        cheap = member.seconds_per_call * 20 <= ROUND_SECONDS * the_plan.rounds_per_cycle[index]
        if member.setup is None and cheap:  # warm the caches after the other techniques, untimed
            member.technique(*member.args, **member.kwargs)
        gc_was_enabled = gc.isenabled()
        if disable_gc:
            gc.disable()
        try:
            with PauseInstrumentation():
                for _ in range(the_plan.rounds_per_cycle[index]):
                    member.rounds.append((cycle, member.time_round(timer, iterations)))
        finally:
            if gc_was_enabled:
                gc.enable()


def _time_cycles(members: list[Member], the_plan: Plan, timer: Callable[[], float], disable_gc: bool) -> Outcome:
    """Run the cycles, taking a disturbed cycle again while extra cycles are allowed."""
    windows: list[busy.Window | None] = []
    quiet: list[int] = []
    quiet_rounds = [0] * len(members)
    cycle = 0
    limit = the_plan.cycles
    while len(quiet) < the_plan.cycles and cycle < limit:
        start = busy.sample()
        turn = cycle % len(members)
        for index in [*range(turn, len(members)), *range(turn)]:
            if cycle % the_plan.every[index]:
                continue  # a slow member takes part in every k-th cycle only
            if cycle >= the_plan.cycles and quiet_rounds[index] >= planned_rounds(the_plan, index):
                continue  # a cycle taken again: only for the members short of quiet rounds
            # the previous technique's idle BLAS or OpenMP threads spin on for a while (OpenBLAS about
            # 0.1 s): let them stop, or this technique shares the cores with them
            wait_until_idle()
            _time_slot(members[index], index, cycle, the_plan, timer, disable_gc)
        window = busy.between(start, busy.sample())
        windows.append(window)
        if window is None or not window.disturbed:
            quiet.append(cycle)
            for index, member in enumerate(members):
                quiet_rounds[index] += sum(1 for c, _ in member.rounds if c == cycle)
        cycle += 1
        if cycle == the_plan.cycles and quiet:
            # a load that comes and goes: take the disturbed cycles again, up to as many as planned.
            # (A load that never let up in the planned cycles would not let up for the extra ones.)
            limit = 2 * the_plan.cycles
    measured = [w for w in windows if w is not None]
    if len(quiet) >= max(2, min(the_plan.cycles, 3)):
        return Outcome(quiet, cycle - len(quiet), measured, fell_back=False)
    return Outcome(list(range(cycle)), 0, measured, fell_back=bool(measured) and len(quiet) < cycle)


def _per_cycle(member: Member, cycles: list[int]) -> dict[int, float]:
    """The median seconds per call of a member in each kept cycle."""
    wanted = set(cycles)
    by_cycle: dict[int, list[float]] = {}
    for cycle, seconds in member.rounds:
        if cycle in wanted:
            by_cycle.setdefault(cycle, []).append(seconds)
    return {cycle: median(values) for cycle, values in by_cycle.items()}


def _reference(members: list[Member], baseline: str | None) -> Member:
    """The technique speedups are against: the baseline where it ran, else the slowest."""
    named = [m for m in members if m.name == baseline]
    if named:
        return named[0]
    return max(members, key=lambda m: median(s for _, s in m.rounds))


def time_group(members: list[Member], tally: busy.Tally) -> None:
    """Time the members of one group in interleaved cycles and hand the rounds to pytest-benchmark."""
    members = [m for m in members if not m.cancelled]
    if not members:
        return
    first = members[0].fixture
    the_plan = plan(members, first._max_time, first._min_rounds, first.extra_info.get("baseline"))
    # The objects earlier tests left alive (a whole-book run holds a large heap) are set aside from the
    # garbage collector while the group is timed: else every collection the timed code triggers walks
    # them too, and building 100,000 small objects took 0.59 s late in a whole-book run against 0.09 s
    # in a fresh process. The group's own objects are collected as usual.
    ours = gc.get_freeze_count() == 0  # a test that froze the heap itself keeps it frozen as it was
    if ours:
        gc.freeze()
    try:
        outcome = _time_cycles(members, the_plan, first._timer, first._disable_gc)
    finally:
        if ours:
            gc.unfreeze()
    for window in outcome.windows:
        tally.add(members[0].lesson, window)
    other = sum(w.other_cores * w.seconds for w in outcome.windows)
    steal = sum(w.steal_cores * w.seconds for w in outcome.windows)
    seconds = sum(w.seconds for w in outcome.windows) or 1.0
    kept = set(outcome.kept)
    for member, iterations in zip(members, the_plan.iterations):
        metadata = member.fixture._make_stats(iterations)
        rounds = [seconds for cycle, seconds in member.rounds if cycle in kept]
        if not rounds:  # a slow member all of whose cycles were disturbed: keep them all, marked busy
            rounds = [seconds for _, seconds in member.rounds]
        for value in rounds:
            metadata.stats.update(value)  # seconds per call, as Metadata.update would store
        marks = stats.stability_marks(rounds)
        if outcome.set_aside or outcome.fell_back:
            marks.append("busy")
        member.fixture.extra_info.update(
            marks=marks,
            timing={
                "cycles": len(outcome.kept),
                "set_aside": outcome.set_aside,
                "other_cores": round(other / seconds, 3),
                "steal_cores": round(steal / seconds, 3),
                "interleaved_with": len(members) - 1,
            },
        )
    _speedup_intervals(members, outcome.kept)


def _speedup_intervals(members: list[Member], cycles: list[int]) -> None:
    """Each member's speedup against the group's reference, from the cycles both were timed in.

    The machine's speed steps up and down while a group is timed (a shared host); a median of
    all rounds lands in one state or the other, and a ratio of two such medians jumps between
    runs. Within one cycle both techniques met the same machine, so the speedup is the median
    of the per-cycle ratios, and its 95% interval a bootstrap over those cycles.
    """
    reference = _reference(members, members[0].fixture.extra_info.get("baseline"))
    ref_cycles = _per_cycle(reference, cycles)
    for member in members:
        mine = _per_cycle(member, cycles)
        ratios = [ref_cycles[c] / mine[c] for c in sorted(set(mine) & set(ref_cycles)) if mine[c] > 0]
        info = member.fixture.extra_info
        info["speedup_ci_reference"] = reference.name
        if len(ratios) >= MIN_PAIRED_CYCLES:
            info["speedup_paired"] = round(median(ratios), 6)
            interval = stats.median_interval(ratios)
        else:  # too few cycles kept both (a slow reference in a busy spell): the ratio of the medians
            kept = set(cycles)
            interval = stats.ratio_interval(
                [t for c, t in reference.rounds if c in kept], [t for c, t in member.rounds if c in kept], paired=False
            )
        if interval is not None:
            info["speedup_ci"] = [round(interval[0], 6), round(interval[1], 6)]


class Timer:
    """The groups waiting to be timed in this pytest run, and the hooks that time them."""

    def __init__(self, announce: Callable[[str], None] = lambda message: None) -> None:
        self.pending: dict[str, list[Member]] = {}
        self.tally = busy.Tally()
        self.announce = announce
        self.on_timed: Callable[[list[Member]], None] = lambda members: None

    def register(self, key: str, member: Member) -> None:
        """Queue a technique whose warm-up call succeeded; it is timed with the rest of its group."""
        member.fixture._mode = "optbook.lesson.run (interleaved with its group)"
        self.pending.setdefault(key, []).append(member)

    def cancel(self, nodeid: str) -> None:
        """Drop a queued technique whose test failed after run() returned."""
        for members in self.pending.values():
            for member in members:
                if member.fixture.fullname == nodeid:
                    member.cancelled = True
                    member.fixture.has_error = True

    def flush(self, keep: str | None = None) -> list[str]:
        """Time every waiting group except ``keep`` (the group of the next test); say which failed."""
        failed: list[str] = []
        for key in [k for k in self.pending if k != keep]:
            members = self.pending.pop(key)
            live = [m for m in members if not m.cancelled]
            if not live:
                continue
            if len(live) > 1:  # progress, one line a group: which lesson and group is being timed
                self.announce(
                    f"timing {live[0].lesson}, {live[0].fixture.group}: {len(live)} techniques in alternating rounds"
                )
            try:
                time_group(members, self.tally)
            except Exception as err:
                for member in live:
                    member.fixture.has_error = True
                hint = (
                    "; its techniques are timed after their tests end, so their inputs must outlive the tests "
                    "(make files in a fixture, not in a with-block around run())"
                    if isinstance(err, (OSError, ValueError))
                    else ""
                )
                failed.append(
                    f"optbook: timing the group {live[0].fixture.group!r} failed ({type(err).__name__}: {err}){hint}"
                )
                continue
            self.on_timed(live)
        return failed

    # pytest hooks (this object is registered as a plugin by optbook.plugin)

    @pytest.hookimpl(trylast=True)  # after -k and -m have deselected
    def pytest_collection_modifyitems(self, items: list[pytest.Item]) -> None:
        items[:] = keep_groups_together(items)

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_makereport(self, item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
        report = yield
        if report.when == "call" and report.failed:
            self.cancel(item.nodeid)
        return report

    @pytest.hookimpl(wrapper=True, tryfirst=True)
    def pytest_runtest_teardown(self, item: pytest.Item, nextitem: pytest.Item | None) -> Any:
        # before the fixtures of the group's last test are torn down; they are torn down even when
        # the timing failed (else the next test's setup fails as well)
        failed = self.flush(keep=item_key(nextitem) if nextitem is not None else None)
        result = yield
        if failed:
            pytest.fail("\n".join(failed), pytrace=False)
        return result
