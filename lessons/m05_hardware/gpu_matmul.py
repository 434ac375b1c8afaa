"""CPU against GPU on a compute-bound kernel: the matrix product, with and without the copies.

Every function takes two n x n float64 matrices and returns their product. A GPU
has thousands of arithmetic units and memory several times faster than the
CPU's, but it sits across the PCIe bus: the inputs must be copied to it and the
result back. A product does 2n^3 operations on 3n^2 numbers, so for large n the
copies are soon paid back. GPU calls return before the work is done: the clock
may stop only after the device has been synchronised.
"""

from __future__ import annotations

import numpy as np
from threadpoolctl import ThreadpoolController

from lessons._gpu import gpu
from lessons.m05_hardware._cores import usable_cores

_THREADPOOLS = ThreadpoolController()  # looked up once: it takes milliseconds


def matmul_cpu_blas(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """The CPU: BLAS on every usable core (threadpoolctl sets its thread count)."""
    with _THREADPOOLS.limit(limits=usable_cores(), user_api="blas"):
        return a @ b


def matmul_gpu_with_copies(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """The GPU, counting the copies: A and B to the device, multiply, C back to the host."""
    device = gpu()
    c = device.to_host(device.to_device(a) @ device.to_device(b))
    device.synchronize()
    return c


def matmul_gpu_on_device(a, b):
    """The GPU with A and B already on it and C left there (copies left out): the device's own
    speed, synchronised before the clock stops."""
    c = a @ b
    gpu().synchronize()
    return c
