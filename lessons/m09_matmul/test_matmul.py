"""Benchmarks and equivalence tests for lessons/m09_matmul/matmul.py."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from threadpoolctl import threadpool_limits

from lessons.m09_matmul import matmul
from optbook.gpu import on_device, skip_without_gpu
from optbook.lesson import by_scale, run, skip_if_too_slow, technique_names

# BLAS held to one thread for these: the row loop compares with the single-core numba kernels,
# and matmul_numpy_one_thread is BLAS on one core (the limit set here, outside the timed call;
# the harness records it and keeps it while it times the technique)
ONE_BLAS_THREAD = ("matmul_numpy_rows", "matmul_numpy_one_thread")

SIZES = by_scale(
    tiny=[8, 24], small=[64, 128, 256, 512, 1024], medium=[128, 256, 512, 1024, 2048], large=[256, 1024, 4096]
)


def random_matrices(n: int, m: int | None = None, p: int | None = None, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Two float64 matrices with values in [-1, 1): A is n x m and B is m x p."""
    m = n if m is None else m
    p = n if p is None else p
    rng = np.random.default_rng(seed)
    return rng.uniform(-1, 1, (n, m)), rng.uniform(-1, 1, (m, p))


def inputs_for(technique: str, a: np.ndarray, b: np.ndarray) -> tuple:
    """The inputs in the form the technique takes, converted outside the timed call."""
    if technique.startswith("matmul_python"):
        return a.tolist(), b.tolist()
    if technique == "matmul_gpu_on_device":
        return on_device(a, b)
    if "float32" in technique:
        return a.astype(np.float32), b.astype(np.float32)
    return a, b


def as_numpy(result) -> np.ndarray:
    """A technique's result as a float64 NumPy array (lists and GPU arrays included)."""
    if hasattr(result, "get"):  # CuPy
        result = result.get()
    elif hasattr(result, "cpu"):  # PyTorch
        result = result.cpu().numpy()
    return np.asarray(result, dtype=np.float64)


def assert_product(result, a: np.ndarray, b: np.ndarray, technique: str) -> None:
    """Check a product against NumPy's float64 product.

    Every technique sums the same m products per element, in a different order,
    so float64 results differ from each other by rounding only: about m machine
    epsilons (2.2e-16) times the size of the terms (|a||b| <= max|a| max|b|).
    float32 keeps about 7 digits (epsilon 1.2e-7), so its bound uses that epsilon,
    and numbers below its smallest normal value (1.2e-38) flush to zero.
    """
    expected = a @ b
    m = a.shape[1]
    kind = np.finfo(np.float32 if "float32" in technique else np.float64)
    scale = (np.abs(a).max(initial=0) * np.abs(b).max(initial=0)) or 1.0
    tolerance = 4 * (m + 1) * (kind.eps * scale + kind.smallest_normal)
    got = as_numpy(result).reshape(expected.shape)  # a pure-Python 0 x p product is []
    np.testing.assert_allclose(got, expected, rtol=0, atol=tolerance)


@pytest.mark.parametrize("n", SIZES)
@pytest.mark.parametrize("technique", technique_names(matmul))
def test_matmul(benchmark, technique: str, n: int) -> None:
    """Time one technique on two n x n matrices; check its product."""
    skip_without_gpu(technique)
    skip_if_too_slow(benchmark, grows_as=3)
    a, b = random_matrices(n, seed=n)
    args = inputs_for(technique, a, b)
    dtype = "float32" if "float32" in technique else "float64"
    itemsize = 4 if dtype == "float32" else 8
    # work of one call: 2n^3 flops; at least 3n^2 numbers moved (read A and B, write C), for the roofline
    work = {"flops": 2 * n**3, "bytes": 3 * n * n * itemsize, "dtype": dtype}
    one_thread = technique in ONE_BLAS_THREAD
    if one_thread:
        benchmark.extra_info["blas_threads"] = 1
    with threadpool_limits(limits=1 if one_thread else None, user_api="blas"):
        product = run(benchmark, getattr(matmul, technique), *args, **work)
    assert_product(product, a, b, technique)


dims = st.integers(min_value=0, max_value=7)
values = st.floats(min_value=-1e3, max_value=1e3, allow_nan=False, width=64)


@st.composite
def matrix_pairs(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray]:
    """A pair of conformable matrices, n x m and m x p, sizes 0 to 7 (empty and 1 x 1 included)."""
    n, m, p = draw(dims), draw(dims), draw(dims)
    return draw(arrays(np.float64, (n, m), elements=values)), draw(arrays(np.float64, (m, p), elements=values))


@pytest.mark.parametrize("technique", technique_names(matmul))
@settings(deadline=None)  # the first call of a numba technique compiles it
@given(pair=matrix_pairs())
def test_matmul_agrees_with_numpy(technique: str, pair: tuple[np.ndarray, np.ndarray]) -> None:
    """Every technique gives NumPy's product, for any shapes, empty and non-square ones included."""
    skip_without_gpu(technique)
    a, b = pair
    if technique.startswith("matmul_python") and a.shape[0] and not b.shape[0]:
        # lists of lists cannot hold an n x 0 by 0 x p product's p, only [[], [], ...]
        assert getattr(matmul, technique)(a.tolist(), b.tolist()) == [[] for _ in range(a.shape[0])]
        return
    result = getattr(matmul, technique)(*inputs_for(technique, a, b))
    assert_product(result, a, b, technique)


