"""Solution to the exercise of lesson 2 (exercises.py): one way to do it, not the only one."""

from __future__ import annotations


def duplicates_exercise(values: list[int]) -> set[int]:
    """A hash set of the values seen so far: one look-up per value, n steps in all."""
    seen: set[int] = set()
    found = set()
    for v in values:
        if v in seen:
            found.add(v)
        else:
            seen.add(v)
    return found
