"""Module 1, motivation: how slow is plain Python, and what does that cost?

Four programs of the Computer Language Benchmarks Game (n-body, spectral-norm,
mandelbrot, fannkuch-redux), each in plain Python, NumPy where it fits, numba
and plain C, give this machine's Python/C time ratios beside the energy study's.
The user story then asks whether more cores are the answer: plain Python over
every core against compiled code on one, with the CPU-seconds each costs.
"""
