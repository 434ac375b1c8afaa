"""Benchmarks and equivalence tests for lessons/m09_matmul/shapes.py."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from lessons.m09_matmul import shapes
from optbook.lesson import by_scale, run, technique_names

ROOT = Path(__file__).resolve().parents[2]
SIZES = by_scale(tiny=[16], small=[512], medium=[1024], large=[2048])


def _uniform(rng: np.random.Generator, *shape: int) -> np.ndarray:
    return rng.uniform(-1, 1, shape)


def _gram(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    x = _uniform(rng, 64 * n, 16)
    return x.T, x  # two views of one matrix: NumPy sees X.T @ X and calls dsyrk


# Each case makes (a, b) for a size n, from C-ordered random matrices: its shape, and the layout
# each matrix is handed over in (x.T is a transposed view: the same memory, Fortran-ordered).
CASES: dict[str, Callable[[np.random.Generator, int], tuple[np.ndarray, np.ndarray]]] = {
    # n x n times n x n, both C-ordered: the layout the loops were written for
    "square": lambda rng, n: (_uniform(rng, n, n), _uniform(rng, n, n)),
    # A handed over transposed (a view of a C-ordered matrix): the loops read a[i, k] once per (i, k)
    "a_transposed": lambda rng, n: (_uniform(rng, n, n).T, _uniform(rng, n, n)),
    # B in Fortran order: the loops' inner walk along a row of B jumps n numbers per step
    "b_fortran": lambda rng, n: (_uniform(rng, n, n), np.asfortranarray(_uniform(rng, n, n))),
    # a 4n x 4n matrix times one column: 16 n^2 multiply-adds, each number of A used once
    "matrix_vector": lambda rng, n: (_uniform(rng, 4 * n, 4 * n), _uniform(rng, 4 * n, 1)),
    # the Gram matrix X.T @ X of a tall, skinny X (64n x 16): a small 16 x 16 result from a long sum
    "gram_tall_skinny": _gram,
}


def work(a: np.ndarray, b: np.ndarray) -> dict[str, float]:
    """One product's work: 2nmp flops; at least the numbers of A, B and C moved (8 bytes each)."""
    (n, m), p = a.shape, b.shape[1]
    return {"flops": 2 * n * m * p, "bytes": 8 * (n * m + m * p + n * p)}


def assert_product(result: np.ndarray, a: np.ndarray, b: np.ndarray) -> None:
    """NumPy's product, within rounding. Each element is a sum of m products, added in a different
    order by each technique; in any order its rounding error is at most about m machine epsilons
    (2.2e-16) times the sum of the products' sizes, (|A| @ |B|)[i, j]. (A bound on the largest
    product alone is not enough: a Gram matrix's diagonal sums m squares, all positive.)"""
    assert result.shape == (a.shape[0], b.shape[1])
    m = a.shape[1]
    kind = np.finfo(np.float64)
    bound = 2 * (m + 1) * (kind.eps * (np.abs(a) @ np.abs(b)) + kind.smallest_normal)
    error = np.abs(result - a @ b)
    assert np.all(error <= bound), f"largest error {error.max()} where the bound allows {bound.max()}"


@pytest.mark.parametrize("n", SIZES)
@pytest.mark.parametrize("case", list(CASES))
@pytest.mark.parametrize("technique", technique_names(shapes))
def test_shapes(benchmark, technique: str, case: str, n: int) -> None:
    """Time one technique on one shape and layout; check its product."""
    a, b = CASES[case](np.random.default_rng(n), n)
    product = run(benchmark, getattr(shapes, technique), a, b, **work(a, b))
    assert_product(product, a, b)


values = st.floats(min_value=-1e3, max_value=1e3, allow_nan=False, width=64)


@st.composite
def laid_out_pairs(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray]:
    """Conformable matrices of sizes 0 to 7, each handed over in C order, Fortran order or as a transposed view."""
    n, m, p = (draw(st.integers(0, 7)) for _ in range(3))

    def laid_out(rows: int, cols: int) -> np.ndarray:
        layout = draw(st.sampled_from(["c", "fortran", "transposed"]))
        if layout == "transposed":
            return draw(arrays(np.float64, (cols, rows), elements=values)).T
        x = draw(arrays(np.float64, (rows, cols), elements=values))
        return np.asfortranarray(x) if layout == "fortran" else x

    return laid_out(n, m), laid_out(m, p)


@pytest.mark.parametrize("technique", technique_names(shapes))
@settings(deadline=None)  # the first call of the numba loops compiles them
@given(pair=laid_out_pairs())
def test_shapes_agree_with_numpy(technique: str, pair: tuple[np.ndarray, np.ndarray]) -> None:
    """Every technique gives NumPy's product, in any layout, for any shapes (empty ones included)."""
    a, b = pair
    assert_product(getattr(shapes, technique)(a, b), a, b)


# Measured in a fresh interpreter: tracemalloc counts what every thread of the process allocates,
# and late in a whole test session the same check once read 64 KiB more than in a fresh process.
PEAKS_PROGRAM = """
import sys, tracemalloc
import numpy as np
from lessons.m09_matmul import shapes
from lessons.m09_matmul.test_shapes import CASES

a, b = CASES[sys.argv[1]](np.random.default_rng(0), 64)
for technique in (shapes.product_blas, shapes.product_blas_on_c_copies):
    technique(a, b)  # once before measuring: nothing first-time is counted
    tracemalloc.start()  # NumPy reports its array buffers to tracemalloc
    technique(a, b)
    print(tracemalloc.get_traced_memory()[1])
    tracemalloc.stop()
"""


@pytest.mark.parametrize("case", ["a_transposed", "b_fortran", "gram_tall_skinny"])
def test_blas_copies_nothing_for_other_layouts(case: str) -> None:
    """a @ b on a transposed or Fortran-ordered operand allocates only the result (NumPy passes
    BLAS a transpose flag), while making C-ordered copies first allocates the copies too."""
    a, b = CASES[case](np.random.default_rng(0), 64)
    result_bytes = 8 * a.shape[0] * b.shape[1]
    copied_bytes = sum(x.nbytes for x in (a, b) if not x.flags.c_contiguous)
    done = subprocess.run(
        [sys.executable, "-c", PEAKS_PROGRAM, case], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    blas_peak, copies_peak = (int(line) for line in done.stdout.split())
    assert blas_peak < result_bytes + 4096  # the result and a little bookkeeping
    assert copies_peak >= result_bytes + copied_bytes
