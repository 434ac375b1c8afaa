"""Lesson m01's fixtures and end-of-run note: the C programs are built once per test run,
and the run ends with this machine's Python/C ratios and what each call cost in CPU-seconds."""

from __future__ import annotations

from typing import Any

import pytest

from lessons.m01_motivation import _compile, _energy, _facts

C_PROGRAMS = ("nbody", "spectral_norm", "mandelbrot", "fannkuch_redux")


@pytest.fixture(scope="session")
def c_programs(tmp_path_factory: pytest.TempPathFactory) -> str | None:
    """Build every C program of the lesson in a temporary folder; the reason if they cannot be built."""
    missing = _compile.missing_compiler()
    if missing:
        return missing
    _compile.set_build_dir(tmp_path_factory.mktemp("c-build"))
    for name in C_PROGRAMS:
        _compile.load(name)
    return None


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    session = getattr(config, "_benchmarksession", None)
    if session is None or session.disabled:
        return
    benches = [b.as_dict(include_data=False) for b in session.benchmarks if b and not b.has_error]
    ratios, costs = _facts.ratio_lines(benches), _facts.cost_lines(benches)
    if not ratios and not costs:
        return
    terminalreporter.section("m01_motivation: Python against C, and what a call costs", sep="-")
    _, missing = _energy.rapl_domains()
    terminalreporter.write_line(missing or "RAPL energy counters read: joules recorded per call (energy_joules)")
    for line in ["", *ratios, "", *costs]:
        terminalreporter.write_line(line)
