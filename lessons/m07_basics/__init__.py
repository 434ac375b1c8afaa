"""Module 7, basic code optimisation: the quick wins of plain Python.

Choosing the data structure that fits the question (a set, a dict, a deque, a
Counter, str.join), evaluating lazily with generators and itertools, writing
loops that let the interpreter's built-ins do the work, and telling apart work
that threads can share (waiting on I/O) from work that needs processes (pure
Python computing under the GIL), up to a Dask cluster that runs the same code
on many machines.
"""
