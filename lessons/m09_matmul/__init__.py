"""Module 9, matrix multiplication: the same product C = A @ B written thirteen ways.

From the pure-Python triple loop through loop order, NumPy, numba (naive,
cache-friendly, parallel, blocked, packed as BLAS is) to BLAS on one core and
on all cores, and a GPU where there is one. The lesson shows that the order of
memory accesses matters as much as compiling, that BLAS is hard to beat, and how
far each step is from this machine's measured peak. The topic libraries.py puts
other libraries' products beside NumPy's (BLIS, BLAS's dgemm called by name);
shapes.py shows what BLAS does with other shapes and memory layouts.
"""
