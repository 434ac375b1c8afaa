"""Benchmarks and equivalence tests for lessons/m03_data/sparse.py."""

from __future__ import annotations

import functools

import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from threadpoolctl import threadpool_limits

from lessons.m03_data import sparse
from optbook.lesson import by_scale, run, technique_names

N = by_scale(tiny=200, small=3000, medium=5000, large=10000)  # an N x N matrix
DENSITIES = by_scale(tiny=[0.01, 0.5], small=[0.001, 0.01, 0.1, 0.2, 0.3, 0.4, 0.5, 0.7])


@functools.cache
def random_csr(n: int, density: float) -> sp.csr_array:
    """An n x n matrix with a share ``density`` of non-zeros, uniform in [0, 1), in CSR."""
    return sp.random_array((n, n), density=density, format="csr", rng=np.random.default_rng(int(density * 1e6)))


def stored_as(technique: str, matrix: sp.csr_array):
    """The matrix in the technique's storage, converted outside the timed call."""
    if technique == "matvec_dense":
        return matrix.toarray()
    if technique == "matvec_coo":
        return matrix.tocoo()
    return matrix


def stored_bytes(matrix) -> int:
    """Bytes the matrix's arrays take: n^2 values dense; values plus indices sparse."""
    if isinstance(matrix, np.ndarray):
        return matrix.nbytes
    if isinstance(matrix, sp.coo_array):
        return matrix.data.nbytes + sum(c.nbytes for c in matrix.coords)
    return matrix.data.nbytes + matrix.indices.nbytes + matrix.indptr.nbytes


def assert_product(got: np.ndarray, matrix: sp.csr_array, vector: np.ndarray) -> None:
    """Check against NumPy's dense product. Each row is a sum of at most m products, added in
    another order by each version; a sum of m terms rounded in any order is off by at most
    about m float64 epsilons times the sum of the terms' magnitudes (the row of |A| |x|)."""
    dense = matrix.toarray()
    expected = dense @ vector
    bound = 4 * (matrix.shape[1] + 1) * np.finfo(np.float64).eps * (np.abs(dense) @ np.abs(vector))
    got = np.asarray(got).reshape(expected.shape)  # scipy 1.17's COO returns a 0-d result for a 1 x 0 matrix
    assert np.all(np.abs(got - expected) <= bound), f"largest difference {np.abs(got - expected).max(initial=0):.3g}"


@pytest.mark.parametrize("density", DENSITIES)
@pytest.mark.parametrize("technique", technique_names(sparse))
def test_sparse(benchmark, technique: str, density: float) -> None:
    """Time one product at one density; BLAS held to one thread, as scipy.sparse uses one."""
    csr = random_csr(N, density)
    matrix = stored_as(technique, csr)
    vector = np.random.default_rng(1).random(N)
    size = stored_bytes(matrix)
    with threadpool_limits(limits=1, user_api="blas"):
        product = run(benchmark, getattr(sparse, technique), matrix, vector, bytes=size + 2 * vector.nbytes)
    benchmark.extra_info.update(matrix_bytes=size, nonzeros=int(csr.nnz), n=N, blas_threads=1)
    assert_product(product, csr, vector)


@st.composite
def mostly_zero(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray]:
    """A matrix of 0 to 8 rows and columns, each entry zero with probability about 3/4, and a vector."""
    n, m = draw(st.integers(0, 8)), draw(st.integers(0, 8))
    entry = st.one_of(st.just(0.0), st.just(0.0), st.just(0.0), st.floats(-1e3, 1e3, allow_nan=False))
    return draw(arrays(np.float64, (n, m), elements=entry)), draw(arrays(np.float64, m, elements=st.floats(-1e3, 1e3)))


@pytest.mark.parametrize("technique", technique_names(sparse))
@settings(deadline=None)  # numba compiles on the first call
@given(pair=mostly_zero())
def test_sparse_agrees_with_dense(technique: str, pair: tuple[np.ndarray, np.ndarray]) -> None:
    """Every storage gives the dense product: empty shapes, all zeros and a single entry included."""
    dense, vector = pair
    csr = sp.csr_array(dense)
    assert_product(getattr(sparse, technique)(stored_as(technique, csr), vector), csr, vector)
