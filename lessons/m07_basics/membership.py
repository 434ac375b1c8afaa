"""Membership: how many of the queries are in a collection of values?

Every function takes the collection, already built in the structure it names
(a list, a sorted list, a dict or a set: see ``build`` in the tests), and the
queries, and returns how many queries it holds. Building a set or a dict costs
one pass over the values; it pays off once there are more than a few queries.
"""

from __future__ import annotations

import bisect


def membership_list(collection: list[int], queries: list[int]) -> int:
    """``q in list`` compares q with every element until it finds it: n steps a query."""
    return sum(1 for q in queries if q in collection)


def membership_sorted_bisect(collection: list[int], queries: list[int]) -> int:
    """A sorted list searched by halving (bisect): about log2(n) steps a query."""
    found = 0
    for q in queries:
        i = bisect.bisect_left(collection, q)
        if i < len(collection) and collection[i] == q:
            found += 1
    return found


def membership_dict(collection: dict[int, None], queries: list[int]) -> int:
    """A dict's keys are a hash table: one hash and about one comparison a query."""
    return sum(1 for q in queries if q in collection)


def membership_set(collection: set[int], queries: list[int]) -> int:
    """A set is a hash table of keys alone: the structure made for this question."""
    return sum(1 for q in queries if q in collection)
