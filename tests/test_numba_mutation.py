"""tools/numba_mutation.py: the mutants it makes of numba kernels, and which tests it runs for them."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))

import numba_mutation

MODULE = '''
from numba import njit


def total_fast(xs):
    """A technique: calls the kernel."""
    return _total_kernel(xs)


def total_plain(xs):
    return sum(xs) + 0


@njit(cache=False)
def _total_kernel(xs):
    """The kernel: the only function mutated."""
    total = 0.0
    for i in range(xs.size):
        total += xs[i]
    return total
'''


def test_only_the_kernel_body_is_mutated(tmp_path: Path) -> None:
    path = tmp_path / "topic.py"
    path.write_text(MODULE)
    mutants = numba_mutation.mutants_of(path, [])
    assert mutants and {m.kernel for m in mutants} == {"_total_kernel"}
    assert [m.name for m in mutants] == [f"topic._total_kernel__{i}" for i in range(1, len(mutants) + 1)]
    changes = {(m.before, m.after) for m in mutants}
    assert ("total += xs[i]", "total = xs[i]") in changes
    assert ("0.0", "1.0") in changes
    for mutant in mutants:
        assert mutant.source != MODULE
        assert "The kernel: the only function mutated." in mutant.source  # the docstring is left alone
        assert "return sum(xs) + 0" in mutant.source  # a plain function is mutmut's, not this tool's
        assert 16 <= mutant.line <= 21
    assert numba_mutation.mutants_of(path, ["*nothing*"]) == []


def test_the_tests_run_are_those_of_the_techniques_that_call_the_kernel(tmp_path: Path) -> None:
    path = tmp_path / "topic.py"
    path.write_text(MODULE)
    assert numba_mutation.callers(path, "_total_kernel") == ["total_fast"]


def test_edge_case_tests_of_the_topic_are_run_too(tmp_path: Path) -> None:
    path = tmp_path / "topic.py"
    path.write_text(MODULE)
    (tmp_path / "test_topic.py").write_text(
        "import pytest\n\n"
        '@pytest.mark.parametrize("technique", ["total_fast", "total_plain"])\n'
        "def test_total(technique):\n    pass\n\n"
        "def test_total_fast_of_a_long_array():\n    pass\n"
    )
    assert numba_mutation.selection(path, "_total_kernel") == ["total_fast", "test_total_fast_of_a_long_array"]
