"""Tests of lessons/m05_hardware/_scaling.py: strong and weak scaling efficiency, Amdahl and Gustafson."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lessons.m05_hardware import _figures, _scaling

seconds = st.floats(1e-6, 1e6)
workers = st.integers(1, 4096)
fractions = st.floats(0.0, 1.0)


@given(serial=seconds, n=workers)
def test_perfect_strong_scaling_is_efficiency_one(serial: float, n: int) -> None:
    """The time falling as 1/workers is efficiency 1 (rel=1e-12: one division and one product)."""
    assert _scaling.strong_scaling_efficiency(serial, serial / n, n) == pytest.approx(1.0, rel=1e-12)


@given(serial=seconds, n=workers)
def test_no_gain_from_more_workers_is_efficiency_one_over_workers(serial: float, n: int) -> None:
    assert _scaling.strong_scaling_efficiency(serial, serial, n) == pytest.approx(1.0 / n, rel=1e-12)


@given(one=seconds, n=workers)
def test_weak_scaling_at_the_same_time_is_efficiency_one(one: float, n: int) -> None:
    """The same work per worker in the same time: efficiency 1 whatever the workers."""
    assert _scaling.weak_scaling_efficiency(one, one, n) == 1.0
    assert _scaling.weak_scaling_efficiency(one, 2 * one, n) == 0.5


@given(s=fractions, n=workers)
def test_gustafson_is_never_below_amdahl(s: float, n: int) -> None:
    """For the same serial fraction and workers, the scaled (weak) speedup is at least the fixed-size
    (strong) one: the serial part weighs less when the problem grows (1e-9: rounding)."""
    amdahl = _scaling.amdahl_speedup(s, n)
    gustafson = _scaling.gustafson_speedup(s, n)
    assert 1.0 - 1e-12 <= amdahl <= gustafson * (1 + 1e-9)
    assert gustafson <= n * (1 + 1e-12)


@given(s=st.floats(1e-3, 1.0), n=workers)
def test_amdahl_stays_below_one_over_the_serial_fraction(s: float, n: int) -> None:
    assert _scaling.amdahl_speedup(s, n) <= 1.0 / s * (1 + 1e-12)


def test_the_extremes_and_the_pages_example() -> None:
    """No serial part: both laws give the workers; all serial: both give 1. The page's example:
    5% serial on 64 workers, 15.4x strong (Amdahl), 60.85x weak (Gustafson)."""
    assert _scaling.amdahl_speedup(0.0, 64) == 64.0
    assert _scaling.gustafson_speedup(0.0, 64) == 64.0
    assert _scaling.amdahl_speedup(1.0, 64) == 1.0
    assert _scaling.gustafson_speedup(1.0, 64) == 1.0
    assert _scaling.amdahl_speedup(0.05, 64) == pytest.approx(15.42, abs=0.01)
    assert _scaling.gustafson_speedup(0.05, 64) == pytest.approx(60.85, abs=1e-9)
    assert math.isclose(1 / 0.05, 20.0)


@pytest.mark.parametrize(
    ("fn", "args"),
    [
        (_scaling.strong_scaling_efficiency, (1.0, 1.0, 0)),
        (_scaling.strong_scaling_efficiency, (0.0, 1.0, 2)),
        (_scaling.weak_scaling_efficiency, (1.0, -1.0, 2)),
        (_scaling.amdahl_speedup, (1.5, 2)),
        (_scaling.gustafson_speedup, (-0.1, 2)),
        (_scaling.gustafson_speedup, (0.5, 0)),
    ],
)
def test_meaningless_inputs_are_refused(fn, args: tuple) -> None:
    with pytest.raises(ValueError):
        fn(*args)


def test_the_pages_figures_keep_weak_scaling_apart() -> None:
    """In a saved run the weak-scaling benchmarks (numbers_per_worker) are their own figures, with the
    weak efficiency of the parallel technique; the fixed-size ones stay as they were."""

    def bench(technique: str, seconds: float, **params: int) -> dict:
        info = {"lesson": "m05_hardware", "topic": "workers", "technique": technique}
        return {"stats": {"median": seconds}, "params": {"technique": technique, **params}, "extra_info": info}

    benches = [
        bench("collatz_processes", 0.2, numbers=100, processes=1),
        bench("collatz_processes", 0.1, numbers=100, processes=2),
        bench("collatz_processes", 0.2, numbers_per_worker=50, processes=1),
        bench("collatz_processes", 0.25, numbers_per_worker=50, processes=2),
        bench("collatz_serial", 0.4, numbers_per_worker=50, processes=2),
    ]
    topics = _figures._by_topic(benches)
    assert len(topics["workers"]) == 2 and len(topics["workers_weak"]) == 3
    lines = _figures.weak_scaling_lines(topics["workers_weak"])
    assert "collatz_processes processes=2 (50 each): 250.0 ms, weak scaling efficiency 80%" in lines[1]
    assert lines[2] == "  collatz_serial processes=2 (100 numbers on one core): 400.0 ms"
