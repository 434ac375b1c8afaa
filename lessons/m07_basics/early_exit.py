"""Early exit: is any value above a threshold?

Every function takes a list of numbers and a threshold and returns True when
at least one value is above it. Once one is found the answer is known; the
question is whether the code stops there.
"""

from __future__ import annotations


def any_above_build_list(values: list[float], threshold: float) -> bool:
    """Build the list of every value above the threshold, then ask whether it is empty."""
    return len([v for v in values if v > threshold]) > 0


def any_above_loop_break(values: list[float], threshold: float) -> bool:
    """A plain loop that returns at the first match."""
    for v in values:  # noqa: SIM110 (the loop is the point: the next two functions are the idioms)
        if v > threshold:
            return True
    return False


def any_above_any(values: list[float], threshold: float) -> bool:
    """``any`` over a generator expression: it stops pulling values at the first True."""
    return any(v > threshold for v in values)


def any_above_next(values: list[float], threshold: float) -> bool:
    """``next`` on a filtered generator, with a default for no match: the idiom for the
    first match itself (here only whether there is one)."""
    return next((True for v in values if v > threshold), False)
