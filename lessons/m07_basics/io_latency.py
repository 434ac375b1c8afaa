"""I/O-bound work with latency: requests that spend their time waiting, not computing.

Every function takes ``delays``, one waiting time in seconds per request (a
simulated network or database call: ``time.sleep``), and ``workers``, and
returns the answers of the requests in order. A thread that waits releases the
GIL, so threads overlap their waiting as well as processes do, at less cost.
"""

from __future__ import annotations

import time

from ._pools import process_pool, thread_pool


def _request(number_and_delay: tuple[int, float]) -> int:
    """A request that waits ``delay`` seconds for its answer (number squared)."""
    number, delay = number_and_delay
    time.sleep(delay)
    return number * number


def fetch_serial(delays: list[float], workers: int) -> list[int]:
    """One request after the other (``workers`` is ignored): the waits add up."""
    return [_request(job) for job in enumerate(delays)]


def fetch_threads(delays: list[float], workers: int) -> list[int]:
    """A ``ThreadPoolExecutor``: ``workers`` requests wait at the same time."""
    return list(thread_pool(workers).map(_request, enumerate(delays)))


def fetch_processes(delays: list[float], workers: int) -> list[int]:
    """A ``ProcessPoolExecutor``: also ``workers`` requests at a time, each worker a
    whole interpreter, and every request and answer pickled between processes."""
    return list(process_pool(workers).map(_request, enumerate(delays)))
