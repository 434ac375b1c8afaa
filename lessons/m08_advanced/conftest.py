"""Fixtures of the lesson's NumExpr topics (expression.py, multiply_add.py)."""

from __future__ import annotations

import pytest


@pytest.fixture
def numexpr_threads(request: pytest.FixtureRequest, benchmark):
    """Set NumExpr's thread count to the test's ``threads`` parameter, record it in the
    benchmark's extra_info, and put the old count back afterwards."""
    numexpr = pytest.importorskip("numexpr", reason="NumExpr is not installed: pip install numexpr")
    threads = request.node.callspec.params["threads"]
    old = numexpr.set_num_threads(threads)
    benchmark.extra_info["numexpr_threads"] = threads
    yield threads
    numexpr.set_num_threads(old)
