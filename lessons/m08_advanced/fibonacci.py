"""Memoisation on a recursive problem: the n-th Fibonacci number, F(n) = F(n-1) + F(n-2).

Every function takes n >= 0 and returns F(n) (F(0) = 0, F(1) = 1). The plain
recursion computes the same values again and again: F(n) makes about 1.6^n
calls. A memo keeps each answer the first time it is computed. The memos here
live as long as the program, so a second call finds its answer at once (warm);
``_clear_caches`` empties them (cold).
"""

from __future__ import annotations

import functools


def fib_recursive(n: int) -> int:
    """The definition as code: two calls per call, exponential time."""
    return n if n < 2 else fib_recursive(n - 1) + fib_recursive(n - 2)


_MEMO: dict[int, int] = {}


def fib_dict_memo(n: int) -> int:
    """A hand-written memo: look the answer up in a dict, compute and store it if absent."""
    if n < 2:
        return n
    if n not in _MEMO:
        _MEMO[n] = fib_dict_memo(n - 1) + fib_dict_memo(n - 2)
    return _MEMO[n]


@functools.lru_cache(maxsize=None)  # noqa: UP033 (the lesson shows this spelling and functools.cache)
def _fib_lru(n: int) -> int:
    return n if n < 2 else _fib_lru(n - 1) + _fib_lru(n - 2)


def fib_lru_cache(n: int) -> int:
    """``functools.lru_cache(maxsize=None)`` on the recursive function: the memo written
    for you, in C. n + 1 calls compute; every other call is a lookup."""
    return _fib_lru(n)


@functools.cache
def _fib_cache(n: int) -> int:
    return n if n < 2 else _fib_cache(n - 1) + _fib_cache(n - 2)


def fib_cache(n: int) -> int:
    """``functools.cache`` (Python 3.9+): the same unbounded memo under a shorter name."""
    return _fib_cache(n)


def fib_iterative(n: int) -> int:
    """Bottom-up dynamic programming: keep only the last two values. No memo, no
    recursion (no depth limit), n additions."""
    a, b = 0, 1
    for _ in range(n):
        a, b = b, a + b
    return a


def _clear_caches() -> None:
    """Forget every remembered answer (the cold start of the benchmarks)."""
    _MEMO.clear()
    _fib_lru.cache_clear()
    _fib_cache.cache_clear()
