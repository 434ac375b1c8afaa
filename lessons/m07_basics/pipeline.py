"""A processing pipeline over a file: read lines, split them, keep some, add them up.

Every function takes the path of a text file of lines ``flag,value`` and returns
the sum of the values on the lines whose flag is 1. The list version holds every
stage in memory at once; the generator versions hold one line at a time.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path


def total_with_lists(path: Path) -> float:
    """Each stage builds a complete list before the next one starts: memory grows with the file."""
    with open(path) as file:
        lines = file.readlines()
    rows = [line.rstrip("\n").split(",") for line in lines]
    values = [float(value) for flag, value in rows if flag == "1"]
    return sum(values)


def total_with_generator_expressions(path: Path) -> float:
    """The same stages as generator expressions: each line flows through the whole pipeline
    before the next one is read, so only one line is in memory at a time."""
    with open(path) as file:
        rows = (line.rstrip("\n").split(",") for line in file)
        values = (float(value) for flag, value in rows if flag == "1")
        return sum(values)


def _split(lines: Iterable[str]) -> Iterator[list[str]]:
    for line in lines:
        yield line.rstrip("\n").split(",")


def _flagged_values(rows: Iterable[list[str]]) -> Iterator[float]:
    for flag, value in rows:
        if flag == "1":
            yield float(value)


def total_with_generator_functions(path: Path) -> float:
    """The stages as generator functions (``yield``): named, reusable steps, still one line at a time."""
    with open(path) as file:
        return sum(_flagged_values(_split(file)))
