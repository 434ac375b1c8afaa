"""Reducing a list to a few numbers: its total and its largest value.

Every function takes a list of numbers and returns ``(total, largest)``, with
``(0, None)`` for an empty list.
"""

from __future__ import annotations


def total_and_max_loop(values: list[float]) -> tuple[float, float | None]:
    """One hand-written loop keeps both running results: every step is interpreted bytecode."""
    total = 0
    largest = None
    for v in values:
        total += v
        if largest is None or v > largest:
            largest = v
    return total, largest


def total_and_max_builtins(values: list[float]) -> tuple[float, float | None]:
    """``sum`` and ``max`` are two passes, but each pass is a loop in C: faster than one pass in Python."""
    return sum(values), max(values, default=None)
