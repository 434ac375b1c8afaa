"""Module 4, profiling: find the bottleneck before you fix it.

A day of sensor logs goes through a realistic pipeline with five planted
bottlenecks. cProfile, line_profiler, pyinstrument, tracemalloc and
memory_profiler are driven from Python, and tests check that each one points at
the planted hotspot. The pipeline is then fixed step by step in the order the
profiles rank the hotspots; the profilers' own overhead is measured on the same
workload, and a larger log shows how streaming the input lowers peak memory.
Two places a profile of the main program cannot see into come last: code
compiled with numba (one opaque entry) and work done in worker processes (only
the parent's waiting), each with the way to profile it.
"""
