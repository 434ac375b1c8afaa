"""Module 8, advanced code optimisation: NumPy, NumExpr, Numba and memoisation.

NumPy moves loops out of the interpreter (vectorising, broadcasting, working in
place, views instead of copies), and the lesson measures where it does not help:
tiny arrays, element-by-element access, growing arrays, object arrays and loops
whose steps depend on each other. NumExpr evaluates compound expressions in
cache-sized blocks on all cores; Numba compiles loops to machine code; and
memoisation remembers answers instead of computing them again.
"""
