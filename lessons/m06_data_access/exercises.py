"""Exercises of lesson 6: make these functions faster, keeping their answers.

Each function below is the slow baseline of one topic of the lesson, copied here for
you to edit; its docstring says which idea of the lesson to apply. Check and time your
versions with::

    pytest lessons/m06_data_access --exercises

which runs the topic's equivalence tests on them (a wrong answer is shown with the
smallest input that gives it) and times them beside the baseline and the book's fastest
version. The book's answers are in solutions.py: try first.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pandas as pd


def row_filter_exercise(path: Path, start: datetime, end: datetime):
    """The rows of the Parquet file at ``path`` whose ``timestamp`` lies in [start, end),
    in file order (row_filter.py).

    This reads every row of the file, then throws 95% of them away. Push the filter down
    into the reader: Parquet keeps the minimum and maximum of each column per row group,
    so a reader told the window skips the row groups outside it (pandas' read_parquet
    takes ``filters=``). Return a pandas DataFrame or an Arrow Table.
    """
    frame = pd.read_parquet(path)
    return frame[(frame["timestamp"] >= start) & (frame["timestamp"] < end)]


def projection_csv_exercise(path: Path):
    """The columns ``station`` and ``temperature``, in that order, of the CSV file at
    ``path`` (projection.py).

    This parses all six columns of every line (the timestamps as dates, the slowest part)
    and then keeps two. Tell the reader which columns you need, so that it converts only
    those: pandas' ``usecols=``, or Arrow's CSV reader with ``include_columns``.
    """
    return pd.read_csv(path, parse_dates=["timestamp"])[["station", "temperature"]]
