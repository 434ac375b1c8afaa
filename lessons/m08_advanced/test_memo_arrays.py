"""Benchmarks and equivalence tests for lessons/m08_advanced/memo_arrays.py."""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from lessons.m08_advanced import memo_arrays
from optbook.lesson import by_scale, run, technique_names

SIZES = by_scale(tiny=[32], small=[32, 256, 512], medium=[256, 512, 1024])  # n x n matrices


@pytest.fixture(scope="module", autouse=True)
def disk_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """joblib's cache folder for this module: it lasts until every benchmark has been timed,
    then goes (pytest would keep it for three runs)."""
    folder = tmp_path_factory.mktemp("m08_joblib")
    with contextlib.suppress(ImportError):  # without joblib its technique is skipped, the others run
        memo_arrays._use_disk_cache(folder)
    yield folder
    memo_arrays._DISK_CACHE.clear()
    shutil.rmtree(folder, ignore_errors=True)


def skip_without_joblib(technique: str) -> None:
    if "joblib" in technique:
        pytest.importorskip("joblib", reason="joblib is not installed: pip install joblib")


@pytest.fixture
def one_blas_thread(benchmark):
    """Hold LAPACK/BLAS to one thread (the harness re-applies the limit while it times), record it."""
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1, user_api="blas"):
        benchmark.extra_info["blas_threads"] = 1
        yield


def matrix(n: int, seed: int = 0) -> np.ndarray:
    return np.random.default_rng(seed).standard_normal((n, n))


def assert_same_values(got: np.ndarray, expected: np.ndarray) -> None:
    """A hit returns the answer the same LAPACK call gave on the same bytes; only a recomputation
    on another thread count could round differently, by a few eps of the largest value."""
    assert got.shape == expected.shape
    scale = float(np.max(expected, initial=0.0))
    assert np.all(np.abs(got - expected) <= 1e-12 * scale)


@pytest.mark.parametrize("n", SIZES)
@pytest.mark.parametrize("technique", technique_names(memo_arrays))
def test_memo_arrays(benchmark, technique: str, n: int, one_blas_thread) -> None:
    """Singular values of an n x n matrix: recomputed, or a warm hit (run()'s warm-up call put
    the answer in the memo) in memory or on disk."""
    skip_without_joblib(technique)
    a = matrix(n, seed=n)
    benchmark.extra_info["cache"] = "none" if technique == "singular_values_recomputed" else "warm"
    values = run(benchmark, getattr(memo_arrays, technique), a)
    assert_same_values(values, np.linalg.svd(a, compute_uv=False))


@pytest.mark.parametrize("technique", technique_names(memo_arrays))
@settings(deadline=None)  # the first disk call of a run writes joblib's folder
@given(a=arrays(np.float64, st.integers(0, 6).map(lambda n: (n, n)), elements=st.floats(-1e3, 1e3)))
def test_memo_arrays_agrees(technique: str, a: np.ndarray) -> None:
    """The baseline's singular values for any matrix (0 x 0, 1 x 1, repeated ones: hits), called twice."""
    skip_without_joblib(technique)
    fn = getattr(memo_arrays, technique)
    expected = memo_arrays.singular_values_recomputed(a)
    assert_same_values(fn(a), expected)
    assert_same_values(fn(a), expected)  # the second call is a hit for the memos


def test_lru_by_content_grows_and_hits() -> None:
    """Each new matrix is a miss and adds one entry; the same content again, even in a new
    array object, is a hit and adds nothing."""
    cached = memo_arrays._singular_values_in_memory
    cached.cache_clear()
    for seed in range(5):
        cached(matrix(4, seed))
    assert cached.cache_info().misses == 5 and cached.cache_info().currsize == 5
    first = cached(matrix(4, 0).copy())
    assert cached.cache_info().hits == 1 and cached.cache_info().currsize == 5
    assert not first.flags.writeable  # the stored answer cannot be changed by a caller


def test_lru_by_content_is_bounded_by_maxsize() -> None:
    """Past maxsize (32) distinct arrays the cache stops growing, and the least recently
    used answer has gone: asking for it again is a miss."""
    cached = memo_arrays._singular_values_in_memory
    cached.cache_clear()
    maxsize = cached.cache_info().maxsize
    assert maxsize == 32
    for seed in range(maxsize + 8):
        cached(matrix(3, seed))
    assert cached.cache_info().currsize == maxsize
    cached(matrix(3, 0))  # evicted long ago
    assert cached.cache_info().misses == maxsize + 9 and cached.cache_info().hits == 0


def test_changed_array_is_a_miss() -> None:
    """Changing one value, the shape or the dtype changes the key: a miss with the new answer,
    in memory and on disk."""
    cached = memo_arrays._singular_values_in_memory
    cached.cache_clear()
    a = matrix(4, 7)
    cached(a)
    b = a.copy()
    b[1, 2] += 1.0
    assert_same_values(cached(b), np.linalg.svd(b, compute_uv=False))
    cached(a.reshape(2, 8)[:, :2])  # other shape
    cached(a.astype(np.float32))  # other dtype
    assert cached.cache_info().misses == 4 and cached.cache_info().hits == 0

    skip_without_joblib("joblib")
    on_disk = memo_arrays._DISK_CACHE["fn"]
    memo_arrays.singular_values_joblib_disk(a)
    assert on_disk.check_call_in_cache(a) and not on_disk.check_call_in_cache(b)
    assert_same_values(memo_arrays.singular_values_joblib_disk(b), np.linalg.svd(b, compute_uv=False))
    assert on_disk.check_call_in_cache(b)


def test_keys_are_equal_only_for_equal_content() -> None:
    """Two keys are equal when shape, dtype and bytes are: a hash collision between different
    arrays (rare, but dict lookups compare keys after hashes) must not return another array's answer."""
    a = matrix(3, 0)
    b = a.copy()
    b[0, 0] += 1.0
    assert memo_arrays._ArrayKey(a) == memo_arrays._ArrayKey(a.copy())
    assert memo_arrays._ArrayKey(a) != memo_arrays._ArrayKey(b)
    assert memo_arrays._ArrayKey(a) != memo_arrays._ArrayKey(a).key  # not equal to its own key tuple


def test_the_disk_cache_defaults_to_a_folder_of_the_temporary_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Called with no folder set, the joblib technique keeps its answers in optbook-joblib under the
    system's temporary directory (here pointed at a folder of this test)."""
    skip_without_joblib("joblib")
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    monkeypatch.setattr(memo_arrays, "_DISK_CACHE", {})
    a = matrix(3, 11)
    assert_same_values(memo_arrays.singular_values_joblib_disk(a), np.linalg.svd(a, compute_uv=False))
    assert (tmp_path / "optbook-joblib").is_dir() and memo_arrays._DISK_CACHE["fn"].check_call_in_cache(a)


def test_an_array_cannot_go_into_lru_cache_directly() -> None:
    """What the lesson starts from: lru_cache hashes its arguments, and an ndarray has no hash."""
    import functools

    with pytest.raises(TypeError, match="unhashable"):
        functools.lru_cache(np.sum)(np.zeros(3))
