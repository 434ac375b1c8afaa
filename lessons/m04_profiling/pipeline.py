"""A day of sensor logs turned into an hourly report, as first written and then fixed step by step.

Every function takes the path of a log file (lines such as
``2024-03-01T06:15:00 S0042 71.37 F OK``: time, sensor, reading, unit, status)
and the list of known sensors, and returns the same CSV report: for every known
sensor and hour of the day, the number of good readings and their mean, minimum
and maximum in degrees Celsius. Lines from unknown sensors, with status ERR or
with a reading of ``nan`` are left out.

``pipeline_as_written`` is the code as a researcher might first write it. The
profilers (profilers.py; test_profilers.py checks what they find) point at five
slow spots: a filter and a groupby per sensor, a Python call per row
(DataFrame.apply), strptime on every line, a report grown by string
concatenation (quadratic in its length) and a lookup in a list on every line;
and at the memory held by a dict per line, besides two needless full copies (the
file's text split into a list of lines, the frame copied "to be safe"). Each
next function fixes one more of them, in the order the profiles rank them.
"""

from __future__ import annotations

import math
from datetime import datetime

import numpy as np
import pandas as pd

_HEADER = "sensor,hour,readings,mean,min,max\n"


# --- the pieces of the pipeline as first written ---------------------------------------------


def _is_known(sensor: str, known_sensors) -> bool:
    return sensor in known_sensors  # a list: compared with every known sensor until one matches


def _hour_strptime(stamp: str) -> int:
    return datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%S").hour  # parses the format string every time


def _read_records(path: str, known_sensors, hour_of) -> list[dict]:
    """Every good line as a dict: the whole file in memory, then a list of its lines, then the dicts."""
    with open(path) as file:
        text = file.read()
    lines = text.split("\n")  # a second full copy of the file, as a list of strings
    records = []
    for line in lines:
        if not line:
            continue
        stamp, sensor, reading, unit, status = line.split(" ")
        if status != "OK" or not _is_known(sensor, known_sensors):
            continue
        value = float(reading)
        if math.isnan(value):
            continue
        records.append({"sensor": sensor, "hour": hour_of(stamp), "reading": value, "unit": unit})
    return records


