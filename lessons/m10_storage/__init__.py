"""Module 10, the data storage layer: compress, chunk and write arrays so they are small and quick to read.

The standard library's zlib and lzma against Blosc2's codecs and filters (shuffle,
bitshuffle, bytedelta, and a lossy precision truncation with a bounded error) on
arrays of different character; Zarr chunk shapes against access patterns; an
array written block by block in bounded memory; NumPy, HDF5, Zarr and Blosc2
files side by side; and arithmetic on compressed Blosc2 arrays.
"""
