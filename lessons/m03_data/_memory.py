"""A DataFrame's memory, column by column, and the smaller dtypes each column could use.

    >>> report = memory_report(table)      # one row a column: dtype, bytes, suggestion, bytes after
    >>> small = downcast(table)            # the table with every suggestion applied

Suggestions: integers to the smallest integer type that holds their range
(unsigned when none is negative), float64 to float32 when every value keeps
``rtol`` relative precision, text with few distinct values to category and
other Python-object text to Arrow strings. Booleans, dates and categories stay.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

_INTEGERS = ("int8", "uint8", "int16", "uint16", "int32", "uint32", "int64", "uint64")


def _smallest_integer(column: pd.Series) -> str | None:
    if column.empty:
        return None
    low, high = int(column.min()), int(column.max())
    for name in _INTEGERS:
        if name.startswith("u") and low < 0:
            continue
        info = np.iinfo(name)
        if info.min <= low and high <= info.max:
            return name if np.dtype(name).itemsize < column.dtype.itemsize else None
    return None


def _float32_keeps(column: pd.Series, rtol: float) -> bool:
    values = column.to_numpy(dtype=np.float64)
    finite = values[np.isfinite(values)]
    if finite.size and np.abs(finite).max() > np.finfo(np.float32).max:
        return False
    with np.errstate(over="ignore", under="ignore"):
        narrow = finite.astype(np.float32).astype(np.float64)
    return bool(np.allclose(narrow, finite, rtol=rtol, atol=0))


def _is_text(column: pd.Series) -> bool:
    return pd.api.types.is_string_dtype(column.dtype) and pd.api.types.infer_dtype(column, skipna=True) in (
        "string",
        "empty",
    )


def suggest_dtype(column: pd.Series, max_category_share: float = 0.5, rtol: float = 1e-6) -> str | None:
    """A smaller dtype for ``column`` that keeps its values, or None where there is none."""
    dtype = column.dtype
    if pd.api.types.is_bool_dtype(dtype) or isinstance(dtype, pd.CategoricalDtype):
        return None
    if pd.api.types.is_integer_dtype(dtype):
        return _smallest_integer(column)
    if pd.api.types.is_float_dtype(dtype) and dtype.itemsize > 4:
        return "float32" if _float32_keeps(column, rtol) else None
    if _is_text(column) and len(column):
        if column.nunique(dropna=True) <= max_category_share * len(column):
            return "category"
        if dtype == np.dtype(object):
            return "string[pyarrow]"
    return None


def memory_report(table: pd.DataFrame, max_category_share: float = 0.5, rtol: float = 1e-6) -> pd.DataFrame:
    """Per column: its dtype, its bytes (strings counted deeply), the suggested dtype and the bytes after.

    The last row, ``total``, sums the table (its index included in both totals).
    """
    rows = []
    for name, column in table.items():
        suggestion = suggest_dtype(column, max_category_share, rtol)
        before = int(column.memory_usage(index=False, deep=True))
        after = int(column.astype(suggestion).memory_usage(index=False, deep=True)) if suggestion else before
        rows.append(
            {
                "column": name,
                "dtype": str(column.dtype),
                "bytes": before,
                "suggested": suggestion or "",
                "bytes_after": after,
            }
        )
    index = int(table.index.memory_usage(deep=True))
    total_before = sum(r["bytes"] for r in rows) + index
    total_after = sum(r["bytes_after"] for r in rows) + index
    rows.append({"column": "total", "dtype": "", "bytes": total_before, "suggested": "", "bytes_after": total_after})
    return pd.DataFrame(rows).set_index("column")


def downcast(table: pd.DataFrame, max_category_share: float = 0.5, rtol: float = 1e-6) -> pd.DataFrame:
    """A copy of ``table`` with every suggested dtype applied."""
    changes = {name: s for name, col in table.items() if (s := suggest_dtype(col, max_category_share, rtol))}
    return table.astype(changes) if changes else table.copy()
