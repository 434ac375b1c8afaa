"""Benchmarks and equivalence tests for lessons/m05_hardware/clock.py."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lessons.m05_hardware import clock
from optbook.lesson import by_scale, run, technique_names

N = by_scale(tiny=[10_000], small=[2_000_000], medium=[10_000_000], large=[10_000_000])
OPERATIONS_PER_STEP = 2  # one xor and one add, each waiting for the other


def expected_chain(n: int) -> int:
    """The chain's value after n steps, by the Python version (exact integers, masked to 64 bits)."""
    return clock.chain_python(n)


@pytest.mark.parametrize("n", N)
@pytest.mark.parametrize("technique", technique_names(clock))
def test_clock(benchmark, technique: str, n: int) -> None:
    """n steps of the dependent chain: the rate (operations per second) is the effective clock in Hz
    where each operation takes one cycle."""
    value = run(benchmark, getattr(clock, technique), n, items=OPERATIONS_PER_STEP * n)
    benchmark.extra_info["operations_per_step"] = OPERATIONS_PER_STEP
    assert value == expected_chain(n)


@pytest.mark.parametrize("technique", technique_names(clock))
@settings(deadline=None)  # the first call compiles the numba kernels
@given(n=st.integers(0, 5_000))
def test_clock_agrees(technique: str, n: int) -> None:
    """Every version wraps around at 64 bits the same way: the same value after any number of steps."""
    assert getattr(clock, technique)(n) == clock.chain_python(n)


def test_the_chain_wraps_around() -> None:
    """After one step: (12345 ^ Y) + 7, below 2**64; the chain passes 2**64 within a few steps."""
    assert clock.chain_python(1) == ((clock.START ^ clock.Y) + clock.Z) % 2**64
    assert clock.chain_compiled(3) == clock.chain_python(3)
