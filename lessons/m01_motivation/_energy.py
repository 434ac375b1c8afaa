"""What one call costs besides time: CPU-seconds always, joules where the machine exposes RAPL.

RAPL (Running Average Power Limit) energy counters are read from
``/sys/class/powercap/intel-rapl:N/energy_uj`` (package domains only, so that
nothing is counted twice), before and after one call. Where they are absent or
unreadable (virtual machines, most non-Intel/AMD systems, or a kernel that
keeps them for root), only CPU-seconds are recorded, and the reason is saved:
an estimate is never passed off as a measurement.
"""

from __future__ import annotations

import resource
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psutil

POWERCAP = Path("/sys/class/powercap")


def _cpu_seconds() -> float:
    """CPU time so far of this process (all threads) and of every process started under it.

    ``RUSAGE_CHILDREN`` alone counts only the children this process has waited for. The
    workers of a pool may still be running, or may be grandchildren: with the "forkserver"
    start method (Python 3.14's default on Linux) a server process forks them and waits for
    them, so their time lands in the server's count, not in ours. So every live descendant is
    read with psutil, its own time plus that of the children it has waited for. Each CPU-second
    is then counted once, wherever it lies at the moment of reading: in a running process, or
    in the count of the parent that waited for it; the difference of two readings is what the
    tree used in between.
    """
    own = resource.getrusage(resource.RUSAGE_SELF)
    waited = resource.getrusage(resource.RUSAGE_CHILDREN)
    total = own.ru_utime + own.ru_stime + waited.ru_utime + waited.ru_stime
    for process in psutil.Process().children(recursive=True):
        try:
            times = process.cpu_times()
        except psutil.Error:  # ended meanwhile: its time is in its parent's count
            continue
        total += times.user + times.system + times.children_user + times.children_system
    return total


def rapl_domains(root: Path = POWERCAP) -> tuple[list[Path], str | None]:
    """The readable package-level RAPL domains, or none and the reason why."""
    if not root.is_dir():
        return [], f"RAPL energy counters absent ({root} does not exist): CPU-seconds recorded instead of joules"
    domains = sorted(p for p in root.glob("intel-rapl:*") if p.name.count(":") == 1)
    if not domains:
        return [], f"RAPL energy counters absent (no intel-rapl:N domain in {root}): CPU-seconds recorded instead"
    try:
        for domain in domains:
            int((domain / "energy_uj").read_text())
    except (OSError, ValueError) as err:
        return [], f"RAPL energy counters not readable ({err}; they need root): CPU-seconds recorded instead"
    return domains, None


def _read_uj(domains: list[Path]) -> list[int]:
    return [int((d / "energy_uj").read_text()) for d in domains]


def _joules(domains: list[Path], before: list[int], after: list[int]) -> float:
    total = 0
    for domain, b, a in zip(domains, before, after):
        if a < b:  # the counter wrapped around
            a += int((domain / "max_energy_range_uj").read_text())
        total += a - b
    return total / 1e6


def measure_call(fn: Callable[[], Any], root: Path = POWERCAP) -> dict[str, Any]:
    """Call ``fn`` once; return its wall seconds, CPU-seconds and, where RAPL is readable, joules.

    The joules are the whole CPU package's, other processes included: run on an
    otherwise idle machine. The keys are named for what they are.
    """
    domains, missing = rapl_domains(root)
    energy0 = _read_uj(domains) if domains else []
    cpu0, wall0 = _cpu_seconds(), time.perf_counter()
    fn()
    wall, cpu = time.perf_counter() - wall0, _cpu_seconds() - cpu0
    facts: dict[str, Any] = {"wall_seconds": wall, "cpu_seconds": cpu}
    if domains:
        facts["energy_joules"] = _joules(domains, energy0, _read_uj(domains))
        facts["energy_source"] = "RAPL package counters: " + ", ".join(d.name for d in domains)
    else:
        facts["energy_joules"] = None
        facts["energy_source"] = missing
    return facts
