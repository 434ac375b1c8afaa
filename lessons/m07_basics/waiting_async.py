"""Many requests that wait (latency-bound work): one after the other, in threads, or in one thread with asyncio.

Every function takes ``delays``, one waiting time in seconds per request (a
simulated network call), and ``concurrency``, how many requests may wait at
the same time, and returns the answers in the order of the requests. Threads
overlap the waits by giving each waiting request an operating-system thread;
``asyncio`` overlaps them in a single thread: each request is a coroutine that
hands control back to the event loop while it waits (``await``), so a wait
costs a small object rather than a thread.
"""

from __future__ import annotations

import asyncio
import time

from ._pools import thread_pool


def _request(number_and_delay: tuple[int, float]) -> int:
    """A request that blocks its thread for ``delay`` seconds, then answers (number squared)."""
    number, delay = number_and_delay
    time.sleep(delay)
    return number * number


async def _request_async(number: int, delay: float, limit: asyncio.Semaphore) -> int:
    """The same request as a coroutine: while it waits, the event loop runs the others."""
    async with limit:  # at most ``concurrency`` requests wait at once, as with a pool of threads
        await asyncio.sleep(delay)
    return number * number


async def _gather_requests(delays: list[float], concurrency: int) -> list[int]:
    limit = asyncio.Semaphore(concurrency)
    return await asyncio.gather(*(_request_async(i, delay, limit) for i, delay in enumerate(delays)))


def wait_serial(delays: list[float], concurrency: int) -> list[int]:
    """One request after the other (``concurrency`` is ignored): the waits add up."""
    return [_request(job) for job in enumerate(delays)]


def wait_threads(delays: list[float], concurrency: int) -> list[int]:
    """A ``ThreadPoolExecutor`` of ``concurrency`` threads: that many requests wait at once."""
    return list(thread_pool(concurrency).map(_request, enumerate(delays)))


def wait_asyncio(delays: list[float], concurrency: int) -> list[int]:
    """``asyncio.gather`` in one thread, at most ``concurrency`` waiting at once
    (a semaphore); ``gather`` returns the answers in the order of the requests."""
    return asyncio.run(_gather_requests(delays, concurrency))
