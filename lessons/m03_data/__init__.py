"""Module 3, know your data: what the data are decides how fast the code can be.

The same operations on the same table with smaller dtypes (float32, the smallest
integer, categories and Arrow strings instead of Python objects), a sparse
layout where most values are zero, binary search where the data are sorted (and
after how many searches sorting unsorted data pays for itself), filtering and
selecting before the heavy step instead of after it, and an overview of file
formats: size, write and read time, and which types survive.
"""
