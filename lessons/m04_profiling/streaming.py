"""Intensive workloads: the same hourly report from a log too large to hold comfortably in memory.

Every function takes the path of a log file and the list of known sensors and
returns the CSV report of pipeline.py (readings, mean, minimum and maximum per
sensor and hour). The first loads the whole file, as the fastest pipeline of
pipeline.py does; the others stream it, so that the memory they need is set by
the size of a chunk and the number of (sensor, hour) groups, not by the file.
"""

from __future__ import annotations

import math
from datetime import datetime

import pandas as pd

from lessons.m04_profiling import pipeline
from lessons.m04_profiling.pipeline import _READ_CSV_OPTIONS, _good_rows_in_columns, _report_joined

_CHUNK_LINES = 100_000  # lines per chunk: a few MiB of columns at a time


def report_whole_file(path: str, known_sensors: list[str]) -> str:
    """The whole file parsed into one DataFrame, then grouped: memory grows with the file."""
    return pipeline.pipeline_pandas_reader(path, known_sensors)


def report_in_chunks(path: str, known_sensors: list[str]) -> str:
    """pandas reads _CHUNK_LINES lines at a time; each chunk is reduced to counts, sums, minima and
    maxima per group, and only those small partial results are kept and combined at the end."""
    known = set(known_sensors)
    partials = []  # an empty file is read as one chunk without rows (the column names are given)
    for chunk in pd.read_csv(path, chunksize=_CHUNK_LINES, **_READ_CSV_OPTIONS):
        good = _good_rows_in_columns(chunk, known)
        partials.append(good.groupby(["sensor", "hour"])["celsius"].agg(["count", "sum", "min", "max"]))
    parts = pd.concat(partials)
    stats = parts.groupby(level=["sensor", "hour"]).agg({"count": "sum", "sum": "sum", "min": "min", "max": "max"})
    stats["mean"] = stats["sum"] / stats["count"]
    return _report_joined(stats.reset_index())


def report_line_by_line(path: str, known_sensors: list[str]) -> str:
    """Plain Python, one line at a time: a dict of running counts, sums, minima and maxima per
    (sensor, hour) is all that stays in memory; slower per line than pandas' C reader."""
    known = set(known_sensors)
    groups: dict[tuple[str, int], list[float]] = {}
    with open(path) as file:
        for line in file:
            stamp, sensor, reading, unit, status = line.split()
            value = float(reading)
            if status != "OK" or sensor not in known or math.isnan(value):
                continue
            celsius = (value - 32) * 5 / 9 if unit == "F" else value
            key = (sensor, datetime.fromisoformat(stamp).hour)
            group = groups.get(key)
            if group is None:
                groups[key] = [1, celsius, celsius, celsius]
            else:
                group[0] += 1
                group[1] += celsius
                group[2] = min(group[2], celsius)
                group[3] = max(group[3], celsius)
    lines = [
        f"{sensor},{hour},{count},{total / count!r},{low!r},{high!r}\n"
        for (sensor, hour), (count, total, low, high) in sorted(groups.items())
    ]
    return pipeline._HEADER + "".join(lines)
