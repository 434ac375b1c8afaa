"""Memoisation on dynamic programming: the edit distance of two strings.

Every function takes two strings and returns the least number of one-letter
insertions, deletions and substitutions that turn the first into the second
(the Levenshtein distance). The recursion on suffixes a[i:], b[j:] meets the
same (i, j) pairs again and again; there are only (len(a) + 1) * (len(b) + 1)
different ones. The memos live as long as the program (warm on a second call);
``_clear_caches`` empties them (cold).
"""

from __future__ import annotations

import functools


def _distance_recursive(a: str, b: str, i: int, j: int) -> int:
    if i == len(a):
        return len(b) - j
    if j == len(b):
        return len(a) - i
    if a[i] == b[j]:
        return _distance_recursive(a, b, i + 1, j + 1)
    return 1 + min(
        _distance_recursive(a, b, i + 1, j),  # delete a[i]
        _distance_recursive(a, b, i, j + 1),  # insert b[j]
        _distance_recursive(a, b, i + 1, j + 1),  # substitute
    )


def edit_distance_recursive(a: str, b: str) -> int:
    """The recursive definition without a memo: up to three calls per call, exponential time."""
    return _distance_recursive(a, b, 0, 0)


@functools.lru_cache(maxsize=None)  # noqa: UP033 (the lesson shows this spelling and functools.cache)
def _distance_lru(a: str, b: str, i: int, j: int) -> int:
    if i == len(a):
        return len(b) - j
    if j == len(b):
        return len(a) - i
    if a[i] == b[j]:
        return _distance_lru(a, b, i + 1, j + 1)
    return 1 + min(_distance_lru(a, b, i + 1, j), _distance_lru(a, b, i, j + 1), _distance_lru(a, b, i + 1, j + 1))


def edit_distance_lru_cache(a: str, b: str) -> int:
    """The same recursion under ``lru_cache(maxsize=None)``: each (i, j) is computed once.
    The recursion is as deep as len(a) + len(b), so very long strings hit Python's
    recursion limit."""
    return _distance_lru(a, b, 0, 0)


@functools.lru_cache(maxsize=64)
def _distance_lru_64(a: str, b: str, i: int, j: int) -> int:
    if i == len(a):
        return len(b) - j
    if j == len(b):
        return len(a) - i
    if a[i] == b[j]:
        return _distance_lru_64(a, b, i + 1, j + 1)
    return 1 + min(
        _distance_lru_64(a, b, i + 1, j), _distance_lru_64(a, b, i, j + 1), _distance_lru_64(a, b, i + 1, j + 1)
    )


def edit_distance_lru_cache_maxsize_64(a: str, b: str) -> int:
    """``lru_cache(maxsize=64)``: fine while the (i, j) pairs in use fit in 64 entries;
    beyond that, answers are evicted before they are reused and the time turns
    exponential again."""
    return _distance_lru_64(a, b, 0, 0)


def edit_distance_table(a: str, b: str) -> int:
    """Bottom-up dynamic programming: fill the table row by row, keeping one previous
    row. No memo, no recursion, (len(a) + 1) * (len(b) + 1) steps."""
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i]
        for j, cb in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def _clear_caches() -> None:
    """Forget every remembered answer (the cold start of the benchmarks)."""
    _distance_lru.cache_clear()
    _distance_lru_64.cache_clear()
