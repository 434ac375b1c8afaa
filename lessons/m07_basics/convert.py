"""Transforming every element: numbers read as text turned into integers.

Every function takes a list of strings of digits and returns the list of their
integer values.
"""

from __future__ import annotations


def parse_for_append(texts: list[str]) -> list[int]:
    """An empty list, a ``for`` loop and ``append``: a method lookup and call per element."""
    numbers = []
    for text in texts:
        numbers.append(int(text))
    return numbers


def parse_comprehension(texts: list[str]) -> list[int]:
    """A list comprehension: the same loop, with the append done by a dedicated bytecode."""
    return [int(text) for text in texts]


def parse_map(texts: list[str]) -> list[int]:
    """``map(int, texts)``: the loop runs in C and calls the built-in ``int`` directly."""
    return list(map(int, texts))
