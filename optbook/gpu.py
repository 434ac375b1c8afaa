"""The few GPU operations the lessons need (m05, m09), from CuPy or PyTorch, whichever works here.

``gpu()`` returns a backend, or raises RuntimeError saying what to install;
``missing_reason()`` gives that reason without raising (None when a GPU is usable).
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


def missing_reason() -> str | None:
    """Why the GPU techniques cannot run here, or None when they can."""
    found = _find()
    return found if isinstance(found, str) else None


def skip_without_gpu(technique: str) -> None:
    """In a test: skip a GPU technique (its name contains "gpu"), saying what to install, where no GPU is usable."""
    import pytest

    reason = missing_reason()
    if "gpu" in technique and reason:
        pytest.skip(reason)


def on_device(*arrays: np.ndarray) -> tuple[Any, ...]:
    """Copies of the arrays on the GPU, the copies finished (for techniques timed without them)."""
    device = gpu()
    copies = tuple(device.to_device(array) for array in arrays)
    device.synchronize()
    return copies


def as_numpy(result: Any) -> np.ndarray:
    """A result from the host or the device as a NumPy array."""
    if isinstance(result, np.ndarray):
        return result
    return gpu().to_host(result)
