"""Benchmarks and equivalence tests for lessons/m08_advanced/fibonacci.py."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lessons.m08_advanced import fibonacci
from optbook.lesson import by_scale, run, technique_names

SIZES = by_scale(tiny=[15, 100], small=[20, 30, 300], medium=[20, 32, 300])
LARGEST_PLAIN_RECURSION = by_scale(tiny=20, small=30, medium=32)  # about 1.6^n calls


def skip_exponential(technique: str, n: int) -> None:
    """The plain recursion cannot run at large n: say how many calls it would make."""
    if technique == "fib_recursive" and n > LARGEST_PLAIN_RECURSION:
        calls = 2 * fibonacci.fib_iterative(n + 1) - 1
        pytest.skip(
            f"fib_recursive({n}) makes {calls:.2e} calls (exponential time); "
            f"this scale runs it up to n={LARGEST_PLAIN_RECURSION}"
        )


@pytest.mark.parametrize("cache", ["cold", "warm"])
@pytest.mark.parametrize("n", SIZES)
@pytest.mark.parametrize("technique", technique_names(fibonacci))
def test_fibonacci(benchmark, technique: str, n: int, cache: str) -> None:
    """F(n). Cold: every memo is emptied before each round (setup, untimed). Warm: the memo
    already holds the answer from the warm-up call."""
    skip_exponential(technique, n)
    fn = getattr(fibonacci, technique)
    if cache == "cold":

        def emptied():
            fibonacci._clear_caches()
            return (n,), {}

        value = run(benchmark, fn, setup=emptied, rounds=5 if technique == "fib_recursive" else 50)
    else:
        value = run(benchmark, fn, n)
    assert value == fibonacci.fib_iterative(n)


@pytest.mark.parametrize("technique", technique_names(fibonacci))
@given(n=st.integers(0, 22), clear=st.booleans())
def test_fibonacci_agrees(technique: str, n: int, clear: bool) -> None:
    """The same number as the plain recursion from 0 up, with the memos emptied or left filled."""
    if clear:
        fibonacci._clear_caches()
    assert getattr(fibonacci, technique)(n) == fibonacci.fib_recursive(n)
