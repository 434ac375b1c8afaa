"""CPU against GPU on a memory-bound kernel: the triad b + 3 c, with and without the copies.

Every function takes two float64 arrays of the same length and returns b + 3 c.
The GPU's memory is several times faster than the CPU's, so on data already on
the device the triad runs faster there; but each element needs 16 bytes sent
over the PCIe bus and 8 brought back for only 2 operations, so with the copies
counted the GPU loses to the CPU. GPU calls return before the work is done: the
clock may stop only after the device has been synchronised.
"""

from __future__ import annotations

import numpy as np

from lessons._gpu import gpu


def triad_cpu_numpy(b: np.ndarray, c: np.ndarray) -> np.ndarray:
    """The CPU: NumPy, one core."""
    return b + 3.0 * c


def triad_gpu_with_copies(b: np.ndarray, c: np.ndarray) -> np.ndarray:
    """The GPU, counting the copies: b and c to the device, the triad, the result back."""
    device = gpu()
    out = device.to_host(device.to_device(b) + 3.0 * device.to_device(c))
    device.synchronize()
    return out


def triad_gpu_on_device(b, c):
    """The GPU with b and c already on it and the result left there (copies left out),
    synchronised before the clock stops."""
    out = b + 3.0 * c
    gpu().synchronize()
    return out
