"""Strong and weak scaling: the efficiency of a parallel run, and the two laws that predict it.

Strong scaling keeps the total work fixed and adds workers: ideally the time falls as 1/workers.
Amdahl's law bounds it: the part of the run that stays serial is never shared out
(G. M. Amdahl, "Validity of the single processor approach to achieving large scale computing
capabilities", AFIPS Spring Joint Computer Conference, 1967, https://doi.org/10.1145/1465482.1465560).

Weak scaling keeps the work per worker fixed and adds workers with more work: ideally the time
stays the same. Gustafson's law describes it: the serial part stays as it is while the parallel
part grows with the workers (J. L. Gustafson, "Reevaluating Amdahl's law", Communications of the
ACM 31(5), 532-533, 1988, https://doi.org/10.1145/42411.42415).
"""

from __future__ import annotations

from lessons.m01_motivation._costs import amdahl_speedup as lesson_one_amdahl


def _check(workers: int, *seconds: float) -> None:
    if workers < 1:
        raise ValueError(f"workers must be at least 1, not {workers}")
    if any(not s > 0.0 for s in seconds):
        raise ValueError(f"times must be positive, not {seconds}")


def strong_scaling_efficiency(serial_seconds: float, parallel_seconds: float, workers: int) -> float:
    """The same total work on one worker and on ``workers``: speedup / workers,
    serial_seconds / (workers * parallel_seconds). 1.0: every added worker was fully used."""
    _check(workers, serial_seconds, parallel_seconds)
    return serial_seconds / (workers * parallel_seconds)


def weak_scaling_efficiency(one_worker_seconds: float, parallel_seconds: float, workers: int) -> float:
    """The same work per worker: one worker with one share, ``workers`` workers with ``workers``
    shares. one_worker_seconds / parallel_seconds; 1.0: the time did not grow with the workers."""
    _check(workers, one_worker_seconds, parallel_seconds)
    return one_worker_seconds / parallel_seconds


def amdahl_speedup(serial_fraction: float, workers: int) -> float:
    """Strong scaling's limit: a run whose ``serial_fraction`` of time (on one worker) cannot be
    shared out: 1 / (s + (1 - s) / workers), below 1 / s however many workers. Lesson 1's
    ``amdahl_speedup``, written with the serial fraction s as Gustafson's law is."""
    if not 0.0 <= serial_fraction <= 1.0:
        raise ValueError(f"serial_fraction must be between 0 and 1, not {serial_fraction}")
    return lesson_one_amdahl(1.0 - serial_fraction, workers)


def gustafson_speedup(serial_fraction: float, workers: int) -> float:
    """Weak scaling's scaled speedup: a run whose ``serial_fraction`` of time (on ``workers``
    workers) is serial, the rest growing with the workers: s + (1 - s) * workers, i.e. how much
    longer one worker would take for the same (larger) problem."""
    _check(workers)
    if not 0.0 <= serial_fraction <= 1.0:
        raise ValueError(f"serial_fraction must be between 0 and 1, not {serial_fraction}")
    return serial_fraction + (1.0 - serial_fraction) * workers
