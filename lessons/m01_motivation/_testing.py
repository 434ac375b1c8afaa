"""What the lesson's tests share: skipping the C versions without a compiler, and recording
the CPU-seconds (and joules, where RAPL is readable) of one call in the saved results."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from lessons.m01_motivation import _energy


def uses_c(technique: str) -> bool:
    """Whether a technique calls a C program built by the lesson."""
    return technique.endswith("_c") or "_c_" in technique


def skip_without_c(technique: str, missing_compiler: str | None) -> None:
    """Skip a C technique, saying what to install, where no compiler was found."""
    if uses_c(technique) and missing_compiler:
        pytest.skip(missing_compiler)


def record_cost(benchmark: Any, fn: Callable[..., Any], *args: Any) -> None:
    """One more call of ``fn`` outside the timed rounds: its CPU-seconds and energy into extra_info."""
    if benchmark.enabled:
        benchmark.extra_info.update(_energy.measure_call(lambda: fn(*args)))
