"""What the lesson's tests share: a hypothesis strategy for tables and cheap checks of big results."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from hypothesis import strategies as st

from lessons.m06_data_access import _data

# the station names a table may hold: the lesson's eight (one with a comma) and a few
# that CSV writers and readers must quote or keep exactly as they are
NAMES = (*_data.STATIONS, 'say "cheese"', "Zürich", "semi;colon", "two  spaces")

_floats = st.floats(allow_nan=False, allow_infinity=False, width=64)


@st.composite
def tables(draw: st.DrawFn, max_rows: int = 12) -> pa.Table:
    """A table of the lesson's schema, 0 to ``max_rows`` rows (empty and one row included),
    with missing temperatures, extreme floats, any int32 count and quoted names."""
    rows = draw(st.integers(0, max_rows))
    seconds = draw(st.lists(st.integers(0, 4_000_000_000), min_size=rows, max_size=rows))
    return _data.table_from_columns(
        {
            "id": draw(st.lists(st.integers(-(2**63), 2**63 - 1), min_size=rows, max_size=rows)),
            "timestamp": seconds,
            "station": draw(st.lists(st.sampled_from(NAMES), min_size=rows, max_size=rows)),
            "temperature": draw(st.lists(st.none() | _floats, min_size=rows, max_size=rows)),
            "pressure": draw(st.lists(_floats, min_size=rows, max_size=rows)),
            "count": draw(st.lists(st.integers(-(2**31), 2**31 - 1), min_size=rows, max_size=rows)),
        }
    )


def summary(result) -> tuple[int, float, int | None]:
    """Rows, the sum of the temperatures and the sum of the counts (None where the result has no
    count column) of a pandas, Arrow or polars table: a check of a large result that costs far
    less than comparing every value."""
    if isinstance(result, pa.Table):
        temperatures = pc.sum(result["temperature"]).as_py() or 0.0
        counts = pc.sum(pc.cast(result["count"], pa.int64())).as_py() or 0 if "count" in result.column_names else None
        return result.num_rows, temperatures, counts
    if hasattr(result, "to_arrow") and not hasattr(result, "iloc"):  # polars
        return summary(result.to_arrow())
    temperatures = float(np.nansum(np.asarray(result["temperature"], dtype=np.float64)))
    counts = int(np.asarray(result["count"], dtype=np.int64).sum()) if "count" in result.columns else None
    return len(result), temperatures, counts


def assert_summary(result, expected) -> None:
    """Rows and count sums exactly; the temperature sums to 1e-9 relative: the libraries add the
    values in different orders (pairwise, in blocks, in threads), which changes the last bits
    of a sum of a million float64 values (each addition rounds by up to 1.1e-16 of the sum)."""
    _data.assert_typed(result)
    rows, temperatures, counts = summary(result)
    want_rows, want_temperatures, want_counts = summary(expected)
    assert rows == want_rows
    assert counts is None or want_counts is None or counts == want_counts
    assert np.isclose(temperatures, want_temperatures, rtol=1e-9, atol=1e-9)


def whole_numbers_first(rows: int, whole_rows: int, seed: int = 0) -> pa.Table:
    """A table whose first ``whole_rows`` temperatures and pressures are whole numbers (a CSV
    writer prints 12.0 as ``12``) and the others not. A CSV reader that guesses a column's type
    from the start of a file takes these columns for integers: it stops at the first fraction, or
    rounds every later reading. 30,000 whole rows are about 1.6 MB of text: past Arrow's 1 MiB
    blocks, DuckDB's sample of 20,480 rows and the 100 rows polars looks at."""
    table = _data.make_table(rows, seed=seed, missing=0.0)
    for name in ("temperature", "pressure"):
        values = table[name].to_numpy()
        values = np.concatenate([np.round(values[:whole_rows]), values[whole_rows:]])
        table = table.set_column(table.schema.get_field_index(name), name, pa.array(values))
    return table


def column_names(result) -> list[str]:
    """The column names of a pandas, Arrow or polars table."""
    return list(result.column_names) if isinstance(result, pa.Table) else [str(c) for c in result.columns]


def resident_fraction(path) -> float | None:
    """The share of a file's pages that are in the page cache now (Linux mincore), or None
    where that cannot be asked. Used to check that a cold read really starts cold."""
    import ctypes
    import mmap
    import os

    size = os.path.getsize(path)
    if size == 0:
        return 0.0
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.mmap.restype = ctypes.c_void_p
        libc.mmap.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int, ctypes.c_int, ctypes.c_int, ctypes.c_long]
        libc.munmap.argtypes = [ctypes.c_void_p, ctypes.c_size_t]
        libc.mincore.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_void_p]
    except (OSError, AttributeError):
        return None
    pages = -(-size // mmap.PAGESIZE)
    fd = os.open(path, os.O_RDONLY)
    try:
        address = libc.mmap(None, size, mmap.PROT_READ, mmap.MAP_SHARED, fd, 0)
        if address in (None, ctypes.c_void_p(-1).value):
            return None
        try:
            vector = (ctypes.c_ubyte * pages)()
            if libc.mincore(address, size, vector) != 0:
                return None
            return sum(v & 1 for v in vector) / pages
        finally:
            libc.munmap(address, size)
    finally:
        os.close(fd)


# edge cases every property test tries first (hypothesis runs few examples here: files are slow)
EMPTY_TABLE = _data.table_from_columns(
    {"id": [], "timestamp": [], "station": [], "temperature": [], "pressure": [], "count": []}
)
ONE_ROW_TABLE = _data.table_from_columns(
    {
        "id": [-(2**63)],
        "timestamp": [0],
        "station": ['say "cheese"'],
        "temperature": [None],
        "pressure": [5e-324],
        "count": [2**31 - 1],
    }
)


def fresh_folder(folder: Path, *args: object) -> Callable[[], tuple[tuple, dict]]:
    """A ``setup`` for run(): empties ``folder`` (making it if needed) before every call, and
    passes ``*args`` then the folder to the technique. Every timed round of a writer then writes
    a new file, as the first conversion does, rather than overwriting the last round's one."""

    def setup() -> tuple[tuple, dict]:
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        return (*args, folder), {}

    return setup


def evict_or_skip(benchmark, evict: Callable[[], None], cached_share: Callable[[], float | None]) -> None:
    """Drop a file (or a saved array's files) from the page cache for a cold read, or skip the cold
    case where the kernel keeps them cached all the same (tmpfs); the share left is saved."""
    import pytest

    evict()
    left = cached_share()
    if left is not None and left > 0.5:
        pytest.skip(f"the kernel kept {left:.0%} of the file cached after POSIX_FADV_DONTNEED (tmpfs?): no cold read")
    benchmark.extra_info["cached_share_after_evict"] = left
