"""Exercise of lesson 2: make this function faster, keeping its answer.

The function below is the slow baseline of a topic of the lesson, copied here for you
to edit; its docstring says what to try. Check and time your version with::

    pytest lessons/m02_layers --exercises

which runs the topic's equivalence test on it (a wrong answer is shown with the smallest
input that gives it) and times it beside the baseline and the book's fastest version.
The book's answer is in solutions.py: try first.
"""

from __future__ import annotations


def duplicates_exercise(values: list[int]) -> set[int]:
    """The set of values that occur more than once in ``values`` (duplicates.py).

    Comparing every value with every later one takes n(n-1)/2 steps: the algorithm layer
    is the problem, and no faster hardware fixes an n^2. Change the algorithm: one pass
    over the values that remembers what it has seen, in a structure where "have I seen
    v?" costs one step.
    """
    found = set()
    n = len(values)
    for i in range(n):
        v = values[i]
        for j in range(i + 1, n):
            if values[j] == v:
                found.add(v)
                break
    return found
