"""Benchmarks and equivalence tests for lessons/m09_matmul/libraries.py."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings

from lessons.m09_matmul import libraries
from lessons.m09_matmul.test_matmul import assert_product, matrix_pairs, random_matrices
from optbook.lesson import by_scale, run, technique_names

SIZES = by_scale(tiny=[8, 24], small=[256, 1024], medium=[1024, 2048], large=[1024, 4096])


def skip_without_package(technique: str) -> None:
    """Skip a technique whose optional library is not installed, saying what to install."""
    if technique == "product_blis":
        pytest.importorskip("blis", reason="BLIS is not installed: pip install blis")


@pytest.mark.parametrize("n", SIZES)
@pytest.mark.parametrize("technique", technique_names(libraries))
def test_libraries(benchmark, technique: str, n: int) -> None:
    """Time one library's n x n product; flops= counts 2n^3, bytes= the three matrices."""
    skip_without_package(technique)
    a, b = random_matrices(n, seed=n)
    product = run(benchmark, getattr(libraries, technique), a, b, flops=2 * n**3, bytes=3 * 8 * n * n, dtype="float64")
    assert_product(product, a, b, technique)


@pytest.mark.parametrize("technique", technique_names(libraries))
@settings(deadline=None)
@given(pair=matrix_pairs())
def test_libraries_agree_with_numpy(technique: str, pair: tuple[np.ndarray, np.ndarray]) -> None:
    """Every library gives NumPy's product, for any shapes, empty and non-square ones included."""
    skip_without_package(technique)
    a, b = pair
    assert_product(getattr(libraries, technique)(a, b), a, b, technique)
