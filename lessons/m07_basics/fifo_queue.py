"""A first-in, first-out work queue: take work from the front, add new work at the back.

Every function starts from the given jobs (positive whole numbers); serving a
job n > 1 adds the job n // 2 at the back. It returns the jobs in the order they
were served.
"""

from __future__ import annotations

from collections import deque


def serve_list_pop0(jobs: list[int]) -> list[int]:
    """A list as the queue: ``pop(0)`` shifts every remaining element one place, so
    each take costs time in proportion to the queue's length."""
    queue = list(jobs)
    served = []
    while queue:
        job = queue.pop(0)
        served.append(job)
        if job > 1:
            queue.append(job // 2)
    return served


def serve_deque(jobs: list[int]) -> list[int]:
    """``collections.deque`` takes from the front and adds at the back in constant time."""
    queue = deque(jobs)
    served = []
    while queue:
        job = queue.popleft()
        served.append(job)
        if job > 1:
            queue.append(job // 2)
    return served
