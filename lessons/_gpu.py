"""The GPU array library of the lessons' GPU techniques (m05, m09): CuPy or PyTorch, whichever finds a device.

Plumbing, not a lesson: the techniques copy arrays to the device and back and wait for it, and
CuPy and PyTorch spell those differently. Nothing is imported until a GPU technique runs, so the
topic modules import on any machine; without a GPU, ``gpu()`` raises RuntimeError saying what to
install. It is not the harness: a student can copy a topic file with this one beside it.
"""

from __future__ import annotations

import functools
from typing import Any

import numpy as np

INSTALL = (
    "on a machine with an NVIDIA GPU and its driver, pip install cupy-cuda12x (CuPy) "
    "or PyTorch built for CUDA (pip install torch)"
)


class Backend:
    """Copies to and from the device, and waiting for it, in CuPy's or PyTorch's words."""

    def __init__(self, name: str, module: Any) -> None:
        self.name, self.module = name, module

    def to_device(self, array: np.ndarray) -> Any:
        if self.name == "cupy":
            return self.module.asarray(array)
        return self.module.from_numpy(np.ascontiguousarray(array)).cuda()

    def to_host(self, array: Any) -> np.ndarray:
        return array.get() if self.name == "cupy" else array.cpu().numpy()

    def synchronize(self) -> None:
        """Wait until the device has finished all work queued so far (GPU calls return at once)."""
        if self.name == "cupy":
            self.module.cuda.Device().synchronize()
        else:
            self.module.cuda.synchronize()


@functools.cache
def _find() -> Backend | str:
    try:
        import cupy

        if cupy.cuda.runtime.getDeviceCount() > 0:
            return Backend("cupy", cupy)
    except Exception:  # not installed, or installed without a driver or a device
        pass
    try:
        import torch
    except ImportError:
        return f"no GPU array library (CuPy or PyTorch) is installed: {INSTALL}"
    if torch.cuda.is_available():
        return Backend("torch", torch)
    return f"PyTorch is installed but sees no CUDA device (torch.cuda.is_available() is False): {INSTALL}"


def gpu() -> Backend:
    """The GPU backend; RuntimeError with what to install where there is none."""
    found = _find()
    if isinstance(found, str):
        raise RuntimeError(found)
    return found
