"""Who used the CPU while we were timing: this process tree, or other programs.

The kernel counts, for all CPUs together, the time spent busy (``/proc/stat``: user, nice,
system, irq and softirq) and the time a virtual machine's CPU was taken away by the host
(steal). This process tree's own CPU time is known precisely (``time.process_time`` for
this process, psutil for its live children, the kernel's count for the waited ones). The
difference is what other programs used: a laptop's browser, a neighbour on a shared node.

``/proc/stat`` counts in ticks of 1/100 s per CPU, so a window must last a tenth of a
second or more to say anything; ``disturbed`` allows for that rounding. Where there is no
``/proc/stat`` (macOS, Windows) nothing is measured and nothing is called disturbed.
"""

from __future__ import annotations

import os
import resource
import time
from dataclasses import dataclass, field
from pathlib import Path

import psutil

PROC_STAT = Path("/proc/stat")
TICKS_PER_SECOND = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
# a window is disturbed when other programs used more than this share of one core on average
OTHER_CORES_LIMIT = 0.3
STEAL_CORES_LIMIT = 0.1


def logical_cores() -> int:
    """The number of CPUs the kernel counts in /proc/stat (all of them, usable or not)."""
    return psutil.cpu_count(logical=True) or 1


@dataclass(frozen=True)
class Sample:
    """One reading of the CPU counters."""

    wall: float  # time.perf_counter()
    busy: float  # CPU seconds all CPUs spent busy since boot (steal excluded)
    steal: float  # CPU seconds taken by the host since boot
    own: float  # CPU seconds used by this process tree


def read_proc(path: str) -> bytes:
    """A small /proc file's bytes, read with one system call: Path.read_text costs ten times more,
    and a sample reads one file per thread of this process (a whole-book run holds about 70)."""
    fd = os.open(path, os.O_RDONLY)
    try:
        return os.read(fd, 1 << 16)
    finally:
        os.close(fd)


def _children_of(pid: int) -> list[int]:
    """The child processes of ``pid``, from the kernel's per-thread lists (cheap: no scan of /proc)."""
    found: list[int] = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return found
    for tid in tasks:
        try:
            found += [int(c) for c in read_proc(f"/proc/{pid}/task/{tid}/children").split()]
        except (OSError, ValueError):
            continue
    return found


def _process_cpu(pid: int) -> float:
    """CPU seconds (user + system) of one live process, from /proc/<pid>/stat; 0 if it has ended."""
    try:
        fields = read_proc(f"/proc/{pid}/stat").rsplit(b")", 1)[1].split()
    except (OSError, IndexError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / TICKS_PER_SECOND


def _own_cpu() -> float:
    """CPU seconds of this process, its live descendants (pool workers) and its waited-for children."""
    total = time.process_time()
    pending = _children_of(os.getpid())
    while pending:
        pid = pending.pop()
        total += _process_cpu(pid)
        pending += _children_of(pid)
    waited = resource.getrusage(resource.RUSAGE_CHILDREN)
    return total + waited.ru_utime + waited.ru_stime


def sample() -> Sample | None:
    """Read the counters now; None where the kernel does not offer /proc/stat."""
    try:
        first = PROC_STAT.read_text().split("\n", 1)[0].split()
    except OSError:
        return None
    if not first or first[0] != "cpu":
        return None
    ticks = [int(x) for x in first[1:]]
    ticks += [0] * (8 - len(ticks))
    user, nice, system, _idle, _iowait, irq, softirq, steal = ticks[:8]
    busy = (user + nice + system + irq + softirq) / TICKS_PER_SECOND
    return Sample(wall=time.perf_counter(), busy=busy, steal=steal / TICKS_PER_SECOND, own=_own_cpu())


@dataclass(frozen=True)
class Window:
    """What happened between two samples."""

    seconds: float
    other_cores: float  # average number of cores other programs kept busy
    steal_cores: float  # average number of cores the host took away

    @property
    def disturbed(self) -> bool:
        """Whether other programs (or the host) took enough CPU to change a timing.

        Both counters are read in ticks, so each reading can be off by a tick per CPU:
        that much is allowed on top of the limits.
        """
        if self.seconds <= 0:
            return False
        slack = logical_cores() / TICKS_PER_SECOND / self.seconds
        return self.other_cores > OTHER_CORES_LIMIT + slack or self.steal_cores > STEAL_CORES_LIMIT + slack


def between(start: Sample | None, end: Sample | None) -> Window | None:
    """The window from ``start`` to ``end``; None when either reading is missing."""
    if start is None or end is None or end.wall <= start.wall:
        return None
    seconds = end.wall - start.wall
    other = (end.busy - start.busy) - (end.own - start.own)
    return Window(seconds, max(0.0, other) / seconds, max(0.0, end.steal - start.steal) / seconds)


@dataclass
class Tally:
    """Windows added up per lesson: how busy the machine was while each lesson was timed."""

    seconds: dict[str, float] = field(default_factory=dict)
    other: dict[str, float] = field(default_factory=dict)  # core-seconds
    steal: dict[str, float] = field(default_factory=dict)

    def add(self, lesson: str, window: Window | None) -> None:
        if window is None:
            return
        self.seconds[lesson] = self.seconds.get(lesson, 0.0) + window.seconds
        self.other[lesson] = self.other.get(lesson, 0.0) + window.other_cores * window.seconds
        self.steal[lesson] = self.steal.get(lesson, 0.0) + window.steal_cores * window.seconds

    def summary(self) -> dict[str, object]:
        """JSON-ready totals: average other and steal cores overall and per lesson."""
        total = sum(self.seconds.values())
        per_lesson = {
            lesson: {
                "seconds": round(seconds, 2),
                "other_cores": round(self.other[lesson] / seconds, 3) if seconds else 0.0,
                "steal_cores": round(self.steal[lesson] / seconds, 3) if seconds else 0.0,
            }
            for lesson, seconds in self.seconds.items()
        }
        return {
            "seconds": round(total, 2),
            "other_cores": round(sum(self.other.values()) / total, 3) if total else 0.0,
            "steal_cores": round(sum(self.steal.values()) / total, 3) if total else 0.0,
            "logical_cores": logical_cores(),
            "per_lesson": per_lesson,
        }


def _was_busy(lesson: dict[str, float]) -> bool:
    """Busy as a cycle is disturbed (Window.disturbed): over the limits by more than a tick per CPU."""
    return Window(lesson["seconds"], lesson["other_cores"], lesson["steal_cores"]).disturbed


def describe(summary: dict[str, object]) -> str:
    """One line for the end of a run: was the machine quiet while the benchmarks were timed?"""
    if not summary or not summary.get("seconds"):
        return ""
    cores = summary.get("logical_cores", "?")
    per_lesson = summary.get("per_lesson") or {}
    assert isinstance(per_lesson, dict)
    busy = {k: v for k, v in per_lesson.items() if _was_busy(v)}
    if not busy:
        return (
            f"the machine was quiet while timing: other programs used {summary['other_cores']:.2f} "
            f"of {cores} cores, steal {summary['steal_cores']:.2f}"
        )
    parts = [
        f"{v['other_cores']:.1f} of {cores} cores during {lesson}"
        + (f" (steal {v['steal_cores']:.2f})" if v["steal_cores"] >= STEAL_CORES_LIMIT else "")
        for lesson, v in sorted(busy.items())
    ]
    return "the machine was busy: other programs used " + "; ".join(parts)
