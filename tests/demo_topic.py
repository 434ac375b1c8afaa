"""A two-technique topic for the harness's own tests."""

from math import fsum as _fsum  # imported functions are not techniques


def total_loop(xs: list[float]) -> float:
    """Add in a Python loop (the baseline)."""
    total = 0.0
    for x in xs:
        total += x
    return total


def _helper() -> None:
    """Private: not a technique."""


def total_builtin(xs: list[float]) -> float:
    """Let sum() loop in C."""
    return sum(xs)


def total_exact(xs: list[float]) -> float:
    """fsum: exactly rounded."""
    return _fsum(xs)
