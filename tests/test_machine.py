"""The machine label, fingerprint and measured peaks."""

from __future__ import annotations

import pytest

from optbook import machine


@pytest.mark.parametrize("label", ["laptop", "snellius-gcn12", "node_3.cluster"])
def test_good_labels(label: str) -> None:
    assert machine.check_label(label) == label


@pytest.mark.parametrize("label", ["", "a/b", "../up", "-dash", "with space", "x" * 65])
def test_bad_labels(label: str) -> None:
    with pytest.raises(machine.LabelError, match="bad machine label"):
        machine.check_label(label)


def test_label_from_option_then_environment_then_host(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(machine.LABEL_ENV_VAR, "from-env")
    assert machine.machine_label("given") == "given"
    assert machine.machine_label() == "from-env"
    monkeypatch.delenv(machine.LABEL_ENV_VAR)
    monkeypatch.setattr(machine.socket, "gethostname", lambda: "node7.cluster.example.org")
    assert machine.machine_label() == "node7"


@pytest.mark.parametrize(("text", "expected"), [("32K", 32768), ("32768K", 32 * 1024**2), ("1M", 1024**2), ("64", 64)])
def test_cache_sizes(text: str, expected: int) -> None:
    assert machine.cache_bytes(text) == expected


def test_fingerprint_says_what_the_machine_is() -> None:
    info = machine.fingerprint("here")
    assert info["label"] == "here"
    assert info["logical_cores"] >= info["physical_cores"] >= 1
    assert info["memory_gib"] > 0 and info["cpu_model"]
    assert {"numpy", "numba", "pytest-benchmark"} <= set(info["versions"])
    assert isinstance(info["blas"], list) and isinstance(info["gpu"], list)


def test_peaks_are_measured() -> None:
    peaks = machine.measure_peaks(budget=0.3)
    assert peaks["gflops_float64"] > 0.1
    assert peaks["gflops_float32"] > 0.1
    assert peaks["memory_gbytes"] > 0.1
