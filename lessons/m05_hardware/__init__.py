"""Module 5, the hardware layer: processors, cores, clock, caches and GPUs, measured.

The machine fingerprint explained (physical and logical cores, clock, caches,
memory, BLAS threads, what a batch system grants); a CPU-bound task over 1..N
processes with its speedup and parallel efficiency; a compute-bound matrix
product against a memory-bound triad over threads; a sweep of the working set
through the caches into main memory; a dependent chain of operations that
measures the effective clock; CPU against GPU with and without transfers; and a
small monitor of how many cores the work really kept busy.
"""
