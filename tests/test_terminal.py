"""The end of a lesson run on a projector: the speedup table last, 100 columns, skips in a few lines."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_plugin import demo  # noqa: F401  (the demo-lesson fixture)

ROOT = Path(__file__).resolve().parent.parent
SKIPPING_TEST = """
import pytest
from lessons.m99_demo import demo
from optbook.lesson import run, technique_names


@pytest.mark.parametrize("n", [100])
@pytest.mark.parametrize("technique", technique_names(demo))
def test_demo(benchmark, technique, n):
    assert run(benchmark, getattr(demo, technique), list(range(n)), items=n) == n * (n - 1) // 2


@pytest.mark.parametrize("i", range(4))
def test_gpu(i):
    pytest.skip("no GPU array library (CuPy or PyTorch) is installed: pip install cupy-cuda12x " + "x" * 150)
"""


def _run(demo: pytest.Pytester, *args: str) -> list[str]:  # noqa: F811
    # this checkout's optbook, not whichever one the virtual environment has installed
    demo._monkeypatch.setenv("PYTHONPATH", str(ROOT))
    demo.path.joinpath("lessons", "m99_demo", "test_demo.py").write_text(SKIPPING_TEST)
    result = demo.runpytest_subprocess("lessons", "--machine", "projector", "-ra", *args)
    assert result.ret == 0, result.stdout.str()
    return result.stdout.lines


def test_the_speedup_table_comes_last_and_fits(demo: pytest.Pytester) -> None:  # noqa: F811
    lines = _run(demo)
    assert not any("Name (time in" in line for line in lines)  # pytest-benchmark's own table is off
    start = next(i for i, line in enumerate(lines) if "optbook: speedups" in line)
    assert lines[-1].startswith("=") and "passed" in lines[-1]  # only pytest's last line after the table
    after = lines[start + 1 : -1]
    assert any(line.startswith("sum_builtin") for line in after)
    assert all(len(line) <= 100 for line in after), max(after, key=len)
    assert not any(line.startswith("SKIPPED") for line in lines)  # -ra's long skip lines: summarised instead
    assert after[-2] == "skipped 4:" and after[-1].startswith("  4 x no GPU array library (CuPy or PyTorch)")


def test_one_switch_brings_the_wide_tables_back(demo: pytest.Pytester) -> None:  # noqa: F811
    lines = _run(demo, "--benchmark-tables")
    assert any("Name (time in" in line for line in lines)
    assert any(line.startswith("SKIPPED") for line in lines)
