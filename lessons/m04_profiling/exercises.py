"""Exercise of lesson 4: profile this pipeline, then make it faster, keeping its answer.

The function below is the slow baseline of a topic of the lesson, copied here for you
to edit; its docstring says what to try. Check and time your version with::

    pytest lessons/m04_profiling --exercises

which runs the topic's equivalence test on it (a wrong answer is shown with the smallest
input that gives it) and times it beside the baseline and the book's fastest version.
The book's answer is in solutions.py: try first.
"""

from __future__ import annotations

from lessons.m04_profiling.pipeline import (
    _celsius_apply,
    _hour_strptime,
    _hourly_stats_filter_per_sensor,
    _read_records,
    _records_to_frame,
    _report_by_concatenation,
)


def pipeline_exercise(path: str, known_sensors: list[str]) -> str:
    """The hourly report of a sensor log: for every known sensor and hour, the count, mean,
    minimum and maximum of the good readings in degrees Celsius (pipeline.py).

    Do not guess: profile it first, e.g. ``python -m cProfile -s cumtime`` or pyinstrument
    on a call of this function, and fix the step at the top of the profile; then profile
    again. Each step is a helper of pipeline.py that you can replace with your own code
    (or with one of the fixed helpers there, once you know why it is faster).
    """
    records = _read_records(path, known_sensors, hour_of=_hour_strptime)
    frame = _records_to_frame(records)
    frame["celsius"] = _celsius_apply(frame)
    stats = _hourly_stats_filter_per_sensor(frame)
    return _report_by_concatenation(stats)
