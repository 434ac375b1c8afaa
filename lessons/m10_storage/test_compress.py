"""Benchmarks and equivalence tests for lessons/m10_storage/compress.py."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import array_shapes, arrays

from lessons.m10_storage import _arrays, compress, decompress
from lessons.m10_storage.conftest import array_of
from optbook.lesson import by_scale, run, technique_names

# values per array: 1 MiB of float32 (smooth, 256 x 1024), 2 MiB of int64 and float64 at scale small
# (lzma takes about a second for 2 MiB here)
N = by_scale(tiny=4096, small=1 << 18, medium=1 << 22, large=1 << 25)


def matching_decompress(technique: str):
    """decompress.decompress_lz4 for compress.compress_lz4."""
    return getattr(decompress, technique.replace("compress_", "decompress_", 1))


@pytest.mark.parametrize("n", [N])
@pytest.mark.parametrize("kind", _arrays.KINDS)
@pytest.mark.parametrize("technique", technique_names(compress))
def test_compress(benchmark, technique: str, kind: str, n: int) -> None:
    """Time compressing one array; save the compression ratio (original bytes over compressed)."""
    data = array_of(kind, n)
    blob = run(benchmark, getattr(compress, technique), data, bytes=data.nbytes, items=data.size)
    benchmark.extra_info.update(
        kind=kind, dtype=str(data.dtype), compressed_bytes=len(blob), ratio=round(data.nbytes / len(blob), 3)
    )
    assert np.array_equal(matching_decompress(technique)(blob, data.dtype, data.shape), data)


dtypes = st.sampled_from([np.float32, np.float64, np.int64, np.int16, np.uint8])


@pytest.mark.parametrize("technique", technique_names(compress))
@settings(deadline=None)
@given(data=dtypes.flatmap(lambda t: arrays(t, array_shapes(min_dims=1, max_dims=2, min_side=0, max_side=40))))
def test_compress_round_trips(technique: str, data: np.ndarray) -> None:
    """Every compressor is lossless: decompressed, its bytes give back exactly the array, bit for
    bit (NaN, infinities, -0.0, empty and odd-shaped arrays, several dtypes included), like the
    baseline's."""
    for name in (technique_names(compress)[0], technique):
        blob = getattr(compress, name)(data)
        back = matching_decompress(name)(blob, data.dtype, data.shape)
        assert back.shape == data.shape and back.tobytes() == data.tobytes()


# the compression library each Blosc2 technique names, as the frame's header records it
BLOSC2_LIBRARY = {"blosclz": "BloscLZ", "lz4": "LZ4", "lz4hc": "LZ4", "zstd": "Zstd", "zlib": "Zlib"}


@pytest.mark.parametrize("technique", [t for t in technique_names(compress) if "blosc2" in t])
def test_each_blosc2_technique_uses_its_codec(technique: str) -> None:
    """A Blosc2 frame says which library compressed it: compress_blosc2_lz4 must really be LZ4
    (Blosc2's default codec, which any technique would fall back to, is Zstd)."""
    import blosc2

    blob = getattr(compress, technique)(np.arange(10_000, dtype=np.float64))
    assert blosc2.get_clib(blob) == BLOSC2_LIBRARY[technique.rsplit("_", 1)[-1]]
