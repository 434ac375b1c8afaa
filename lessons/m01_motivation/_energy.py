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

POWERCAP = Path("/sys/class/powercap")


def _cpu_seconds() -> float:
    """CPU time of this process (all threads) and of the child processes it has waited for."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


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
