"""Exercises a student solves in each lesson, checked and timed by the lesson's own tests.

``lessons/mNN_slug/exercises.py`` holds the exercises (plain functions a student edits,
named ``<topic>_exercise``), ``solutions.py`` beside it the answers. ``pytest
lessons/m07_basics --exercises`` adds each exercise to its topic as one more technique,
runs the topic's equivalence tests on it (a wrong answer is shown with the smallest
failing input hypothesis finds), times it beside the baseline and the book's fastest
technique, and prints a verdict per exercise; ``--exercises=solutions`` does the same
with the solutions (CI runs it, so that every exercise is known to be solvable).

- :mod:`optbook.exercises.catalog`: finding the exercises and adding them to their topics.
- :mod:`optbook.exercises.verdict`: right or wrong, and how fast.
- :mod:`optbook.exercises.plugin`: the pytest hooks (listed in the root conftest.py).
"""
