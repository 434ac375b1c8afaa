"""Benchmarks and equivalence tests for lessons/m10_storage/filters.py."""

from __future__ import annotations

import blosc2
import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import array_shapes, arrays

from lessons.m10_storage import _arrays, filters
from lessons.m10_storage.conftest import array_of
from lessons.m10_storage.test_compress import N
from optbook.lesson import by_scale, run, technique_names

CODECS = by_scale(tiny=["zstd"], small=["lz4", "zstd"], medium=["blosclz", "lz4", "lz4hc", "zstd", "zlib"])
LEVELS = by_scale(tiny=[5], small=[1, 5], medium=[1, 5, 9])  # zstd at 9 is about 20x slower than at 5
LOSSY = "blosc2_truncate_precision"


def skip_lossy_on_integers(technique: str, dtype: np.dtype) -> None:
    if technique == LOSSY and np.dtype(dtype).kind != "f":
        pytest.skip(f"precision truncation drops mantissa bits of floats; this array is {np.dtype(dtype)}")


def assert_within_bound(back: np.ndarray, data: np.ndarray) -> None:
    """The lossy filter keeps k = _KEEP_BITS mantissa bits, so |x' - x| <= 2**-k |x| for normal
    floats and 2**-k times the smallest normal float for subnormal ones; NaN stays NaN and
    infinities stay infinite (their mantissa bits are not changed into something else)."""
    keep = filters._KEEP_BITS[data.dtype.itemsize]
    finite = np.isfinite(data)
    assert np.array_equal(np.isnan(back), np.isnan(data))
    assert np.array_equal(back[np.isinf(data)], data[np.isinf(data)])
    scale = np.maximum(np.abs(data[finite]).astype(np.float64), np.finfo(data.dtype).smallest_normal)
    error = np.abs(back[finite].astype(np.float64) - data[finite].astype(np.float64))
    assert np.all(error <= 2.0**-keep * scale)


def decompressed(blob: bytes, data: np.ndarray) -> np.ndarray:
    return np.frombuffer(blosc2.decompress2(blob), dtype=data.dtype).reshape(data.shape)


@pytest.mark.parametrize("n", [N])
@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("codec", CODECS)
@pytest.mark.parametrize("kind", _arrays.KINDS)
@pytest.mark.parametrize("technique", technique_names(filters))
def test_filters(benchmark, technique: str, kind: str, codec: str, level: int, n: int) -> None:
    """Time compressing one array with one filter, codec and level; save the compression ratio
    and, for the lossy filter, the largest relative error."""
    data = array_of(kind, n)
    skip_lossy_on_integers(technique, data.dtype)
    blob = run(benchmark, getattr(filters, technique), data, codec, level, bytes=data.nbytes, items=data.size)
    back = decompressed(blob, data)
    benchmark.extra_info.update(
        kind=kind, dtype=str(data.dtype), compressed_bytes=len(blob), ratio=round(data.nbytes / len(blob), 3)
    )
    if technique == LOSSY:
        assert_within_bound(back, data)
        relative = np.abs(back.astype(np.float64) - data) / np.abs(data.astype(np.float64))
        benchmark.extra_info["max_relative_error"] = float(relative.max())
        benchmark.extra_info["error_bound"] = 2.0 ** -filters._KEEP_BITS[data.dtype.itemsize]
        lossless = data.nbytes / len(filters.blosc2_bitshuffle(data, codec, level))
        benchmark.extra_info["ratio_lossless_bitshuffle"] = round(lossless, 3)
        if kind == "smooth":
            # what the lost bits buy: on the smooth field, a better ratio than the same pipeline
            # without truncation (1.7x to 2.3x better, measured for all five codecs at levels 1, 5 and 9)
            assert data.nbytes / len(blob) > lossless
    else:
        assert np.array_equal(back, data)


@pytest.mark.parametrize("technique", technique_names(filters))
@settings(deadline=None)
@given(
    data=st.sampled_from([np.float32, np.float64, np.int64, np.int32]).flatmap(
        lambda t: arrays(t, array_shapes(min_dims=1, max_dims=2, min_side=0, max_side=64))
    ),
    codec=st.sampled_from(["blosclz", "lz4", "lz4hc", "zstd", "zlib"]),
    level=st.integers(0, 9),
)
def test_filters_agree(technique: str, data: np.ndarray, codec: str, level: int) -> None:
    """Every lossless filter gives back exactly the baseline's array (the original, bit for bit:
    NaN, infinities, -0.0, empty arrays and any codec and level included); the lossy one stays
    within its bound (on floats only: integer examples are set aside for it)."""
    assume(technique != LOSSY or data.dtype.kind == "f")
    expected = decompressed(filters.blosc2_no_filter(data, codec, level), data)
    assert expected.tobytes() == data.tobytes()
    back = decompressed(getattr(filters, technique)(data, codec, level), data)
    if technique == LOSSY:
        assert_within_bound(back, expected)
    else:
        assert back.tobytes() == expected.tobytes()


def test_blosclz_at_level_5_stores_noise_as_it_is() -> None:
    """What the page says of BloscLZ on noise: at level 5 it stores every block as it is (a
    ratio of 1.0), with or without truncation and bit shuffle, while at level 1 truncation
    buys it what it buys lz4 (a ratio well above 1)."""
    noise = array_of("noise", N)

    def ratio(technique: str, level: int) -> float:
        return noise.nbytes / len(getattr(filters, technique)(noise, "blosclz", level))

    for technique in ("blosc2_no_filter", "blosc2_bitshuffle", LOSSY):
        assert ratio(technique, 5) < 1.001
    assert ratio(LOSSY, 1) > 1.3


def test_precision_truncation_refuses_integers() -> None:
    """Truncating mantissa bits means nothing for integers: the filter says so by name."""
    with pytest.raises(TypeError, match="works on floats, not int64"):
        filters.blosc2_truncate_precision(np.arange(10, dtype=np.int64), "ZSTD", 5)
