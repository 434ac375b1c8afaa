"""Exercise of lesson 3: make this function faster, keeping its answer.

The function below is the slow baseline of a topic of the lesson, copied here for you
to edit; its docstring says what to try. Check and time your version with::

    pytest lessons/m03_data --exercises

which runs the topic's equivalence test on it (a wrong answer is shown with the smallest
input that gives it) and times it beside the baseline and the book's fastest version.
The book's answer is in solutions.py: try first.
"""

from __future__ import annotations


def sorted_search_exercise(values: list[float], queries: list[float]) -> list[int]:
    """For each query, the index of the first value not smaller than it, in ``values``
    sorted in ascending order (sorted_search.py).

    This scan walks the column from the start for every query: n/2 steps each. It never
    uses what we know about the data, that it is sorted. Use it: a binary search halves
    the range at each step (the standard library has one), about log2(n) steps a query.
    """
    found = []
    n = len(values)
    for q in queries:
        i = 0
        while i < n and values[i] < q:
            i += 1
        found.append(i)
    return found
