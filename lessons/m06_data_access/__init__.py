"""Module 6, the data access layer: read data fast, and read only what you need.

A table of weather readings converted once from CSV and Excel into Parquet, Feather
and HDF5 and read back by pandas, Arrow, polars and DuckDB; columns and rows
pushed down into the Parquet reader; a dataset of many files read in parallel;
files larger than memory read in chunks or memory-mapped; and what the page
cache does to a read, warm against cold.
"""
