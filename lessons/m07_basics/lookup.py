"""Lookup by key: the values stored under a list of keys.

Every function takes the table, already built in the structure it names (a list
of (key, value) pairs or a dict: see ``build`` in the tests), and the keys to
look up, and returns their values in order (None for a key that is not there).
"""

from __future__ import annotations


def lookup_list_of_pairs(table: list[tuple[str, float]], keys: list[str]) -> list[float | None]:
    """Scan the pairs until the key matches: n/2 comparisons a lookup on average."""
    found = []
    for key in keys:
        value = None
        for k, v in table:
            if k == key:
                value = v
                break
        found.append(value)
    return found


def lookup_dict(table: dict[str, float], keys: list[str]) -> list[float | None]:
    """A dict finds the key by its hash: the same time for ten entries or ten million."""
    return [table.get(key) for key in keys]
