"""Excel workbooks: read with openpyxl or calamine, and converted once to Parquet.

Every function reads the first sheet of the .xlsx workbook ``source`` (the
table's six columns) and writes it as Parquet into the folder ``target``,
returning the path written. Almost all the time goes into reading the workbook:
an .xlsx file is a zip of XML documents, one element per cell.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd


def excel_to_parquet_openpyxl(source: Path, target: Path) -> Path:
    """pandas' long-standing Excel engine, openpyxl: pure Python, builds an object for
    every cell."""
    path = target / "sheet.openpyxl.parquet"
    pd.read_excel(source, engine="openpyxl").to_parquet(path, index=False)
    return path


def excel_to_parquet_calamine(source: Path, target: Path) -> Path:
    """engine="calamine": a Rust reader (python-calamine) behind the same pandas call,
    parsing the XML without a Python object per cell."""
    path = target / "sheet.calamine.parquet"
    pd.read_excel(source, engine="calamine").to_parquet(path, index=False)
    return path
