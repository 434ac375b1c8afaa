"""Benchmarks and equivalence tests for lessons/m10_storage/decompress.py."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import array_shapes, arrays

from lessons.m10_storage import _arrays, compress, decompress
from lessons.m10_storage.conftest import array_of
from lessons.m10_storage.test_compress import N
from optbook.lesson import run, technique_names


def matching_compress(technique: str):
    """compress.compress_lz4 for decompress.decompress_lz4."""
    return getattr(compress, technique.replace("decompress_", "compress_", 1))


@pytest.mark.parametrize("n", [N])
@pytest.mark.parametrize("kind", _arrays.KINDS)
@pytest.mark.parametrize("technique", technique_names(decompress))
def test_decompress(benchmark, technique: str, kind: str, n: int) -> None:
    """Time decompressing one array (compressed outside the timed call); the rate counts the
    decompressed bytes."""
    data = array_of(kind, n)
    blob = matching_compress(technique)(data)
    benchmark.extra_info.update(kind=kind, dtype=str(data.dtype), ratio=round(data.nbytes / len(blob), 3))
    back = run(benchmark, getattr(decompress, technique), blob, data.dtype, data.shape, bytes=data.nbytes)
    assert np.array_equal(back, data)


dtypes = st.sampled_from([np.float32, np.float64, np.int64, np.int16, np.uint8])


@pytest.mark.parametrize("technique", technique_names(decompress))
@settings(deadline=None)
@given(data=dtypes.flatmap(lambda t: arrays(t, array_shapes(min_dims=1, max_dims=2, min_side=0, max_side=40))))
def test_decompress_agrees(technique: str, data: np.ndarray) -> None:
    """Every decompressor gives back, bit for bit, what the baseline gives back from its own
    compressor: the original array (NaN, infinities, -0.0, empty and odd shapes included)."""
    expected = decompress.decompress_zlib(compress.compress_zlib(data), data.dtype, data.shape)
    back = getattr(decompress, technique)(matching_compress(technique)(data), data.dtype, data.shape)
    assert back.shape == expected.shape and back.tobytes() == expected.tobytes() == data.tobytes()
