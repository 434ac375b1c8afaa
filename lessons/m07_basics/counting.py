"""Counting: how often does each word occur?

Every function takes a list of words and returns a dict from word to count.
"""

from __future__ import annotations

from collections import Counter, defaultdict


def count_dict_if_in(words: list[str]) -> dict[str, int]:
    """A dict and an ``if word in counts`` test: two hash lookups for every word."""
    counts: dict[str, int] = {}
    for word in words:
        if word in counts:
            counts[word] += 1
        else:
            counts[word] = 1
    return counts


def count_dict_get(words: list[str]) -> dict[str, int]:
    """``counts.get(word, 0) + 1``: one line, but a method call for every word."""
    counts: dict[str, int] = {}
    for word in words:
        counts[word] = counts.get(word, 0) + 1
    return counts


def count_defaultdict(words: list[str]) -> dict[str, int]:
    """``defaultdict(int)`` creates the missing entry itself: no test in the loop."""
    counts: defaultdict[str, int] = defaultdict(int)
    for word in words:
        counts[word] += 1
    return counts


def count_counter(words: list[str]) -> dict[str, int]:
    """``collections.Counter`` runs the counting loop in C."""
    return Counter(words)