ARRAY_TECHNIQUES = [t for t in technique_names(matmul) if not t.startswith(("matmul_python", "matmul_gpu"))]


@pytest.mark.parametrize("technique", [t for t in ARRAY_TECHNIQUES if "float32" not in t])
def test_product_keeps_the_inputs_precision(technique: str) -> None:
    """Two float32 matrices give a float32 product, and a float32 matrix times a float64 one a
    float64 product, as ``a @ b`` does: a technique that made every product float64 would double
    its memory, and one that made it float32 would lose half the digits."""
    a, b = random_matrices(3, 5, 4, seed=1)
    for left, right, expected in ((np.float32, np.float32, np.float32), (np.float32, np.float64, np.float64),
                                  (np.float64, np.float32, np.float64)):  # fmt: skip
        x, y = a.astype(left), b.astype(right)
        product = getattr(matmul, technique)(x, y)
        assert product.dtype == expected, f"{left.__name__} @ {right.__name__} gave {product.dtype}"
        assert_product(product, x.astype(np.float64), y.astype(np.float64), "float32")


# (n, m, p) around the blocked kernel's tiles (TILE = 64 values of k; up to TILE rows of A per block)
TILE_SHAPES = [(1, 65, 1), (130, 129, 3), (7, 200, 5)]


@pytest.mark.parametrize("shape", TILE_SHAPES)
def test_blocked_across_tile_edges(shape: tuple[int, int, int]) -> None:
    """The blocked kernel's tiles are larger than the examples above: shapes with more than one
    tile of k (and a short last one) and more than one block of rows give NumPy's product too."""
    assert matmul.TILE == 64, "update TILE_SHAPES"
    n, m, p = shape
    a, b = random_matrices(n, m, p, seed=sum(shape))
    assert_product(matmul.matmul_numba_blocked(a, b), a, b, "matmul_numba_blocked")


# (n, m, p) around the packed kernel's blocks (MR = 2, NR = 4, KC = 256, MC = 128, NC = 4096):
# m crosses KC (once, twice, by one), n crosses MC and the rows per thread and is odd (a padded
# row of MR), p crosses NR (a padded column) and NC (a second panel of B, by one column)
EDGE_SHAPES = [(1, 257, 1), (129, 513, 7), (5, 3, 1029), (300, 260, 9), (257, 255, 6), (3, 5, 4097), (131, 769, 4101)]


@pytest.mark.parametrize("shape", EDGE_SHAPES)
def test_packed_across_block_edges(shape: tuple[int, int, int]) -> None:
    """The packed kernel's blocks (KC rows of B, NC columns, MC rows of A, the 2 x 4 micro-block)
    are larger than the examples above: shapes that cross each edge, with a last short block,
    give NumPy's product too."""
    assert (matmul.MR, matmul.NR, matmul.KC, matmul.MC, matmul.NC) == (2, 4, 256, 128, 4096), "update EDGE_SHAPES"
    n, m, p = shape
    a, b = random_matrices(n, m, p, seed=sum(shape))
    assert_product(matmul.matmul_numba_packed(a, b), a, b, "matmul_numba_packed")


NUMBA_KERNELS = [t for t in technique_names(matmul) if t.startswith("matmul_numba")]
BOUNDS_CHECK = """
import numpy as np
from lessons.m09_matmul import matmul
from lessons.m09_matmul.test_matmul import EDGE_SHAPES, NUMBA_KERNELS, TILE_SHAPES, random_matrices
for technique in NUMBA_KERNELS:
    for shape in [(0, 3, 2), (1, 1, 1), (5, 3, 7), *TILE_SHAPES, *EDGE_SHAPES]:
        a, b = random_matrices(*shape, seed=sum(shape))
        got = getattr(matmul, technique)(a, b)
        assert np.allclose(got, a @ b), (technique, shape)
print("in bounds")
"""


def test_numba_kernels_stay_in_bounds() -> None:
    """numba does not check indices: a kernel that writes past the end of a slice still lands in the
    rest of its buffer and may give the right product by luck, and one that writes past an array
    corrupts other memory. Run again with every index checked (NUMBA_BOUNDSCHECK=1, set before numba
    compiles, hence a child process), the kernels raise IndexError at the first index out of bounds."""
    root = Path(__file__).absolute().parents[2]  # the book (or a copy of it: not resolved)
    path = os.pathsep.join([str(root), os.environ.get("PYTHONPATH", "")])
    env = {**os.environ, "NUMBA_BOUNDSCHECK": "1", "PYTHONPATH": path}
    done = subprocess.run(
        [sys.executable, "-c", BOUNDS_CHECK], cwd=root, env=env, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0 and "in bounds" in done.stdout, done.stderr[-2000:]