def _records_to_frame(records: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(records, columns=["sensor", "hour", "reading", "unit"])
    return frame.copy()  # "to be safe": a full copy nobody needs


def _celsius_of_row(row: pd.Series) -> float:
    return (row["reading"] - 32) * 5 / 9 if row["unit"] == "F" else row["reading"]


def _celsius_apply(frame: pd.DataFrame) -> pd.Series:
    return frame.apply(_celsius_of_row, axis=1)  # a Python call and a new Series for every row


def _hourly_stats_filter_per_sensor(frame: pd.DataFrame) -> pd.DataFrame:
    """For every sensor, a pass over the whole frame to pick its rows, then a groupby of those rows."""
    parts = []
    for sensor in sorted(frame["sensor"].unique()):
        hourly = frame[frame["sensor"] == sensor].groupby("hour")["celsius"].agg(["count", "mean", "min", "max"])
        parts.append(hourly.reset_index().assign(sensor=sensor))
    if not parts:
        return _empty_stats()
    return pd.concat(parts, ignore_index=True)


def _report_by_concatenation(stats: pd.DataFrame) -> str:
    """The report grown one line at a time: ``report = report + line`` copies the whole report each time."""
    report = _HEADER
    for row in stats.itertuples(index=False):
        report = report + f"{row.sensor},{row.hour},{row.count},{row.mean!r},{row.min!r},{row.max!r}" + "\n"
    return report


# --- the fixed pieces ------------------------------------------------------------------------


def _hour_fromisoformat(stamp: str) -> int:
    return datetime.fromisoformat(stamp).hour  # the ISO 8601 parser written in C


def _celsius_vectorised(frame: pd.DataFrame) -> pd.Series:
    reading = frame["reading"].to_numpy()
    return pd.Series(np.where(frame["unit"] == "F", (reading - 32) * 5 / 9, reading), index=frame.index)


def _hourly_stats_groupby(frame: pd.DataFrame) -> pd.DataFrame:
    """One pass: pandas sorts the rows into (sensor, hour) groups once."""
    stats = frame.groupby(["sensor", "hour"])["celsius"].agg(["count", "mean", "min", "max"])
    return stats.reset_index() if len(stats) else _empty_stats()


def _report_joined(stats: pd.DataFrame) -> str:
    """The lines collected in a list and joined once at the end: each character copied once."""
    lines = [
        f"{sensor},{hour},{count},{mean!r},{low!r},{high!r}\n"
        for sensor, hour, count, mean, low, high in zip(
            stats["sensor"], stats["hour"], stats["count"], stats["mean"], stats["min"], stats["max"]
        )
    ]
    return _HEADER + "".join(lines)


def _empty_stats() -> pd.DataFrame:
    return pd.DataFrame({"sensor": [], "hour": [], "count": [], "mean": [], "min": [], "max": []})


# how pandas' C reader takes the log: space-separated, no header, "nan" the only missing value
_READ_CSV_OPTIONS = {
    "sep": " ",
    "header": None,
    "names": ["stamp", "sensor", "reading", "unit", "status"],
    "dtype": {"stamp": str, "sensor": str, "reading": float, "unit": str, "status": str},
    "na_values": {"reading": ["nan"]},
    "keep_default_na": False,
}


def _good_rows_in_columns(frame: pd.DataFrame, known_sensors: set[str]) -> pd.DataFrame:
    """The good rows of a frame of raw columns, with the hour and degrees Celsius: whole columns at a time."""
    good = (frame["status"] == "OK") & frame["sensor"].isin(known_sensors) & frame["reading"].notna()
    frame = frame[good]
    hour = pd.to_datetime(frame["stamp"], format="%Y-%m-%dT%H:%M:%S").dt.hour
    frame = pd.DataFrame({"sensor": frame["sensor"], "hour": hour, "reading": frame["reading"], "unit": frame["unit"]})
    frame["celsius"] = _celsius_vectorised(frame)
    return frame


def _frame_from_pandas_reader(path: str, known_sensors: list[str]) -> pd.DataFrame:
    """The file parsed by pandas' C reader straight into columns: no copy of the text, no list of lines.
    The column names are given, so an empty file reads as a frame with those columns and no rows."""
    frame = pd.read_csv(path, **_READ_CSV_OPTIONS)
    return _good_rows_in_columns(frame, set(known_sensors))


# --- the techniques --------------------------------------------------------------------------


def pipeline_as_written(path: str, known_sensors: list[str]) -> str:
    """The first version: a list lookup and strptime for every line, a per-row apply, a filter
    per sensor and a report grown by concatenation."""
    records = _read_records(path, known_sensors, hour_of=_hour_strptime)
    frame = _records_to_frame(records)
    frame["celsius"] = _celsius_apply(frame)
    stats = _hourly_stats_filter_per_sensor(frame)
    return _report_by_concatenation(stats)


def pipeline_groupby(path: str, known_sensors: list[str]) -> str:
    """Fix 1, the top of every profile: one groupby over (sensor, hour) instead of a filter and a
    groupby per sensor."""
    records = _read_records(path, known_sensors, hour_of=_hour_strptime)
    frame = _records_to_frame(records)
    frame["celsius"] = _celsius_apply(frame)
    stats = _hourly_stats_groupby(frame)
    return _report_by_concatenation(stats)


def pipeline_vectorised_celsius(path: str, known_sensors: list[str]) -> str:
    """Fix 2: the unit conversion on whole columns (np.where) instead of a Python call per row
    (DataFrame.apply with axis=1)."""
    records = _read_records(path, known_sensors, hour_of=_hour_strptime)
    frame = _records_to_frame(records)
    frame["celsius"] = _celsius_vectorised(frame)
    stats = _hourly_stats_groupby(frame)
    return _report_by_concatenation(stats)


def pipeline_fromisoformat(path: str, known_sensors: list[str]) -> str:
    """Fix 3: datetime.fromisoformat, a parser for this one format written in C, instead of
    strptime, which interprets its format string in Python on every call."""
    records = _read_records(path, known_sensors, hour_of=_hour_fromisoformat)
    frame = _records_to_frame(records)
    frame["celsius"] = _celsius_vectorised(frame)
    stats = _hourly_stats_groupby(frame)
    return _report_by_concatenation(stats)


def pipeline_joined_report(path: str, known_sensors: list[str]) -> str:
    """Fix 4: the report's lines collected in a list and joined once, instead of copying the
    growing report for every line (quadratic in the report's length)."""
    records = _read_records(path, known_sensors, hour_of=_hour_fromisoformat)
    frame = _records_to_frame(records)
    frame["celsius"] = _celsius_vectorised(frame)
    stats = _hourly_stats_groupby(frame)
    return _report_joined(stats)


def pipeline_set_lookup(path: str, known_sensors: list[str]) -> str:
    """Fix 5: the known sensors in a set, built once: each lookup is one hash instead of a scan
    of the list."""
    records = _read_records(path, set(known_sensors), hour_of=_hour_fromisoformat)
    frame = _records_to_frame(records)
    frame["celsius"] = _celsius_vectorised(frame)
    stats = _hourly_stats_groupby(frame)
    return _report_joined(stats)


def pipeline_pandas_reader(path: str, known_sensors: list[str]) -> str:
    """Fix 6: pandas reads and parses the file in C, straight into columns: no copy of the text,
    no list of lines, no dict per line; every step works on whole columns."""
    frame = _frame_from_pandas_reader(path, known_sensors)
    stats = _hourly_stats_groupby(frame)
    return _report_joined(stats)
