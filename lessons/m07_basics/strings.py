"""Building a long string from many parts.

Every function takes a list of strings and returns them joined into one.
Strings are immutable: ``s + part`` makes a new string and copies both. CPython
hides this in one case only (see the second function).
"""

from __future__ import annotations


class _Report:
    """A text being written, kept as an attribute (as in a class that builds a report)."""

    def __init__(self) -> None:
        self.text = ""


def concat_plus_equals(parts: list[str]) -> str:
    """``text += part`` on a local variable: CPython sees that nothing else refers to
    the string and grows it in place, so this is fast here, by an implementation detail."""
    text = ""
    for part in parts:
        text += part
    return text


def concat_plus_equals_attribute(parts: list[str]) -> str:
    """The same ``+=`` on an attribute: the in-place trick no longer applies, every step
    copies the whole string so far, and the time grows as the square of the length."""
    report = _Report()
    for part in parts:
        report.text += part
    return report.text


def concat_join(parts: list[str]) -> str:
    """``"".join(parts)`` measures the parts, allocates once and copies each part once."""
    return "".join(parts)
