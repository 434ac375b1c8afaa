"""The GPU helper of the lessons: where there is no GPU it says what to install."""

from __future__ import annotations

import numpy as np
import pytest

from optbook import gpu


def test_without_a_gpu_the_reason_names_what_to_install() -> None:
    reason = gpu.missing_reason()
    if reason is None:
        pytest.skip("this machine has a usable GPU")
    assert "cupy" in reason.lower() and "torch" in reason.lower()
    with pytest.raises(RuntimeError, match="install"):
        gpu.gpu()


def test_host_arrays_pass_through() -> None:
    array = np.arange(3.0)
    assert gpu.as_numpy(array) is array
