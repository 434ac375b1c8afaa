"""Benchmarks and equivalence tests for lessons/m10_storage/compute_compressed.py."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import array_shapes, arrays

from lessons.m10_storage import _arrays, compute_compressed
from optbook.lesson import by_scale, run, technique_names

# rows of 1024 float64 values per input: 2 x 64 MiB at scale small
ROWS = by_scale(tiny=64, small=8192, medium=65536, large=262144)
OPERATIONS = 6  # sin, exp, negation, two products and a sum per element


def inputs(rows: int) -> tuple[np.ndarray, np.ndarray]:
    """Two smooth float64 fields (neighbouring rows of one field)."""
    a = _arrays.smooth_field(rows, 1024).astype(np.float64) / 100.0
    b = _arrays.smooth_field(rows, 1024, first_row=rows, total_rows=2 * rows).astype(np.float64) / 100.0
    return a, b


def as_inputs_for(technique: str, a: np.ndarray, b: np.ndarray) -> tuple:
    """NumPy arrays for NumPy and numexpr, compressed Blosc2 NDArrays for the blosc2 techniques
    (converted outside the timed call)."""
    if "blosc2" in technique:
        import blosc2

        return blosc2.asarray(a), blosc2.asarray(b)
    return a, b


def as_numpy(result) -> np.ndarray:
    return result[:] if hasattr(result, "schunk") else np.asarray(result)


@pytest.mark.parametrize("rows", [ROWS])
@pytest.mark.parametrize("technique", technique_names(compute_compressed))
def test_compute_compressed(benchmark, technique: str, rows: int) -> None:
    """Time the expression; save the bytes the inputs (and a compressed result) take in memory."""
    import blosc2
    import numexpr

    a, b = inputs(rows)
    args = as_inputs_for(technique, a, b)
    held = sum(x.schunk.cbytes if hasattr(x, "schunk") else x.nbytes for x in args)
    benchmark.extra_info.update(
        input_bytes_uncompressed=a.nbytes + b.nbytes,
        input_bytes_held=held,
        numexpr_threads=numexpr.get_num_threads(),
        blosc2_threads=blosc2.nthreads,
    )
    result = run(
        benchmark, getattr(compute_compressed, technique), *args, flops=OPERATIONS * a.size, bytes=3 * a.nbytes
    )
    if hasattr(result, "schunk"):
        benchmark.extra_info["result_bytes_held"] = result.schunk.cbytes
    # transcendental functions from different libraries (NumPy, numexpr/VML, Blosc2's engine)
    # may differ by an ulp or two; 1e-12 relative leaves ample room
    np.testing.assert_allclose(as_numpy(result), compute_compressed.expression_numpy(a, b), rtol=1e-12, atol=1e-300)


@pytest.mark.parametrize("technique", technique_names(compute_compressed))
@settings(deadline=None, max_examples=40)
@given(
    pair=array_shapes(min_dims=1, max_dims=2, min_side=0, max_side=50).flatmap(
        lambda shape: st.tuples(
            *[arrays(np.float64, shape, elements=st.floats(-100, 100) | st.just(np.nan)) for _ in range(2)]
        )
    )
)
def test_compute_compressed_agrees(technique: str, pair: tuple[np.ndarray, np.ndarray]) -> None:
    """Every technique gives NumPy's values to 1e-12 relative (ulp differences of sin and exp
    between libraries), NaN where NumPy has NaN, for any shape. Blosc2 4.14 cannot evaluate an
    expression on an empty array (it divides by the chunk size): empty inputs are set aside
    for the blosc2 techniques."""
    a, b = pair
    assume("blosc2" not in technique or a.size > 0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        expected = compute_compressed.expression_numpy(a, b)
        result = as_numpy(getattr(compute_compressed, technique)(*as_inputs_for(technique, a, b)))
    np.testing.assert_allclose(result, expected, rtol=1e-12, atol=1e-300, equal_nan=True)
