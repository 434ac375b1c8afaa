"""Function-call overhead: a tiny helper called once per element.

Every function takes a list of numbers and returns the sum of their squares.
"""

from __future__ import annotations


def _square(x: float) -> float:
    return x * x


def sum_squares_helper_call(values: list[float]) -> float:
    """A loop that calls a one-line helper for every element: each Python call
    builds a frame, passes the argument and returns, costing more than ``x * x`` itself."""
    total = 0
    for v in values:
        total += _square(v)
    return total


def sum_squares_map_lambda(values: list[float]) -> float:
    """``sum(map(lambda ...))``: the loop is in C, but there is still a Python call per element."""
    return sum(map(lambda v: v * v, values))


def sum_squares_inlined(values: list[float]) -> float:
    """The helper's body written into the loop: no call at all."""
    total = 0
    for v in values:
        total += v * v
    return total


def sum_squares_generator(values: list[float]) -> float:
    """``sum`` over a generator expression: inlined, and the adding done by the built-in."""
    return sum(v * v for v in values)
