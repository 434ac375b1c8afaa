"""Memoising a function of an array: in memory by the array's content, and on disk with joblib.

Every function takes a square float64 matrix and returns its singular values
(``np.linalg.svd(a, compute_uv=False)``), an expensive pure function: O(n^3)
work for n^2 input values. ``functools.lru_cache`` cannot take an ndarray: an
array is mutable, so it is not hashable (``TypeError: unhashable type``). The
fix is a key made from what the answer depends on, the shape, the dtype and the
bytes, hashed (O(n^2), far cheaper than the O(n^3) work), and a cache keyed on
it. ``joblib.Memory`` does the same and keeps the answers in files, so they
outlive the program. The memos here are warm: they already hold the answer.
"""

from __future__ import annotations

import functools
import hashlib
import tempfile
from collections.abc import Callable
from pathlib import Path

import numpy as np


def _singular_values(a: np.ndarray) -> np.ndarray:
    return np.linalg.svd(a, compute_uv=False)


class _ArrayKey:
    """A hashable stand-in for an array: equal when shape, dtype and bytes are equal."""

    def __init__(self, a: np.ndarray) -> None:
        self.array: np.ndarray | None = a  # kept only until the answer is computed
        digest = hashlib.blake2b(np.ascontiguousarray(a), digest_size=16).hexdigest()
        self.key = (a.shape, a.dtype.str, digest)  # (2, 3) and (3, 2) share bytes, not shape

    def __hash__(self) -> int:
        return hash(self.key)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _ArrayKey) and self.key == other.key


def _lru_cache_by_content(maxsize: int | None = 128) -> Callable:
    """Like ``functools.lru_cache(maxsize)``, for a function of one array: keyed on the array's
    content, with the same ``cache_info()`` and ``cache_clear()``."""

    def decorate(fn: Callable[[np.ndarray], np.ndarray]) -> Callable[[np.ndarray], np.ndarray]:
        @functools.lru_cache(maxsize=maxsize)
        def by_key(key: _ArrayKey) -> np.ndarray:
            result = fn(key.array)
            key.array = None  # the cache keeps the key: do not keep the whole input alive too
            result.setflags(write=False)  # every hit returns this object: nobody may change it
            return result

        @functools.wraps(fn)
        def cached(a: np.ndarray) -> np.ndarray:
            return by_key(_ArrayKey(a))

        cached.cache_info = by_key.cache_info
        cached.cache_clear = by_key.cache_clear
        return cached

    return decorate


# at most 32 answers are kept; the least recently used goes first
_singular_values_in_memory = _lru_cache_by_content(maxsize=32)(_singular_values)

_DISK_CACHE: dict[str, Callable[[np.ndarray], np.ndarray]] = {}


def _use_disk_cache(folder: Path) -> Callable[[np.ndarray], np.ndarray]:
    """Keep joblib's answers under ``folder`` (the default is a folder in the system's temporary
    directory); returns the cached function, whose ``.check_call_in_cache(a)`` says whether
    the answer for ``a`` is on disk."""
    import joblib

    _DISK_CACHE["fn"] = joblib.Memory(folder, verbose=0).cache(_singular_values)
    return _DISK_CACHE["fn"]


def singular_values_recomputed(a: np.ndarray) -> np.ndarray:
    """No memo: the whole O(n^3) decomposition on every call."""
    return _singular_values(a)


def singular_values_joblib_disk(a: np.ndarray) -> np.ndarray:
    """``joblib.Memory(folder).cache(fn)``: joblib hashes the array, and on a hit reads the
    answer back from a file (here from the page cache: the file was just written). The memo
    survives the program, and is shared by every program that uses the folder."""
    if "fn" not in _DISK_CACHE:
        _use_disk_cache(Path(tempfile.gettempdir()) / "optbook-joblib")
    return _DISK_CACHE["fn"](a)


def singular_values_lru_by_content(a: np.ndarray) -> np.ndarray:
    """``lru_cache`` keyed on shape, dtype and a hash of the bytes: a hit costs one pass of
    blake2b over the array and a dict lookup, and returns the stored (read-only) answer."""
    return _singular_values_in_memory(a)
